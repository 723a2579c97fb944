"""Keyset pages: a page starts at the key of its first row, so reading it never reads and throws away the rows of
the pages before it. Page numbers stay: "Next" and "Previous" carry the key of the page they lead to, and a page
asked for by number alone finds its first key with one narrow query over the index, not the rows.

The key is a tuple of non-null columns that orders the rows completely (ending with the id), all in one direction.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, literal, select, tuple_
from sqlalchemy.orm import Session

SEPARATOR = "~"


@dataclass(frozen=True)
class KeysetPage:
    """One page of rows, where it sits, and the keys that start its neighbours (None at either end)."""

    rows: list[Any]
    number: int
    pages: int
    total: int
    next_key: str | None
    previous_key: str | None


def encode(values: tuple[Any, ...]) -> str:
    """A key as it goes in a link."""
    return SEPARATOR.join(value.isoformat() if isinstance(value, date) else str(value) for value in values)


def _decode(text: str, columns: tuple[Any, ...]) -> tuple[Any, ...] | None:
    parts = text.split(SEPARATOR)
    if len(parts) != len(columns):
        return None
    values: list[Any] = []
    try:
        for part, column in zip(parts, columns, strict=True):
            kind = column.type.python_type
            if kind is datetime:
                values.append(datetime.fromisoformat(part))
            elif kind is date:
                values.append(date.fromisoformat(part))
            else:
                values.append(kind(part))
    except (ValueError, TypeError, NotImplementedError):
        return None
    return tuple(values)


def keyset_page(
    session: Session,
    query: Select[Any],
    columns: tuple[Any, ...],
    *,
    number: int,
    size: int,
    total: int,
    key: str | None = None,
    descending: bool = False,
) -> KeysetPage:
    """Page `number` of `query` in the order of `columns`, starting from `key` when the link gave one."""
    number, pages = page_number(number, total, size)
    row_key = tuple_(*columns)
    forwards = [column.desc() if descending else column.asc() for column in columns]
    backwards = [column.asc() if descending else column.desc() for column in columns]

    def bound(values: tuple[Any, ...]) -> Any:
        return tuple_(*(literal(value, column.type) for value, column in zip(values, columns, strict=True)))

    start = _decode(key, columns) if key else None
    if start is None and number > 1:
        # The page's first key, read off the index alone.
        keys = query.with_only_columns(*columns).order_by(*forwards).offset((number - 1) * size).limit(1)
        start = session.execute(keys).first()
    page_query = query
    if start is not None:
        page_query = query.where(row_key <= bound(start) if descending else row_key >= bound(start))
    rows = list(session.scalars(page_query.order_by(*forwards).limit(size + 1)).unique())
    following = rows[size] if len(rows) > size else None
    rows = rows[:size]
    previous_key = None
    if start is not None and number > 1:
        before = query.where(row_key > bound(start) if descending else row_key < bound(start))
        earlier = session.execute(before.with_only_columns(*columns).order_by(*backwards).limit(size)).all()
        previous_key = encode(tuple(earlier[-1])) if earlier else None
    next_key = encode(tuple(getattr(following, column.key) for column in columns)) if following is not None else None
    return KeysetPage(rows, number, pages, total, next_key, previous_key)


def page_number(asked: int, total: int, size: int) -> tuple[int, int]:
    """The page to show for the one asked for (kept within the pages there are), and how many pages there are."""
    pages = max(1, -(-total // size))
    return min(max(1, asked), pages), pages


def count(session: Session, query: Select[Any]) -> int:
    """How many rows the query would return."""
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def distinct_values(session: Session, column: Any, *conditions: Any) -> list[Any]:
    """The column's distinct values among the rows meeting the conditions, in order, read by skipping along an index
    that leads with the conditions' columns and then this one: one index probe per value, so fifty actions among a
    million audit events cost fifty probes, not a walk of the million (a recursive query, on both engines)."""
    first = select(func.min(column)).where(*conditions).scalar_subquery()
    seen = select(first.label("value")).cte("seen", recursive=True)
    following = select(func.min(column)).where(*conditions, column > seen.c.value).scalar_subquery()
    seen = seen.union_all(select(following.label("value")).where(seen.c.value.is_not(None)))
    return list(session.scalars(select(seen.c.value).where(seen.c.value.is_not(None))))
