"""Panel meetings: each meeting of a review, its status history, agenda items, attendance and actions.

Revision ID: 0022_panel_meetings
Revises: 0021_terms_of_reference
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0022_panel_meetings"
down_revision = "0021_terms_of_reference"
branch_labels = None
depends_on = None

STATUSES = ("planned", "held", "cancelled")


def _status(name: str) -> sa.Enum:
    return sa.Enum(*STATUSES, name=name, native_enum=False, create_constraint=True, length=12)


def upgrade():
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "scoping",
                "first_panel",
                "panel",
                "family",
                "other",
                name="meeting_kind",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("meeting_on", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=True),
        sa.Column("location", sa.String(200), nullable=False),
        sa.Column("status", _status("meeting_status"), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name="fk_meetings_created_by_id_users"),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name="fk_meetings_review_id_reviews"),
        sa.PrimaryKeyConstraint("id", name="pk_meetings"),
    )
    op.create_index("ix_meetings_review_id", "meetings", ["review_id"])

    op.create_table(
        "meeting_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("from_status", _status("meeting_from_status"), nullable=False),
        sa.Column("to_status", _status("meeting_to_status"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name="fk_meeting_status_changes_actor_id_users"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], name="fk_meeting_status_changes_meeting_id_meetings"),
        sa.PrimaryKeyConstraint("id", name="pk_meeting_status_changes"),
    )
    op.create_index("ix_meeting_status_changes_meeting_id", "meeting_status_changes", ["meeting_id"])

    op.create_table(
        "meeting_agenda_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("presenter", sa.String(200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("decisions", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], name="fk_meeting_agenda_items_meeting_id_meetings"),
        sa.PrimaryKeyConstraint("id", name="pk_meeting_agenda_items"),
    )
    op.create_index("ix_meeting_agenda_items_meeting_id", "meeting_agenda_items", ["meeting_id"])

    op.create_table(
        "meeting_attendees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "chair",
                "coordinator",
                "author",
                "panel_member",
                "observer",
                "guest",
                name="attendee_role",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "present",
                "apologies",
                "absent",
                name="attendance_status",
                native_enum=False,
                create_constraint=True,
                length=12,
            ),
            nullable=False,
        ),
        sa.CheckConstraint("(role = 'guest') = (user_id IS NULL)", name="ck_meeting_attendees_guest_or_member"),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name="fk_meeting_attendees_agency_id_agencies"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], name="fk_meeting_attendees_meeting_id_meetings"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_meeting_attendees_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_meeting_attendees"),
        sa.UniqueConstraint("meeting_id", "user_id", name="uq_meeting_attendees_meeting_id_user_id"),
    )
    op.create_index("ix_meeting_attendees_meeting_id", "meeting_attendees", ["meeting_id"])

    op.create_table(
        "meeting_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("owner_name", sa.String(200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("owner_id IS NOT NULL OR owner_name <> ''", name="ck_meeting_actions_has_owner"),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["meeting_agenda_items.id"],
            ondelete="SET NULL",
            name="fk_meeting_actions_agenda_item_id_meeting_agenda_items",
        ),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name="fk_meeting_actions_created_by_id_users"),
        sa.ForeignKeyConstraint(["done_by_id"], ["users.id"], name="fk_meeting_actions_done_by_id_users"),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], name="fk_meeting_actions_meeting_id_meetings"),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name="fk_meeting_actions_owner_id_users"),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name="fk_meeting_actions_review_id_reviews"),
        sa.PrimaryKeyConstraint("id", name="pk_meeting_actions"),
    )
    op.create_index("ix_meeting_actions_meeting_id", "meeting_actions", ["meeting_id"])
    op.create_index("ix_meeting_actions_review_id", "meeting_actions", ["review_id"])


def downgrade():
    op.drop_index("ix_meeting_actions_review_id", table_name="meeting_actions")
    op.drop_index("ix_meeting_actions_meeting_id", table_name="meeting_actions")
    op.drop_table("meeting_actions")
    op.drop_index("ix_meeting_attendees_meeting_id", table_name="meeting_attendees")
    op.drop_table("meeting_attendees")
    op.drop_index("ix_meeting_agenda_items_meeting_id", table_name="meeting_agenda_items")
    op.drop_table("meeting_agenda_items")
    op.drop_index("ix_meeting_status_changes_meeting_id", table_name="meeting_status_changes")
    op.drop_table("meeting_status_changes")
    op.drop_index("ix_meetings_review_id", table_name="meetings")
    op.drop_table("meetings")
