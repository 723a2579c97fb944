"""IMR versions: each saved Individual Management Review, with its sections and senior manager sign-off.

Revision ID: 0016_imr_versions
Revises: 0015_duplicate_decisions
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_imr_versions"
down_revision = "0015_duplicate_decisions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "imr_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("involvement_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("author_name", sa.String(200), nullable=False),
        sa.Column("author_role", sa.String(200), nullable=False),
        sa.Column("sign_off_name", sa.String(200), nullable=False),
        sa.Column("sign_off_role", sa.String(200), nullable=False),
        sa.Column("sign_off_on", sa.Date(), nullable=True),
        sa.Column("attested", sa.Boolean(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("saved_by_id", sa.Integer(), nullable=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["file_id"], ["stored_files.id"], name="fk_imr_versions_file_id_stored_files"),
        sa.ForeignKeyConstraint(
            ["involvement_id"], ["agency_involvements.id"], name="fk_imr_versions_involvement_id_agency_involvements"
        ),
        sa.ForeignKeyConstraint(["saved_by_id"], ["users.id"], name="fk_imr_versions_saved_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_imr_versions"),
        sa.UniqueConstraint("involvement_id", "number", name="uq_imr_versions_involvement_id_number"),
    )
    op.create_index("ix_imr_versions_involvement_id", "imr_versions", ["involvement_id"])


def downgrade():
    op.drop_index("ix_imr_versions_involvement_id", table_name="imr_versions")
    op.drop_table("imr_versions")
