"""Name replacements: registered names the privacy shield saved as person tokens, so the writer can undo a wrong
match.

Revision ID: 0028_name_replacements
Revises: 0027_checked_names
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0028_name_replacements"
down_revision = "0027_checked_names"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "name_replacements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(64), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("column", sa.String(64), nullable=False),
        sa.Column("part", sa.String(64), nullable=False),
        sa.Column("field_label", sa.String(200), nullable=False),
        sa.Column("typed", sa.Text(), nullable=False),
        sa.Column("folded", sa.String(400), nullable=False),
        sa.Column("occurrence", sa.Integer(), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.Column("kept_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("kept_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name="fk_name_replacements_review_id_reviews"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name="fk_name_replacements_person_id_people"),
        sa.ForeignKeyConstraint(["replaced_by_id"], ["users.id"], name="fk_name_replacements_replaced_by_id_users"),
        sa.ForeignKeyConstraint(["kept_by_id"], ["users.id"], name="fk_name_replacements_kept_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_name_replacements"),
    )
    op.create_index("ix_name_replacements_review_id", "name_replacements", ["review_id"])
    op.create_index("ix_name_replacements_row_id", "name_replacements", ["row_id"])


def downgrade():
    op.drop_index("ix_name_replacements_row_id", table_name="name_replacements")
    op.drop_index("ix_name_replacements_review_id", table_name="name_replacements")
    op.drop_table("name_replacements")
