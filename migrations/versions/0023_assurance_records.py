"""Sign-off and QA records: CSP sign-offs, Home Office submissions, report copies, QA letters, points and publication.

Revision ID: 0023_assurance_records
Revises: 0022_panel_meetings
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0023_assurance_records"
down_revision = "0022_panel_meetings"
branch_labels = None
depends_on = None

METHODS = ("secure_email", "secure_portal", "email", "post")
POINT_STATUSES = ("open", "in_progress", "addressed", "not_accepted")


def _enum(values, name: str, length: int) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=length)


def _recorded(table: str) -> list:
    """recorded_at and recorded_by_id, with the foreign key to users."""
    return [
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=f"fk_{table}_recorded_by_id_users"),
    ]


def _review_key(table: str) -> list:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name=f"fk_{table}_review_id_reviews"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
    ]


def upgrade():
    op.create_table(
        "csp_sign_offs",
        *_review_key("csp_sign_offs"),
        sa.Column("signed_off_on", sa.Date(), nullable=False),
        sa.Column("signed_off_by", sa.String(200), nullable=False),
        sa.Column("body", sa.String(200), nullable=False),
        sa.Column("minute_reference", sa.String(100), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("voided_on", sa.Date(), nullable=True),
        sa.Column("void_reason", sa.String(200), nullable=False),
        *_recorded("csp_sign_offs"),
    )
    op.create_index("ix_csp_sign_offs_review_id", "csp_sign_offs", ["review_id"])

    op.create_table(
        "home_office_submissions",
        *_review_key("home_office_submissions"),
        sa.Column("kind", _enum(("first", "resubmission"), "submission_kind", 16), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("method", _enum(METHODS, "submission_method", 16), nullable=False),
        sa.Column("versions_sent", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        *_recorded("home_office_submissions"),
    )
    op.create_index("ix_home_office_submissions_review_id", "home_office_submissions", ["review_id"])

    op.create_table(
        "report_copies",
        *_review_key("report_copies"),
        sa.Column("recipient", _enum(("commissioner", "secretary_of_state"), "copy_recipient", 20), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("method", _enum(METHODS, "copy_method", 16), nullable=False),
        sa.Column("what_sent", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        *_recorded("report_copies"),
    )
    op.create_index("ix_report_copies_review_id", "report_copies", ["review_id"])

    op.create_table(
        "qa_letters",
        *_review_key("qa_letters"),
        sa.Column("panel_on", sa.Date(), nullable=False),
        sa.Column("letter_dated_on", sa.Date(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column(
            "outcome",
            _enum(("approved", "approved_subject_to_changes", "resubmission_required"), "qa_outcome", 32),
            nullable=False,
        ),
        sa.Column("positives", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("panel_on <= letter_dated_on", name="ck_qa_letters_panel_before_letter"),
        sa.CheckConstraint("letter_dated_on <= received_on", name="ck_qa_letters_letter_before_received"),
        *_recorded("qa_letters"),
    )
    op.create_index("ix_qa_letters_review_id", "qa_letters", ["review_id"])

    op.create_table(
        "qa_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("paragraphs_changed", sa.String(200), nullable=False),
        sa.Column("status", _enum(POINT_STATUSES, "qa_point_status", 16), nullable=False),
        sa.Column("not_accepted_reason", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("number > 0", name="ck_qa_points_positive_number"),
        sa.CheckConstraint(
            "status <> 'not_accepted' OR not_accepted_reason <> ''", name="ck_qa_points_reason_when_not_accepted"
        ),
        sa.ForeignKeyConstraint(["letter_id"], ["qa_letters.id"], name="fk_qa_points_letter_id_qa_letters"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name="fk_qa_points_updated_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_qa_points"),
        sa.UniqueConstraint("letter_id", "number", name="uq_qa_points_letter_id_number"),
    )
    op.create_index("ix_qa_points_letter_id", "qa_points", ["letter_id"])

    op.create_table(
        "qa_point_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("point_id", sa.Integer(), nullable=False),
        sa.Column("from_status", _enum(POINT_STATUSES, "qa_point_from", 16), nullable=False),
        sa.Column("to_status", _enum(POINT_STATUSES, "qa_point_to", 16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name="fk_qa_point_changes_actor_id_users"),
        sa.ForeignKeyConstraint(["point_id"], ["qa_points.id"], name="fk_qa_point_changes_point_id_qa_points"),
        sa.PrimaryKeyConstraint("id", name="pk_qa_point_changes"),
    )
    op.create_index("ix_qa_point_changes_point_id", "qa_point_changes", ["point_id"])

    op.create_table(
        "publications",
        *_review_key("publications"),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("web_address", sa.String(500), nullable=False),
        sa.Column("family_told_on", sa.Date(), nullable=True),
        sa.Column("library_entry", sa.String(500), nullable=False),
        sa.Column("executive_summary_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("review_id", name="uq_publications_review_id"),
        *_recorded("publications"),
    )


def downgrade():
    op.drop_table("publications")
    op.drop_index("ix_qa_point_changes_point_id", table_name="qa_point_changes")
    op.drop_table("qa_point_changes")
    op.drop_index("ix_qa_points_letter_id", table_name="qa_points")
    op.drop_table("qa_points")
    op.drop_index("ix_qa_letters_review_id", table_name="qa_letters")
    op.drop_table("qa_letters")
    op.drop_index("ix_report_copies_review_id", table_name="report_copies")
    op.drop_table("report_copies")
    op.drop_index("ix_home_office_submissions_review_id", table_name="home_office_submissions")
    op.drop_table("home_office_submissions")
    op.drop_index("ix_csp_sign_offs_review_id", table_name="csp_sign_offs")
    op.drop_table("csp_sign_offs")
