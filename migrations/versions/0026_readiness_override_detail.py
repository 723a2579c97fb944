"""Readiness overrides remember what the check found when they were recorded, so they lapse when the finding changes.

Revision ID: 0026_readiness_override_detail
Revises: 0025_duty_register
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0026_readiness_override_detail"
down_revision = "0025_duty_register"
branch_labels = None
depends_on = None


def upgrade():
    # For a while 0018 itself created this column, so databases made then already have it.
    columns = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("readiness_overrides")}
    if "detail" in columns:
        return
    # A constant default lets SQLite add the column in place. Overrides recorded before it carry no finding, so they
    # lapse and the coordinator confirms them once more against what the check finds now.
    with op.batch_alter_table("readiness_overrides") as batch:
        batch.add_column(sa.Column("detail", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("readiness_overrides") as batch:
        batch.drop_column("detail")
