"""Equality and diversity as judgements, not keywords: for each protected characteristic, whether the panel judged
it relevant, with the analysis (a paragraph) or the reason it is not.

Revision ID: 0048_equality_judgements
Revises: 0047_engagement_records
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0048_equality_judgements"
down_revision = "0047_engagement_records"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "equality_judgements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("characteristic", sa.String(length=40), nullable=False),
        sa.Column("relevant", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name=op.f("fk_equality_judgements_review_id_reviews")),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_equality_judgements_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_equality_judgements")),
        sa.UniqueConstraint(
            "review_id", "characteristic", name=op.f("uq_equality_judgements_review_id_characteristic")
        ),
    )
    op.create_index(op.f("ix_equality_judgements_review_id"), "equality_judgements", ["review_id"])


def downgrade():
    op.drop_index(op.f("ix_equality_judgements_review_id"), table_name="equality_judgements")
    op.drop_table("equality_judgements")
