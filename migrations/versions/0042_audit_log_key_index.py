"""The audit log's index carries its page key: (partnership, time, id) instead of (partnership, time), so a page
asked for by number finds its first key from the index alone.

Revision ID: 0042_audit_log_key_index
Revises: 0041_review_clocks
Create Date: 2026-12-07
"""

from alembic import op

revision = "0042_audit_log_key_index"
down_revision = "0041_review_clocks"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_audit_events_partnership_id_occurred_at_id", "audit_events", ["partnership_id", "occurred_at", "id"]
    )
    op.drop_index("ix_audit_events_partnership_id_occurred_at", table_name="audit_events")


def downgrade():
    op.create_index("ix_audit_events_partnership_id_occurred_at", "audit_events", ["partnership_id", "occurred_at"])
    op.drop_index("ix_audit_events_partnership_id_occurred_at_id", table_name="audit_events")
