"""Partnerships: which statutory guidance their clocks follow (2016 in force, or the 2024 draft).

Revision ID: 0005_guidance_version
Revises: 0004_system_admin
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_guidance_version"
down_revision = "0004_system_admin"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("partnerships") as batch:
        batch.add_column(
            sa.Column(
                "guidance",
                sa.Enum(
                    "sg2016", "draft2024", name="guidance_version", native_enum=False, create_constraint=True, length=12
                ),
                nullable=False,
                server_default="sg2016",
            )
        )


def downgrade():
    with op.batch_alter_table("partnerships") as batch:
        batch.drop_constraint(op.f("ck_partnerships_guidance_version"), type_="check")
        batch.drop_column("guidance")
