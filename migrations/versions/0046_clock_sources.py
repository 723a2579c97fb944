"""Clocks that cite their source: the partnership's own note on each clock rule, the day the Victims and Prisoners
Act 2024 s19 came into force (from which a report also goes to the Secretary of State), the Home Office told of a
delay as a clock event, and a clock that was missed.

Revision ID: 0046_clock_sources
Revises: 0045_list_indexes
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0046_clock_sources"
down_revision = "0045_list_indexes"
branch_labels = None
depends_on = None

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
NEW_EVENTS = (*EVENTS, "home_office_told_of_delay")
STATES = ("not_started", "running", "paused", "overdue", "met_on_time", "met_late")
NEW_STATES = (*STATES, "missed")
# (table, column, enum name, values before, values after)
CHECKS = (
    ("clock_rules", "trigger", "clock_rule_trigger", EVENTS, NEW_EVENTS),
    ("clock_rules", "met_by", "clock_rule_met_by", EVENTS, NEW_EVENTS),
    ("review_clocks", "met_by", "review_clock_met_by", EVENTS, NEW_EVENTS),
    ("review_clocks", "state", "review_clock_state", STATES, NEW_STATES),
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
    with op.batch_alter_table("partnerships") as batch:
        batch.add_column(sa.Column("s19_commenced_on", sa.Date(), nullable=True))
    with op.batch_alter_table("clock_rules") as batch:
        batch.add_column(sa.Column("local_note", sa.Text(), server_default="", nullable=False))
    _replace_checks(new=True)


def downgrade():
    op.execute("DELETE FROM review_clocks WHERE state = 'missed' OR met_by = 'home_office_told_of_delay'")
    op.execute(
        "DELETE FROM clock_rules WHERE trigger = 'home_office_told_of_delay' OR met_by = 'home_office_told_of_delay'"
    )
    _replace_checks(new=False)
    with op.batch_alter_table("clock_rules", recreate="never") as batch:
        batch.drop_column("local_note")
    # Other tables refer to partnerships: dropping the column in place, not by copying the table.
    with op.batch_alter_table("partnerships", recreate="never") as batch:
        batch.drop_column("s19_commenced_on")
