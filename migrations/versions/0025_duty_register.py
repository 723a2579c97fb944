"""The duty register: duties, occurrences with their status history, evidence and reminders; the strategy with its
delivery groups and objectives, linked to review recommendations and actions; partnerships say if they are two-tier.

Revision ID: 0025_duty_register
Revises: 0024_recommendations_and_actions
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0025_duty_register"
down_revision = "0024_recommendations_and_actions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "strategies",
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_year", sa.Integer(), nullable=False),
        sa.Column("ends_year", sa.Integer(), nullable=False),
        sa.Column("refreshed_on", sa.Date(), nullable=True),
        sa.Column("vision", sa.Text(), nullable=False),
        sa.Column("principles", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"], ["partnerships.id"], name=op.f("fk_strategies_partnership_id_partnerships")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strategies")),
    )
    with op.batch_alter_table("strategies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_strategies_partnership_id"), ["partnership_id"], unique=False)

    op.create_table(
        "delivery_groups",
        sa.Column("strategy_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("aim", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["strategy_id"], ["strategies.id"], name=op.f("fk_delivery_groups_strategy_id_strategies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_groups")),
    )
    with op.batch_alter_table("delivery_groups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delivery_groups_strategy_id"), ["strategy_id"], unique=False)

    op.create_table(
        "duties",
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("legal_url", sa.String(length=500), nullable=False),
        sa.Column(
            "applies_to",
            sa.Enum(
                "england_and_wales",
                "england",
                "wales",
                "two_tier",
                name="duty_applies_to",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "frequency",
            sa.Enum(
                "annual",
                "quarterly",
                "three_yearly",
                "event",
                "continuous",
                "on_request",
                name="duty_frequency",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("due_month", sa.Integer(), nullable=True),
        sa.Column("due_day", sa.Integer(), nullable=True),
        sa.Column("anchor_year", sa.Integer(), nullable=True),
        sa.Column("output", sa.String(length=300), nullable=False),
        sa.Column("owner_agency_id", sa.Integer(), nullable=True),
        sa.Column("owner_officer", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column(
            "live",
            sa.Enum(
                "none",
                "open_reviews",
                "commissioner_copies",
                "action_plans",
                name="live_duty",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_agency_id"], ["agencies.id"], name=op.f("fk_duties_owner_agency_id_agencies")),
        sa.ForeignKeyConstraint(
            ["partnership_id"], ["partnerships.id"], name=op.f("fk_duties_partnership_id_partnerships")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duties")),
        sa.UniqueConstraint("partnership_id", "code", name=op.f("uq_duties_partnership_id_code")),
    )
    with op.batch_alter_table("duties", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duties_partnership_id"), ["partnership_id"], unique=False)

    op.create_table(
        "duty_occurrences",
        sa.Column("duty_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "not_started",
                "in_progress",
                "met",
                "met_late",
                "overdue",
                "not_applicable",
                name="occurrence_status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("met_on", sa.Date(), nullable=True),
        sa.Column("met_by_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["duty_id"], ["duties.id"], name=op.f("fk_duty_occurrences_duty_id_duties")),
        sa.ForeignKeyConstraint(["met_by_id"], ["users.id"], name=op.f("fk_duty_occurrences_met_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_occurrences")),
        sa.UniqueConstraint("duty_id", "period_start", name=op.f("uq_duty_occurrences_duty_id_period_start")),
    )
    with op.batch_alter_table("duty_occurrences", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duty_occurrences_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_duty_occurrences_duty_id"), ["duty_id"], unique=False)

    op.create_table(
        "objectives",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["delivery_groups.id"], name=op.f("fk_objectives_group_id_delivery_groups")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objectives")),
        sa.UniqueConstraint("group_id", "number", name=op.f("uq_objectives_group_id_number")),
    )
    with op.batch_alter_table("objectives", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objectives_group_id"), ["group_id"], unique=False)

    op.create_table(
        "duty_evidence",
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["file_id"], ["stored_files.id"], name=op.f("fk_duty_evidence_file_id_stored_files")),
        sa.ForeignKeyConstraint(
            ["occurrence_id"],
            ["duty_occurrences.id"],
            name=op.f("fk_duty_evidence_occurrence_id_duty_occurrences"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["users.id"], name=op.f("fk_duty_evidence_uploaded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_evidence")),
    )
    with op.batch_alter_table("duty_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duty_evidence_occurrence_id"), ["occurrence_id"], unique=False)

    op.create_table(
        "duty_occurrence_changes",
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column(
            "from_status",
            sa.Enum(
                "not_started",
                "in_progress",
                "met",
                "met_late",
                "overdue",
                "not_applicable",
                name="occurrence_from_status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "not_started",
                "in_progress",
                "met",
                "met_late",
                "overdue",
                "not_applicable",
                name="occurrence_to_status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_duty_occurrence_changes_actor_id_users")),
        sa.ForeignKeyConstraint(
            ["occurrence_id"],
            ["duty_occurrences.id"],
            name=op.f("fk_duty_occurrence_changes_occurrence_id_duty_occurrences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_occurrence_changes")),
    )
    with op.batch_alter_table("duty_occurrence_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duty_occurrence_changes_occurrence_id"), ["occurrence_id"], unique=False)

    op.create_table(
        "duty_reminders",
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["occurrence_id"],
            ["duty_occurrences.id"],
            name=op.f("fk_duty_reminders_occurrence_id_duty_occurrences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_reminders")),
        sa.UniqueConstraint(
            "occurrence_id", "kind", "period", name=op.f("uq_duty_reminders_occurrence_id_kind_period")
        ),
    )
    with op.batch_alter_table("duty_reminders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duty_reminders_occurrence_id"), ["occurrence_id"], unique=False)

    op.create_table(
        "objective_recommendations",
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objectives.id"],
            name=op.f("fk_objective_recommendations_objective_id_objectives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendations.id"],
            name=op.f("fk_objective_recommendations_recommendation_id_recommendations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("objective_id", "recommendation_id", name=op.f("pk_objective_recommendations")),
    )
    with op.batch_alter_table("objective_recommendations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_objective_recommendations_recommendation_id"), ["recommendation_id"], unique=False
        )

    op.create_table(
        "objective_actions",
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["plan_actions.id"],
            name=op.f("fk_objective_actions_action_id_plan_actions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["objectives.id"],
            name=op.f("fk_objective_actions_objective_id_objectives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("objective_id", "action_id", name=op.f("pk_objective_actions")),
    )
    with op.batch_alter_table("objective_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objective_actions_action_id"), ["action_id"], unique=False)

    # A constant default lets SQLite add the column in place (an expression would rebuild the table, which its
    # foreign keys refuse once there is data).
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.add_column(sa.Column("two_tier", sa.Boolean(), nullable=False, server_default="0"))


def downgrade():
    with op.batch_alter_table("partnerships", schema=None) as batch_op:
        batch_op.drop_column("two_tier")

    with op.batch_alter_table("objective_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objective_actions_action_id"))

    op.drop_table("objective_actions")
    with op.batch_alter_table("objective_recommendations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objective_recommendations_recommendation_id"))

    op.drop_table("objective_recommendations")
    with op.batch_alter_table("duty_reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duty_reminders_occurrence_id"))

    op.drop_table("duty_reminders")
    with op.batch_alter_table("duty_occurrence_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duty_occurrence_changes_occurrence_id"))

    op.drop_table("duty_occurrence_changes")
    with op.batch_alter_table("duty_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duty_evidence_occurrence_id"))

    op.drop_table("duty_evidence")
    with op.batch_alter_table("objectives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objectives_group_id"))

    op.drop_table("objectives")
    with op.batch_alter_table("duty_occurrences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duty_occurrences_duty_id"))
        batch_op.drop_index(batch_op.f("ix_duty_occurrences_due_on"))

    op.drop_table("duty_occurrences")
    with op.batch_alter_table("duties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duties_partnership_id"))

    op.drop_table("duties")
    with op.batch_alter_table("delivery_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_groups_strategy_id"))

    op.drop_table("delivery_groups")
    with op.batch_alter_table("strategies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_strategies_partnership_id"))

    op.drop_table("strategies")
