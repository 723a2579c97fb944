"""Recommendations (scope, target, themes, the findings they answer) and their actions (owner, status history,
progress updates, evidence files and reminders).

Revision ID: 0024_recommendations_and_actions
Revises: 0023_assurance_records
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0024_recommendations_and_actions"
down_revision = "0023_assurance_records"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "themes",
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"], ["partnerships.id"], name=op.f("fk_themes_partnership_id_partnerships")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_themes")),
        sa.UniqueConstraint("partnership_id", "slug", name=op.f("uq_themes_partnership_id_slug")),
    )
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_themes_partnership_id"), ["partnership_id"], unique=False)

    op.create_table(
        "recommendations",
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "scope",
            sa.Enum(
                "local",
                "regional",
                "national",
                name="recommendation_scope",
                native_enum=False,
                create_constraint=True,
                length=12,
            ),
            nullable=False,
        ),
        sa.Column("multi_agency", sa.Boolean(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column(
            "department",
            sa.Enum(
                "home_office",
                "dhsc",
                "moj",
                "dfe",
                "dwp",
                "mhclg",
                "other",
                name="department",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column("department_other", sa.String(length=200), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_recommendations_agency_id_agencies")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_recommendations_created_by_id_users")),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name=op.f("fk_recommendations_review_id_reviews")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendations")),
        sa.UniqueConstraint("review_id", "number", name=op.f("uq_recommendations_review_id_number")),
    )
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recommendations_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_recommendations_review_id"), ["review_id"], unique=False)

    op.create_table(
        "plan_actions",
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("lead_agency_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("owner_name", sa.String(length=200), nullable=False),
        sa.Column("milestones", sa.Text(), nullable=False),
        sa.Column("target_on", sa.Date(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "not_started",
                "on_track",
                "at_risk",
                "overdue",
                "completion_requested",
                "completed",
                "superseded",
                name="action_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["approved_by_id"], ["users.id"], name=op.f("fk_plan_actions_approved_by_id_users")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_plan_actions_created_by_id_users")),
        sa.ForeignKeyConstraint(
            ["lead_agency_id"], ["agencies.id"], name=op.f("fk_plan_actions_lead_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_plan_actions_owner_id_users")),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendations.id"],
            name=op.f("fk_plan_actions_recommendation_id_recommendations"),
        ),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name=op.f("fk_plan_actions_review_id_reviews")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_actions")),
    )
    with op.batch_alter_table("plan_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_actions_lead_agency_id"), ["lead_agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_actions_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_actions_recommendation_id"), ["recommendation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_actions_review_id"), ["review_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_actions_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_actions_target_on"), ["target_on"], unique=False)

    op.create_table(
        "recommendation_themes",
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendations.id"],
            name=op.f("fk_recommendation_themes_recommendation_id_recommendations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"], ["themes.id"], name=op.f("fk_recommendation_themes_theme_id_themes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("recommendation_id", "theme_id", name=op.f("pk_recommendation_themes")),
    )
    with op.batch_alter_table("recommendation_themes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recommendation_themes_theme_id"), ["theme_id"], unique=False)

    op.create_table(
        "action_evidence",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["plan_actions.id"],
            name=op.f("fk_action_evidence_action_id_plan_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["file_id"], ["stored_files.id"], name=op.f("fk_action_evidence_file_id_stored_files")),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["users.id"], name=op.f("fk_action_evidence_uploaded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_evidence")),
    )
    with op.batch_alter_table("action_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_evidence_action_id"), ["action_id"], unique=False)

    op.create_table(
        "action_reminders",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "update_request",
                "overdue",
                "escalation",
                name="action_reminder_kind",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["plan_actions.id"],
            name=op.f("fk_action_reminders_action_id_plan_actions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_reminders")),
        sa.UniqueConstraint("action_id", "kind", "period", name=op.f("uq_action_reminders_action_id_kind_period")),
    )
    with op.batch_alter_table("action_reminders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_reminders_action_id"), ["action_id"], unique=False)

    op.create_table(
        "action_status_changes",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column(
            "from_status",
            sa.Enum(
                "not_started",
                "on_track",
                "at_risk",
                "overdue",
                "completion_requested",
                "completed",
                "superseded",
                name="action_from_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "not_started",
                "on_track",
                "at_risk",
                "overdue",
                "completion_requested",
                "completed",
                "superseded",
                name="action_to_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["plan_actions.id"],
            name=op.f("fk_action_status_changes_action_id_plan_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_action_status_changes_actor_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_status_changes")),
    )
    with op.batch_alter_table("action_status_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_status_changes_action_id"), ["action_id"], unique=False)

    op.create_table(
        "action_updates",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("written_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "not_started",
                "on_track",
                "at_risk",
                "overdue",
                "completion_requested",
                "completed",
                "superseded",
                name="action_update_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["plan_actions.id"],
            name=op.f("fk_action_updates_action_id_plan_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_action_updates_author_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_updates")),
    )
    with op.batch_alter_table("action_updates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_updates_action_id"), ["action_id"], unique=False)


def downgrade():
    with op.batch_alter_table("action_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_updates_action_id"))

    op.drop_table("action_updates")
    with op.batch_alter_table("action_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_status_changes_action_id"))

    op.drop_table("action_status_changes")
    with op.batch_alter_table("action_reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_reminders_action_id"))

    op.drop_table("action_reminders")
    with op.batch_alter_table("action_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_evidence_action_id"))

    op.drop_table("action_evidence")
    with op.batch_alter_table("recommendation_themes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_themes_theme_id"))

    op.drop_table("recommendation_themes")
    with op.batch_alter_table("plan_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_actions_target_on"))
        batch_op.drop_index(batch_op.f("ix_plan_actions_status"))
        batch_op.drop_index(batch_op.f("ix_plan_actions_review_id"))
        batch_op.drop_index(batch_op.f("ix_plan_actions_recommendation_id"))
        batch_op.drop_index(batch_op.f("ix_plan_actions_owner_id"))
        batch_op.drop_index(batch_op.f("ix_plan_actions_lead_agency_id"))

    op.drop_table("plan_actions")
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendations_review_id"))
        batch_op.drop_index(batch_op.f("ix_recommendations_agency_id"))

    op.drop_table("recommendations")
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_themes_partnership_id"))

    op.drop_table("themes")
