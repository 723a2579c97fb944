"""Mail delivery with retries, and what each person has emailed: the outbox keeps its tries, the next try's
time, a claim's expiry, the channel and the provider's id; mail preferences per category; notifications waiting
for a daily digest.

Revision ID: 0034_mail_delivery
Revises: 0033_calendar_feeds
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0034_mail_delivery"
down_revision = "0033_calendar_feeds"
branch_labels = None
depends_on = None


def _status_check(values):
    return "status IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade():
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("channel", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("provider_ref", sa.String(length=64), nullable=True))
        batch.create_foreign_key(op.f("fk_outbox_messages_user_id_users"), "users", ["user_id"], ["id"])
        batch.create_index(op.f("ix_outbox_messages_user_id"), ["user_id"])
        batch.create_index(op.f("ix_outbox_messages_next_attempt_at"), ["next_attempt_at"])
        batch.drop_constraint(op.f("ck_outbox_messages_mail_status"), type_="check")
        batch.create_check_constraint(
            op.f("ck_outbox_messages_mail_status"), sa.text(_status_check(("held", "sending", "sent", "failed")))
        )
    op.create_table(
        "mail_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column(
            "choice",
            sa.Enum(
                "immediate", "digest", "off", name="mail_choice", native_enum=False, create_constraint=True, length=10
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_mail_preferences_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_preferences")),
        sa.UniqueConstraint("user_id", "category", name=op.f("uq_mail_preferences_user_id_category")),
    )
    with op.batch_alter_table("notifications") as batch:
        batch.add_column(sa.Column("in_digest", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.create_index(op.f("ix_notifications_partnership_id_in_digest"), ["partnership_id", "in_digest"])


def downgrade():
    with op.batch_alter_table("notifications") as batch:
        batch.drop_index(op.f("ix_notifications_partnership_id_in_digest"))
        batch.drop_column("in_digest")
    op.drop_table("mail_preferences")
    op.execute("UPDATE outbox_messages SET status = 'held' WHERE status = 'sending'")
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_constraint(op.f("ck_outbox_messages_mail_status"), type_="check")
        batch.create_check_constraint(
            op.f("ck_outbox_messages_mail_status"), sa.text(_status_check(("held", "sent", "failed")))
        )
        batch.drop_index(op.f("ix_outbox_messages_next_attempt_at"))
        batch.drop_index(op.f("ix_outbox_messages_user_id"))
        batch.drop_constraint(op.f("fk_outbox_messages_user_id_users"), type_="foreignkey")
        for column in ("provider_ref", "channel", "claimed_until", "next_attempt_at", "attempts", "user_id"):
            batch.drop_column(column)
