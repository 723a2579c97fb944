"""Users: a system-admin flag for people who support every partnership.

Revision ID: 0004_system_admin
Revises: 0003_mail_outbox
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_system_admin"
down_revision = "0003_mail_outbox"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("system_admin", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("users") as batch:
        batch.drop_column("system_admin")
