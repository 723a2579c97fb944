"""The search index: one row for each searchable thing, kept current in the same transaction as the record."""

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dhr.core.declare import plain, restricted
from dhr.core.models import IdMixin
from dhr.extensions import db


class SearchDocument(IdMixin, db.Model):
    """A searchable copy of one record's text, with what decides who may find it.

    The full-text index over `title` and `body` lives beside this table: an FTS5 table on SQLite and a generated
    tsvector column with a GIN index on PostgreSQL (migration 0055; dhr/search/engine.py reads either)."""

    __tablename__ = "search_documents"
    __table_args__ = (Index("ix_search_documents_kind_source_id", "kind", "source_id", unique=True),)

    kind: Mapped[str] = mapped_column(String(20), info=plain("what the row copies: a review, a chronology entry..."))
    source_id: Mapped[int] = mapped_column(Integer)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"), index=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    # The agency whose work it is (a chronology's, an action's lead) and an action's named owner: contributors find
    # only their own agency's work, as on the pages.
    agency_id: Mapped[int | None] = mapped_column(Integer)
    owner_id: Mapped[int | None] = mapped_column(Integer)
    # Where the result links: an involvement's id for a chronology entry, "slug/key" for a draft section.
    locator: Mapped[str] = mapped_column(String(120), default="", info=plain("the id or slug the result links to"))
    title: Mapped[str] = mapped_column(String(200), default="", info=plain("a pseudonym, reference or heading"))
    body: Mapped[str] = mapped_column(
        Text,
        default="",
        info=restricted("a copy of text declared on its own table; identity rows only match for identity readers"),
    )
