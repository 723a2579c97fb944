"""A review held jointly with a Safeguarding Adults Review or a Child Safeguarding Practice Review, or across
partnerships with one leading.

Revision ID: 0054_joint_reviews
Revises: 0053_case_facts
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0054_joint_reviews"
down_revision = "0053_case_facts"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(
            sa.Column(
                "joint_with",
                sa.Enum(
                    *("sar", "cspr", "sar_and_cspr"),
                    name="joint_with",
                    native_enum=False,
                    create_constraint=True,
                    length=14,
                ),
            )
        )
        batch.add_column(sa.Column("lead_partnership", sa.String(length=200), server_default="", nullable=False))
        batch.add_column(sa.Column("partner_partnerships", sa.Text(), server_default="", nullable=False))


def downgrade():
    with op.batch_alter_table("reviews") as batch:
        batch.drop_constraint(op.f("ck_reviews_joint_with"), type_="check")
        batch.drop_column("joint_with")
        batch.drop_column("lead_partnership")
        batch.drop_column("partner_partnerships")
