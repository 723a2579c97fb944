"""Agencies: the senior contact that overdue evidence requests escalate to.

Revision ID: 0011_agency_senior_contact
Revises: 0010_evidence_due_days
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_agency_senior_contact"
down_revision = "0010_evidence_due_days"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("agencies") as batch:
        batch.add_column(sa.Column("senior_contact_name", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("senior_contact_email", sa.String(254), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("agencies") as batch:
        batch.drop_column("senior_contact_email")
        batch.drop_column("senior_contact_name")
