"""Two-step verification: a TOTP secret per person, single-use recovery codes, how each session's second step
was made, and a partnership's choice to require it of everyone.

Revision ID: 0037_two_step
Revises: 0036_kept_forms
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0037_two_step"
down_revision = "0036_kept_forms"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("totp_confirmed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
    with op.batch_alter_table("user_sessions") as batch_op:
        batch_op.add_column(sa.Column("second_step", sa.String(length=40), nullable=True))
    with op.batch_alter_table("partnerships") as batch_op:
        batch_op.add_column(sa.Column("two_step_for_everyone", sa.Boolean(), nullable=False, server_default="0"))
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_recovery_codes_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_recovery_codes_code_hash")),
    )
    op.create_index(op.f("ix_recovery_codes_user_id"), "recovery_codes", ["user_id"], unique=False)


def downgrade():
    # Plain DROP COLUMN (SQLite 3.35+): rebuilding a table that others reference fails its foreign keys once
    # there is data.
    op.drop_index(op.f("ix_recovery_codes_user_id"), table_name="recovery_codes")
    op.drop_table("recovery_codes")
    with op.batch_alter_table("partnerships", recreate="never") as batch_op:
        batch_op.drop_column("two_step_for_everyone")
    with op.batch_alter_table("user_sessions", recreate="never") as batch_op:
        batch_op.drop_column("second_step")
    with op.batch_alter_table("users", recreate="never") as batch_op:
        batch_op.drop_column("totp_last_step")
        batch_op.drop_column("totp_confirmed_at")
        batch_op.drop_column("totp_secret")
