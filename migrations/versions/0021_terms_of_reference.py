"""Terms of reference versions (lines of enquiry, agency scope) and parallel processes with their status history.

Reviews whose terms were already recorded as agreed get an agreed v1 holding that date and scope period, so the
review's fields stay derived from the latest agreed version.

Revision ID: 0021_terms_of_reference
Revises: 0020_panel_declarations
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_terms_of_reference"
down_revision = "0020_panel_declarations"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
PROCESS_STATUSES = ("not_started", "scheduled", "in_progress", "concluded", "not_applicable")
DRAFT_ONLY = sa.text("status = 'draft'")


def _enum(name: str, length: int, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=length)


def upgrade():
    op.create_table(
        "terms_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", _enum("terms_status", 8, "draft", "agreed"), nullable=False),
        sa.Column("scope_from", sa.Date(), nullable=True),
        sa.Column("scope_to", sa.Date(), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=True),
        sa.Column("agreed_by_id", sa.Integer(), nullable=True),
        sa.Column("agreed_at", TS, nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.CheckConstraint(
            "(status = 'agreed') = (agreed_on IS NOT NULL)", name=op.f("ck_terms_versions_agreed_fields")
        ),
        sa.CheckConstraint(
            "scope_from IS NULL OR scope_to IS NULL OR scope_to >= scope_from",
            name=op.f("ck_terms_versions_scope_order"),
        ),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name="fk_terms_versions_review_id_reviews"),
        sa.ForeignKeyConstraint(["agreed_by_id"], ["users.id"], name="fk_terms_versions_agreed_by_id_users"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name="fk_terms_versions_created_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_terms_versions"),
        sa.UniqueConstraint("review_id", "number", name="uq_terms_versions_review_id_number"),
    )
    op.create_index("ix_terms_versions_review_id", "terms_versions", ["review_id"])
    op.create_index(
        "uq_terms_versions_one_draft",
        "terms_versions",
        ["review_id"],
        unique=True,
        sqlite_where=DRAFT_ONLY,
        postgresql_where=DRAFT_ONLY,
    )
    op.create_table(
        "terms_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"], ["terms_versions.id"], ondelete="CASCADE", name="fk_terms_lines_version_id_terms_versions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_terms_lines"),
        sa.UniqueConstraint("version_id", "number", name="uq_terms_lines_version_id_number"),
    )
    op.create_index("ix_terms_lines_version_id", "terms_lines", ["version_id"])
    op.create_table(
        "terms_agencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("included", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.CheckConstraint("included OR reason <> ''", name=op.f("ck_terms_agencies_reason_when_excluded")),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["terms_versions.id"],
            ondelete="CASCADE",
            name="fk_terms_agencies_version_id_terms_versions",
        ),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name="fk_terms_agencies_agency_id_agencies"),
        sa.PrimaryKeyConstraint("id", name="pk_terms_agencies"),
        sa.UniqueConstraint("version_id", "agency_id", name="uq_terms_agencies_version_id_agency_id"),
    )
    op.create_index("ix_terms_agencies_version_id", "terms_agencies", ["version_id"])
    op.create_table(
        "parallel_processes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            _enum(
                "process_kind", 24, "criminal_trial", "inquest", "iopc", "sar", "cspr", "mental_health_review", "other"
            ),
            nullable=False,
        ),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("status", _enum("process_status", 16, *PROCESS_STATUSES), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("next_date", sa.Date(), nullable=True),
        sa.Column("concluded_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.CheckConstraint(
            "status <> 'concluded' OR concluded_on IS NOT NULL", name=op.f("ck_parallel_processes_concluded_date")
        ),
        sa.CheckConstraint(
            "started_on IS NULL OR concluded_on IS NULL OR concluded_on >= started_on",
            name=op.f("ck_parallel_processes_date_order"),
        ),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name="fk_parallel_processes_review_id_reviews"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name="fk_parallel_processes_created_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_parallel_processes"),
    )
    op.create_index("ix_parallel_processes_review_id", "parallel_processes", ["review_id"])
    op.create_table(
        "parallel_process_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_id", sa.Integer(), nullable=False),
        sa.Column("from_status", _enum("process_from", 16, *PROCESS_STATUSES), nullable=True),
        sa.Column("to_status", _enum("process_to", 16, *PROCESS_STATUSES), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["process_id"], ["parallel_processes.id"], name="fk_parallel_process_changes_process_id_parallel_processes"
        ),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name="fk_parallel_process_changes_actor_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_parallel_process_changes"),
    )
    op.create_index("ix_parallel_process_changes_process_id", "parallel_process_changes", ["process_id"])
    # Terms recorded before there were versions become an agreed v1 with the same date and scope.
    op.execute(
        "INSERT INTO terms_versions "
        "(review_id, number, status, scope_from, scope_to, purpose, agreed_on, created_at, updated_at) "
        "SELECT id, 1, 'agreed', scope_from, scope_to, '', terms_of_reference_agreed_on, "
        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM reviews WHERE terms_of_reference_agreed_on IS NOT NULL"
    )


def downgrade():
    # The review keeps its agreed date and scope period: they were copied there when each version was agreed.
    op.drop_index("ix_parallel_process_changes_process_id", table_name="parallel_process_changes")
    op.drop_table("parallel_process_changes")
    op.drop_index("ix_parallel_processes_review_id", table_name="parallel_processes")
    op.drop_table("parallel_processes")
    op.drop_index("ix_terms_agencies_version_id", table_name="terms_agencies")
    op.drop_table("terms_agencies")
    op.drop_index("ix_terms_lines_version_id", table_name="terms_lines")
    op.drop_table("terms_lines")
    op.drop_index("uq_terms_versions_one_draft", table_name="terms_versions")
    op.drop_index("ix_terms_versions_review_id", table_name="terms_versions")
    op.drop_table("terms_versions")
