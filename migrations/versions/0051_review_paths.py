"""The real paths a review takes: a review the Secretary of State directed (DVCVA 2004 s9(2)) as a decision,
publication deferred or withheld (with its clock event), and Offensive Weapons Homicide Reviews and MAPPA serious
case reviews as parallel processes.

Revision ID: 0051_review_paths
Revises: 0050_document_records
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0051_review_paths"
down_revision = "0050_document_records"
branch_labels = None
depends_on = None

DECISIONS = ("commission", "not_commission")
PROCESSES = ("criminal_trial", "inquest", "iopc", "sar", "cspr", "mental_health_review", "other")
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
    "home_office_told_of_delay",
)
# (table, column, enum name, values before, values after)
CHECKS = (
    ("reviews", "decision", "decision", DECISIONS, (*DECISIONS, "directed")),
    ("parallel_processes", "kind", "process_kind", PROCESSES, (*PROCESSES, "owhr", "mappa_scr")),
    ("clock_rules", "trigger", "clock_rule_trigger", EVENTS, (*EVENTS, "publication_withheld")),
    ("clock_rules", "met_by", "clock_rule_met_by", EVENTS, (*EVENTS, "publication_withheld")),
    ("review_clocks", "met_by", "review_clock_met_by", EVENTS, (*EVENTS, "publication_withheld")),
)


def _replace_checks(new: bool) -> None:
    for table, column, name, before, after in CHECKS:
        values = after if new else before
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
            batch.create_check_constraint(
                op.f(f"ck_{table}_{name}"), sa.text(f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")")
            )


def upgrade():
    _replace_checks(new=True)
    op.create_table(
        "publication_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                *("deferred", "withheld"),
                name="publication_hold_kind",
                native_enum=False,
                create_constraint=True,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("home_office_agreed_on", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind <> 'deferred' OR review_on IS NOT NULL", name=op.f("ck_publication_holds_deferred_review_date")
        ),
        sa.CheckConstraint(
            "kind <> 'withheld' OR home_office_agreed_on IS NOT NULL",
            name=op.f("ck_publication_holds_withheld_agreement"),
        ),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name=op.f("fk_publication_holds_review_id_reviews")),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_publication_holds_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_holds")),
        sa.UniqueConstraint("review_id", name=op.f("uq_publication_holds_review_id")),
    )


def downgrade():
    op.drop_table("publication_holds")
    op.execute("UPDATE reviews SET decision = 'commission' WHERE decision = 'directed'")
    op.execute("UPDATE parallel_processes SET kind = 'other' WHERE kind IN ('owhr', 'mappa_scr')")
    op.execute("DELETE FROM review_clocks WHERE met_by = 'publication_withheld'")
    op.execute("DELETE FROM clock_rules WHERE trigger = 'publication_withheld' OR met_by = 'publication_withheld'")
    _replace_checks(new=False)
