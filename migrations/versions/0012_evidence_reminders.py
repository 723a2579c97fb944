"""Evidence reminders: each chase sent by the daily job, unique per step so runs never repeat.

Revision ID: 0012_evidence_reminders
Revises: 0011_agency_senior_contact
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_evidence_reminders"
down_revision = "0011_agency_senior_contact"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "evidence_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("involvement_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "before_due",
                "overdue",
                "escalation",
                name="reminder_kind",
                native_enum=False,
                create_constraint=True,
                length=12,
            ),
            nullable=False,
        ),
        sa.Column("offset_days", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["involvement_id"],
            ["agency_involvements.id"],
            name="fk_evidence_reminders_involvement_id_agency_involvements",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_evidence_reminders"),
        sa.UniqueConstraint(
            "involvement_id", "kind", "offset_days", name="uq_evidence_reminders_involvement_id_kind_offset_days"
        ),
    )
    op.create_index("ix_evidence_reminders_involvement_id", "evidence_reminders", ["involvement_id"])


def downgrade():
    op.drop_index("ix_evidence_reminders_involvement_id", table_name="evidence_reminders")
    op.drop_table("evidence_reminders")
