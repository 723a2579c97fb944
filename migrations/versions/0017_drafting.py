"""Drafting: report sections with optimistic locking, comments on them, and saved versions.

Revision ID: 0017_drafting
Revises: 0016_imr_versions
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_drafting"
down_revision = "0016_imr_versions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "draft_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("document", sa.String(40), nullable=False),
        sa.Column("section_key", sa.String(60), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name="fk_draft_sections_review_id_reviews"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name="fk_draft_sections_updated_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_draft_sections"),
        sa.UniqueConstraint(
            "review_id", "document", "section_key", name="uq_draft_sections_review_id_document_section_key"
        ),
    )
    op.create_index("ix_draft_sections_review_id", "draft_sections", ["review_id"])
    op.create_table(
        "section_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("document", sa.String(40), nullable=False),
        sa.Column("section_key", sa.String(60), nullable=False),
        sa.Column("paragraph", sa.String(20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name="fk_section_comments_author_id_users"),
        sa.ForeignKeyConstraint(["resolved_by_id"], ["users.id"], name="fk_section_comments_resolved_by_id_users"),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name="fk_section_comments_review_id_reviews"),
        sa.PrimaryKeyConstraint("id", name="pk_section_comments"),
    )
    op.create_index("ix_section_comments_review_id", "section_comments", ["review_id"])
    op.create_table(
        "draft_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("document", sa.String(40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(300), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name="fk_draft_versions_review_id_reviews"),
        sa.ForeignKeyConstraint(["saved_by_id"], ["users.id"], name="fk_draft_versions_saved_by_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_draft_versions"),
        sa.UniqueConstraint("review_id", "document", "number", name="uq_draft_versions_review_id_document_number"),
    )
    op.create_index("ix_draft_versions_review_id", "draft_versions", ["review_id"])


def downgrade():
    op.drop_index("ix_draft_versions_review_id", table_name="draft_versions")
    op.drop_table("draft_versions")
    op.drop_index("ix_section_comments_review_id", table_name="section_comments")
    op.drop_table("section_comments")
    op.drop_index("ix_draft_sections_review_id", table_name="draft_sections")
    op.drop_table("draft_sections")
