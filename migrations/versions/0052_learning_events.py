"""How a review's learning was spread: learning events, 7-minute briefings, training and newsletters.

Revision ID: 0052_learning_events
Revises: 0051_review_paths
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0052_learning_events"
down_revision = "0051_review_paths"
branch_labels = None
depends_on = None

KINDS = ("learning_event", "seven_minute", "training", "newsletter", "other")


def upgrade():
    op.create_table(
        "learning_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="learning_kind", native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("audience", sa.String(length=300), nullable=False),
        sa.Column("reached", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name=op.f("fk_learning_events_review_id_reviews")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_learning_events_recorded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_events")),
    )
    op.create_index(op.f("ix_learning_events_review_id"), "learning_events", ["review_id"])


def downgrade():
    op.drop_index(op.f("ix_learning_events_review_id"), table_name="learning_events")
    op.drop_table("learning_events")
