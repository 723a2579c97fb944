"""Checked names: name-like words in a report that someone confirmed are not a person's real name.

Revision ID: 0027_checked_names
Revises: 0026_readiness_override_detail
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0027_checked_names"
down_revision = "0026_readiness_override_detail"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "checked_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("folded", sa.String(200), nullable=False),
        sa.Column("words", sa.String(200), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name="fk_checked_names_review_id_reviews"),
        sa.ForeignKeyConstraint(["checked_by_id"], ["users.id"], name="fk_checked_names_checked_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_checked_names"),
        sa.UniqueConstraint("review_id", "folded", name=op.f("uq_checked_names_review_id_folded")),
    )
    op.create_index("ix_checked_names_review_id", "checked_names", ["review_id"])


def downgrade():
    op.drop_index("ix_checked_names_review_id", table_name="checked_names")
    op.drop_table("checked_names")
