"""Duplicate decisions: the chair's verdict on each suggested pair of chronology entries.

Revision ID: 0015_duplicate_decisions
Revises: 0014_scope_period
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_duplicate_decisions"
down_revision = "0014_scope_period"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "duplicate_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("first_entry_id", sa.Integer(), nullable=False),
        sa.Column("second_entry_id", sa.Integer(), nullable=False),
        sa.Column("same_event", sa.Boolean(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("first_entry_id < second_entry_id", name="ck_duplicate_decisions_ordered_pair"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], name="fk_duplicate_decisions_decided_by_id_users"),
        sa.ForeignKeyConstraint(
            ["first_entry_id"],
            ["chronology_entries.id"],
            ondelete="CASCADE",
            name="fk_duplicate_decisions_first_entry_id_chronology_entries",
        ),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name="fk_duplicate_decisions_review_id_reviews"),
        sa.ForeignKeyConstraint(
            ["second_entry_id"],
            ["chronology_entries.id"],
            ondelete="CASCADE",
            name="fk_duplicate_decisions_second_entry_id_chronology_entries",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_duplicate_decisions"),
        sa.UniqueConstraint(
            "first_entry_id", "second_entry_id", name="uq_duplicate_decisions_first_entry_id_second_entry_id"
        ),
    )
    op.create_index("ix_duplicate_decisions_review_id", "duplicate_decisions", ["review_id"])


def downgrade():
    op.drop_index("ix_duplicate_decisions_review_id", table_name="duplicate_decisions")
    op.drop_table("duplicate_decisions")
