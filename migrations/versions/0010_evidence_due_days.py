"""Partnerships: how many days agencies get for chronologies and IMRs by default (six weeks).

Revision ID: 0010_evidence_due_days
Revises: 0009_agency_evidence
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_evidence_due_days"
down_revision = "0009_agency_evidence"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("partnerships") as batch:
        batch.add_column(sa.Column("evidence_due_days", sa.Integer(), nullable=False, server_default="42"))


def downgrade():
    with op.batch_alter_table("partnerships") as batch:
        batch.drop_column("evidence_due_days")
