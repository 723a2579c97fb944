"""Clock alerts: a clock due within a week, or overdue, is told once per review, clock, kind and due date.

Revision ID: 0032_clock_alerts
Revises: 0031_notifications
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0032_clock_alerts"
down_revision = "0031_notifications"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "clock_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("clock_key", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name=op.f("fk_clock_alerts_review_id_reviews")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clock_alerts")),
        sa.UniqueConstraint(
            "review_id", "clock_key", "kind", "due_on", name=op.f("uq_clock_alerts_review_id_clock_key_kind_due_on")
        ),
    )
    op.create_index(op.f("ix_clock_alerts_review_id"), "clock_alerts", ["review_id"])


def downgrade():
    op.drop_index(op.f("ix_clock_alerts_review_id"), table_name="clock_alerts")
    op.drop_table("clock_alerts")
