"""Full-text matching behind one interface: SQLite's FTS5 on the embedded database, PostgreSQL's text search with a
GIN index in production. Both stem English words ("visited" finds "visit") and match the last word as a prefix, so
results come as a person types a name or a reference."""

import re

from sqlalchemy import Select, bindparam, column, func, literal_column, select, table, text
from sqlalchemy.orm import Session

from dhr.search.models import SearchDocument

# The FTS5 table holding SQLite's index of search_documents (content=search_documents, kept by triggers).
FTS = table("search_fts", column("rowid"))
TS_CONFIG = "english"
MAX_WORDS = 8


def words_of(text: str) -> list[str]:
    """The words searched for: letters and digits only, so nothing typed is read as search syntax."""
    return [word[:40] for word in re.findall(r"\w+", (text or "").lower())][:MAX_WORDS]


# Ranking scores every matching row. Up to this many it costs tens of milliseconds; beyond it (a word in half of a
# large chronology) the newest rows come first instead, and the page asks for more words (docs/performance.md).
RANK_LIMIT = 20_000


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _fts_expression(words: list[str]) -> str:
    """An FTS5 query of every word, each quoted, the last as a prefix."""
    return " ".join([*(f'"{word}"' for word in words[:-1]), f'"{words[-1]}"*'])


def _condition(session: Session, words: list[str]):
    if _postgres(session):
        terms = " & ".join([*words[:-1], f"{words[-1]}:*"])
        wanted = func.to_tsquery(TS_CONFIG, terms)
        vector = literal_column("search_documents.tsv")
        return vector.op("@@")(wanted), func.ts_rank(vector, wanted).desc()
    expression = _fts_expression(words)
    return literal_column("search_fts").op("MATCH")(expression), func.bm25(literal_column("search_fts"))


def _with_index(session: Session, query: Select) -> Select:
    return query if _postgres(session) else query.join(FTS, FTS.c.rowid == SearchDocument.id)


def ids_matching_among(session: Session, kinds: frozenset[str], words: list[str], limit: int) -> list[int]:
    """The ids of rows of these (rare) kinds that match every word. On SQLite the rows of those kinds lead and FTS5
    checks each by its row id, rather than walking every row that matches a common word."""
    if not words:
        return []
    if _postgres(session):
        matched = _condition(session, words)[0]
        query = select(SearchDocument.id).where(SearchDocument.kind.in_(kinds), matched).limit(limit)
        return list(session.scalars(query))
    expression = _fts_expression(words)
    statement = text(
        "SELECT d.id FROM search_documents AS d CROSS JOIN search_fts ON search_fts.rowid = d.id "
        "WHERE d.kind IN :kinds AND search_fts MATCH :expression LIMIT :limit"
    ).bindparams(bindparam("kinds", expanding=True))
    return list(session.scalars(statement, {"kinds": sorted(kinds), "expression": expression, "limit": limit}))


def rows_matching(session: Session, query: Select, words: list[str], limit: int) -> tuple[list, bool]:
    """Up to `limit` rows of `query` (a select over SearchDocument) matching every word, and whether they are in
    order of relevance (else newest first, when too many rows match to rank them quickly).

    The count that decides it reads the index alone: narrowing it to the reader's rows would make it visit every
    match (hundreds of milliseconds for a common word). So whether a page is ranked can depend on rows the reader
    cannot see, which tells them only that a word is common somewhere."""
    if not words:
        return [], True
    matched, relevance = _condition(session, words)
    probe = _with_index(session, select(SearchDocument.id)).where(matched).limit(RANK_LIMIT + 1).subquery()
    query = _with_index(session, query).where(matched)
    if session.scalar(select(func.count()).select_from(probe)) <= RANK_LIMIT:
        return list(session.execute(query.order_by(relevance, SearchDocument.id).limit(limit))), True
    if not _postgres(session):
        # FTS5 walks its own row ids backwards and stops at the page's end.
        return list(session.execute(query.order_by(FTS.c.rowid.desc()).limit(limit))), False
    return _newest_in_windows(session, query, limit), False


def _newest_in_windows(session: Session, query: Select, limit: int) -> list:
    """PostgreSQL, newest first: its planner cannot tell a word in half the rows from a rare one, and would fetch
    every match before sorting. Ranges of ids from the newest, each twice the last, keep each look small."""
    found: list = []
    high = session.scalar(select(func.max(SearchDocument.id))) or 0
    window = RANK_LIMIT
    while high > 0 and len(found) < limit:
        low = high - window
        inside = query.where(SearchDocument.id > low, SearchDocument.id <= high)
        found += session.execute(inside.order_by(SearchDocument.id.desc()).limit(limit - len(found))).all()
        high, window = low, window * 2
    return found


def outside_the_models(name: str | None, type_: str) -> bool:
    """The full-text index's own objects, which the migration makes and no model declares: SQLite's FTS5 table and
    its shadow tables, PostgreSQL's generated tsvector column and its GIN index."""
    if type_ == "table":
        return bool(name) and str(name).startswith("search_fts")
    return name in {"tsv", "ix_search_documents_tsv"}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter: compare everything but the full-text index's own objects."""
    return not outside_the_models(name, type_)
