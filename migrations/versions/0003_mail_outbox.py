"""The mail outbox: every email sent, and the only copy when no SMTP server is configured.

Revision ID: 0003_mail_outbox
Revises: 0002_audit_log
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_mail_outbox"
down_revision = "0002_audit_log"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=True),
        sa.Column("to_address", sa.String(254), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column(
            "status",
            sa.Enum("held", "sent", "failed", name="mail_status", native_enum=False, create_constraint=True, length=10),
            nullable=False,
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(300), nullable=True),
        sa.ForeignKeyConstraint(
            ["partnership_id"], ["partnerships.id"], name="fk_outbox_messages_partnership_id_partnerships"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_outbox_messages"),
    )
    op.create_index("ix_outbox_messages_created_at", "outbox_messages", ["created_at"])
    op.create_index("ix_outbox_messages_partnership_id", "outbox_messages", ["partnership_id"])


def downgrade():
    op.drop_index("ix_outbox_messages_partnership_id", table_name="outbox_messages")
    op.drop_index("ix_outbox_messages_created_at", table_name="outbox_messages")
    op.drop_table("outbox_messages")
