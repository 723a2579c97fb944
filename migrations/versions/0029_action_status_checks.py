"""The database states the action rules workflow.transition() keeps: a completed action has its approval time
and completion date, and no other action has an approval time.

Revision ID: 0029_action_status_checks
Revises: 0028_name_replacements
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0029_action_status_checks"
down_revision = "0028_name_replacements"
branch_labels = None
depends_on = None

CHECKS = {
    "approval_fields": "(status = 'completed') = (approved_at IS NOT NULL)",
    "completed_on_when_completed": "status <> 'completed' OR completed_on IS NOT NULL",
}


def upgrade():
    with op.batch_alter_table("plan_actions") as batch:
        for name, condition in CHECKS.items():
            batch.create_check_constraint(op.f(f"ck_plan_actions_{name}"), sa.text(condition))


def downgrade():
    with op.batch_alter_table("plan_actions") as batch:
        for name in CHECKS:
            batch.drop_constraint(op.f(f"ck_plan_actions_{name}"), type_="check")
