"""Search: one index row per searchable record, with a full-text index beside it (FTS5 on SQLite, a generated
tsvector with a GIN index on PostgreSQL). `flask dhr reindex-search` fills it for records written before.

Revision ID: 0055_search
Revises: 0054_joint_reviews
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0055_search"
down_revision = "0054_joint_reviews"
branch_labels = None
depends_on = None

# SQLite: an external-content FTS5 table over search_documents, kept by triggers; porter stems English words.
SQLITE_UP = (
    (
        "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_documents', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')"
    ),
    (
        "CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN "
        "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END"
    ),
    (
        "CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN "
        "INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); END"
    ),
    (
        "CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN "
        "INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); "
        "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END"
    ),
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS search_documents_au",
    "DROP TRIGGER IF EXISTS search_documents_ad",
    "DROP TRIGGER IF EXISTS search_documents_ai",
    "DROP TABLE IF EXISTS search_fts",
)
POSTGRES_UP = (
    # Punctuation inside words becomes a space, as FTS5 and the search box split them: PostgreSQL's parser would
    # otherwise read the "-01" of a reference SWP-DARDR-2026-01 as a negative number that "01" never finds.
    (
        "ALTER TABLE search_documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
        "(to_tsvector('english', translate(coalesce(title, '') || ' ' || coalesce(body, ''), '-/._:@', '      '))) "
        "STORED"
    ),
    "CREATE INDEX ix_search_documents_tsv ON search_documents USING gin (tsv)",
)


def upgrade():
    op.create_table(
        "search_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("partnership_id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("locator", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnerships.id"],
            name=op.f("fk_search_documents_partnership_id_partnerships"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"], ["reviews.id"], name=op.f("fk_search_documents_review_id_reviews"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_documents")),
    )
    op.create_index("ix_search_documents_kind_source_id", "search_documents", ["kind", "source_id"], unique=True)
    op.create_index(op.f("ix_search_documents_partnership_id"), "search_documents", ["partnership_id"])
    op.create_index(op.f("ix_search_documents_review_id"), "search_documents", ["review_id"])
    statements = SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP
    for statement in statements:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    op.drop_table("search_documents")
