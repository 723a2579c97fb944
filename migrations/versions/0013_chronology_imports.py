"""Chronology imports: each uploaded spreadsheet, the column mapping used (remembered per agency), and the result.

Revision ID: 0013_chronology_imports
Revises: 0012_evidence_reminders
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_chronology_imports"
down_revision = "0012_evidence_reminders"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "chronology_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("involvement_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("imported_rows", sa.Integer(), nullable=True),
        sa.Column("duplicate_rows", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["file_id"], ["stored_files.id"], name="fk_chronology_imports_file_id_stored_files"),
        sa.ForeignKeyConstraint(
            ["involvement_id"],
            ["agency_involvements.id"],
            name="fk_chronology_imports_involvement_id_agency_involvements",
        ),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["users.id"], name="fk_chronology_imports_uploaded_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_chronology_imports"),
    )
    op.create_index("ix_chronology_imports_involvement_id", "chronology_imports", ["involvement_id"])


def downgrade():
    op.drop_index("ix_chronology_imports_involvement_id", table_name="chronology_imports")
    op.drop_table("chronology_imports")
