"""Indexes for lists at national size, from the query plans of bench/plans.py:

- the stored clocks by (partnership, key): statistics' six-month rate read one clock of a partnership's reviews by
  scanning every partnership's clocks;
- the chronology by (review, date, time, id), its order: the combined chronology's first pages sorted all of a
  review's entries (20,000 in the largest) to show 100;
- the chronology by (review, event type): the filter's list of event types, read from the index alone.

Revision ID: 0045_list_indexes
Revises: 0044_review_tasks
Create Date: 2026-12-07
"""

from alembic import op

revision = "0045_list_indexes"
down_revision = "0044_review_tasks"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_review_clocks_partnership_key", "review_clocks", ["partnership_id", "key"])
    op.create_index(
        "ix_chronology_entries_review_order", "chronology_entries", ["review_id", "date_start", "time_of_day", "id"]
    )
    op.create_index("ix_chronology_entries_review_event_type", "chronology_entries", ["review_id", "event_type"])


def downgrade():
    op.drop_index("ix_chronology_entries_review_event_type", table_name="chronology_entries")
    op.drop_index("ix_chronology_entries_review_order", table_name="chronology_entries")
    op.drop_index("ix_review_clocks_partnership_key", table_name="review_clocks")
