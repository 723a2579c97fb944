"""Every review's open stage tasks stored as data, so dashboards list them with indexed SQL (dhr/overview/stored.py).

The table starts empty: `flask dhr rebuild-clocks` fills it with the clocks (`make run` does), and so does the daily
run.

Revision ID: 0044_review_tasks
Revises: 0043_audit_log_action_index
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0044_review_tasks"
down_revision = "0043_audit_log_action_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "review_tasks",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("href", sa.String(length=300), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"], ["partnerships.id"], name=op.f("fk_review_tasks_partnership_id_partnerships")
        ),
        sa.ForeignKeyConstraint(
            ["review_id"], ["reviews.id"], name=op.f("fk_review_tasks_review_id_reviews"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_tasks")),
        sa.UniqueConstraint("review_id", "position", name=op.f("uq_review_tasks_review_id_position")),
    )
    op.create_index("ix_review_tasks_partnership_review", "review_tasks", ["partnership_id", "review_id", "position"])


def downgrade():
    op.drop_index("ix_review_tasks_partnership_review", table_name="review_tasks")
    op.drop_table("review_tasks")
