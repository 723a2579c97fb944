"""Reviews: the scope period set by the terms of reference (the chronology can be filtered to it).

Revision ID: 0014_scope_period
Revises: 0013_chronology_imports
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_scope_period"
down_revision = "0013_chronology_imports"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(sa.Column("scope_from", sa.Date(), nullable=True))
        batch.add_column(sa.Column("scope_to", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("scope_to")
        batch.drop_column("scope_from")
