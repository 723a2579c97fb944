"""The database states the duty occurrence rules workflow.transition() keeps: met (or met late) exactly when a
date met is recorded, and not applicable exactly when a reason is.

Revision ID: 0030_occurrence_status_checks
Revises: 0029_action_status_checks
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0030_occurrence_status_checks"
down_revision = "0029_action_status_checks"
branch_labels = None
depends_on = None

CHECKS = {
    "met_fields": "(status IN ('met', 'met_late')) = (met_on IS NOT NULL)",
    "not_applicable_reason": "(status = 'not_applicable') = (reason <> '')",
}


def upgrade():
    with op.batch_alter_table("duty_occurrences") as batch:
        for name, condition in CHECKS.items():
            batch.create_check_constraint(op.f(f"ck_duty_occurrences_{name}"), sa.text(condition))


def downgrade():
    with op.batch_alter_table("duty_occurrences") as batch:
        for name in CHECKS:
            batch.drop_constraint(op.f(f"ck_duty_occurrences_{name}"), type_="check")
