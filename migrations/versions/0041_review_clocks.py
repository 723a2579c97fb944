"""Every review's clocks stored as data, so lists read them with indexed SQL (dhr/clocks/stored.py).

The table starts empty: `flask dhr rebuild-clocks` fills it (`make run` does), and so does the daily run.

Revision ID: 0041_review_clocks
Revises: 0040_memberships
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0041_review_clocks"
down_revision = "0040_memberships"
branch_labels = None
depends_on = None

STATES = ("not_started", "running", "paused", "overdue", "met_on_time", "met_late")
EVENTS = (
    "notified",
    "decided",
    "home_office_told_of_decision",
    "signed_off",
    "submitted",
    "commissioner_copy_sent",
    "secretary_of_state_copy_sent",
    "qa_letter_received",
    "approved",
    "published",
)


def upgrade():
    op.create_table(
        "review_clocks",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(*STATES, name="review_clock_state", native_enum=False, create_constraint=True, length=12),
            nullable=False,
        ),
        sa.Column(
            "met_by",
            sa.Enum(*EVENTS, name="review_clock_met_by", native_enum=False, create_constraint=True, length=40),
            nullable=False,
        ),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("due_day", sa.Integer(), nullable=True),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.Column("met_on", sa.Date(), nullable=True),
        sa.Column("extended_by", sa.Integer(), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("frozen", sa.Boolean(), nullable=False),
        sa.Column("computed_on", sa.Date(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"], ["partnerships.id"], name=op.f("fk_review_clocks_partnership_id_partnerships")
        ),
        sa.ForeignKeyConstraint(
            ["review_id"], ["reviews.id"], name=op.f("fk_review_clocks_review_id_reviews"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_clocks")),
        sa.UniqueConstraint("review_id", "key", name=op.f("uq_review_clocks_review_id_key")),
    )
    op.create_index(
        "ix_review_clocks_open_due",
        "review_clocks",
        ["partnership_id", "due_day"],
        postgresql_where=sa.text("is_open"),
        sqlite_where=sa.text("is_open"),
    )


def downgrade():
    op.drop_index("ix_review_clocks_open_due", table_name="review_clocks")
    op.drop_table("review_clocks")
