"""The audit log filtered by action reads an index of its own: (partnership, action, time, id).

Revision ID: 0043_audit_log_action_index
Revises: 0042_audit_log_key_index
Create Date: 2026-12-07
"""

from alembic import op

revision = "0043_audit_log_action_index"
down_revision = "0042_audit_log_key_index"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_audit_events_partnership_id_action_occurred_at_id",
        "audit_events",
        ["partnership_id", "action", "occurred_at", "id"],
    )


def downgrade():
    op.drop_index("ix_audit_events_partnership_id_action_occurred_at_id", table_name="audit_events")
