"""Notifications: each person told of an event, with its link and whether they have read it.

Revision ID: 0031_notifications
Revises: 0030_occurrence_status_checks
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0031_notifications"
down_revision = "0030_occurrence_status_checks"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users")),
        sa.ForeignKeyConstraint(
            ["partnership_id"], ["partnerships.id"], name=op.f("fk_notifications_partnership_id_partnerships")
        ),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name=op.f("fk_notifications_review_id_reviews")),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_notifications_agency_id_agencies")),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_notifications_actor_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(op.f("ix_notifications_partnership_id"), "notifications", ["partnership_id"])
    op.create_index(op.f("ix_notifications_review_id"), "notifications", ["review_id"])
    op.create_index("ix_notifications_user_id_created_at", "notifications", ["user_id", "created_at"])
    op.create_index("ix_notifications_user_id_read_at", "notifications", ["user_id", "read_at"])


def downgrade():
    op.drop_index("ix_notifications_user_id_read_at", table_name="notifications")
    op.drop_index("ix_notifications_user_id_created_at", table_name="notifications")
    op.drop_index(op.f("ix_notifications_review_id"), table_name="notifications")
    op.drop_index(op.f("ix_notifications_partnership_id"), table_name="notifications")
    op.drop_table("notifications")
