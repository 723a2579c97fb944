"""Kept forms: what a person typed after their session ended, put back once they sign in again.

Revision ID: 0036_kept_forms
Revises: 0035_export_jobs
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0036_kept_forms"
down_revision = "0035_export_jobs"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "kept_forms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.String(length=500), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_kept_forms_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_forms")),
    )
    op.create_index(op.f("ix_kept_forms_user_id"), "kept_forms", ["user_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_kept_forms_user_id"), table_name="kept_forms")
    op.drop_table("kept_forms")
