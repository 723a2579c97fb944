"""Readiness overrides: a coordinator's recorded reason to submit although a QA readiness check fails.

Revision ID: 0018_readiness_overrides
Revises: 0017_drafting
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_readiness_overrides"
down_revision = "0017_drafting"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "readiness_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("check_key", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name="fk_readiness_overrides_review_id_reviews"),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name="fk_readiness_overrides_recorded_by_id_users"),
        sa.ForeignKeyConstraint(["withdrawn_by_id"], ["users.id"], name="fk_readiness_overrides_withdrawn_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_readiness_overrides"),
    )
    op.create_index("ix_readiness_overrides_review_id", "readiness_overrides", ["review_id"])


def downgrade():
    op.drop_index("ix_readiness_overrides_review_id", table_name="readiness_overrides")
    op.drop_table("readiness_overrides")
