"""Keyset pages: a page starts at the key of its first row, so reading it never reads and throws away the rows of
the pages before it. Page numbers stay: "Next" and "Previous" carry the key of the page they lead to, and a page
asked for by number alone finds its first key with one narrow query over the index, not the rows.

The key is a tuple of columns that orders the rows completely (ending with the id), all in one direction. A key
read newest first has only non-null columns; one read oldest first may have nullable columns, whose empty values
come last (as PostgreSQL puts them, and as the order here asks SQLite to), and whose seek is spelt out column by
column, since a row-value comparison cannot seek past a null.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Select, and_, false, func, literal, or_, select, true, tuple_
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
    """A key as it goes in a link (an empty value as nothing)."""
    return SEPARATOR.join(
        "" if value is None else value.isoformat() if isinstance(value, date | time) else str(value) for value in values
    )


def _nullable(column: Any) -> bool:
    return bool(getattr(getattr(column, "expression", column), "nullable", False))


def _decode(text: str, columns: tuple[Any, ...]) -> tuple[Any, ...] | None:
    parts = text.split(SEPARATOR)
    if len(parts) != len(columns):
        return None
    values: list[Any] = []
    try:
        for part, column in zip(parts, columns, strict=True):
            kind = column.type.python_type
            if part == "" and _nullable(column):
                values.append(None)
            elif kind is datetime:
                values.append(datetime.fromisoformat(part))
            elif kind is date:
                values.append(date.fromisoformat(part))
            elif kind is time:
                values.append(time.fromisoformat(part))
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
    loads: tuple[Any, ...] = (),
) -> KeysetPage:
    """Page `number` of `query` in the order of `columns`, starting from `key` when the link gave one; the page's
    rows are loaded with the `loads` options."""
    if descending and any(_nullable(column) for column in columns):
        raise ValueError("a key read newest first must not have nullable columns")
    number, pages = page_number(number, total, size)
    forwards = key_order(columns, descending=descending)
    backwards = key_order(columns, descending=not descending)

    def at_or_after(values: tuple[Any, ...]) -> Any:
        if descending:
            return _row(columns) <= _bound(columns, values)
        return _from(columns, values)

    def before(values: tuple[Any, ...]) -> Any:
        if descending:
            return _row(columns) > _bound(columns, values)
        return _before(columns, values)

    start = _decode(key, columns) if key else None
    if start is None and number > 1:
        # The page's first key, read off the index alone.
        keys = query.with_only_columns(*columns).order_by(*forwards).offset((number - 1) * size).limit(1)
        start = session.execute(keys).first()
    page_query = query.where(at_or_after(tuple(start))) if start is not None else query
    rows = list(session.scalars(page_query.options(*loads).order_by(*forwards).limit(size + 1)).unique())
    following = rows[size] if len(rows) > size else None
    rows = rows[:size]
    previous_key = None
    if start is not None and number > 1:
        earlier_rows = query.where(before(tuple(start)))
        earlier = session.execute(earlier_rows.with_only_columns(*columns).order_by(*backwards).limit(size)).all()
        previous_key = encode(tuple(earlier[-1])) if earlier else None
    next_key = encode(tuple(getattr(following, column.key) for column in columns)) if following is not None else None
    return KeysetPage(rows, number, pages, total, next_key, previous_key)


def _row(columns: tuple[Any, ...]) -> Any:
    return tuple_(*columns)


def _bound(columns: tuple[Any, ...], values: tuple[Any, ...]) -> Any:
    return tuple_(*(literal(value, column.type) for value, column in zip(values, columns, strict=True)))


def key_order(columns: tuple[Any, ...], *, descending: bool = False) -> list[Any]:
    """ORDER BY terms for a key: ascending with empty values last, or the exact reverse."""
    if descending:
        return [column.desc().nulls_first() if _nullable(column) else column.desc() for column in columns]
    return [column.asc().nulls_last() if _nullable(column) else column.asc() for column in columns]


def _from(columns: tuple[Any, ...], values: tuple[Any, ...]) -> Any:
    """SQL: the row's key is at or after `values`, oldest first with empty values last; led by a plain bound on the
    first column, so the index seeks to it rather than reading from the start."""
    exact = _at_or_after(columns, values)
    first, value = columns[0], values[0]
    if value is None:
        return and_(first.is_(None), exact)
    return and_(first >= value, exact) if not _nullable(first) else exact


def _at_or_after(columns: tuple[Any, ...], values: tuple[Any, ...]) -> Any:
    if not columns:
        return true()
    column, value, rest = columns[0], values[0], _at_or_after(columns[1:], values[1:])
    if value is None:
        return and_(column.is_(None), rest)  # only empty values follow an empty one
    later = or_(column > value, column.is_(None)) if _nullable(column) else column > value
    return or_(later, and_(column == value, rest))


def _before(columns: tuple[Any, ...], values: tuple[Any, ...]) -> Any:
    if not columns:
        return false()
    column, value, rest = columns[0], values[0], _before(columns[1:], values[1:])
    if value is None:
        return or_(column.is_not(None), and_(column.is_(None), rest))
    return or_(column < value, and_(column == value, rest))


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
