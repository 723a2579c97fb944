"""What each text column of a review's data is, declared where the model defines it (column `info`).

- CASE_TEXT: free text a pseudonym-only reader can see. The privacy shield reads it on every save.
- identity(why): the register's identities themselves (real names, aliases, a family contact's name and
  details), shown only to readers with the identity permission.
- restricted(why): free text shown only to readers with the identity permission.
- plain(why): no free text about anyone: a code, a key, a list of paragraph numbers, a web address.

tests/privacy/test_declarations.py walks the models and fails on a text column of a review's data with none.
"""

import functools
from typing import Any

from sqlalchemy import Column

PRIVACY = "privacy"
CASE, IDENTITY, RESTRICTED, PLAIN = "case", "identity", "restricted", "plain"
KINDS = (CASE, IDENTITY, RESTRICTED, PLAIN)
CASE_TEXT: dict[str, str] = {PRIVACY: CASE}


def identity(why: str) -> dict[str, str]:
    """Column info for one of the register's identities."""
    return {PRIVACY: IDENTITY, "why": why}


def restricted(why: str) -> dict[str, str]:
    """Column info for free text only identity holders see."""
    return {PRIVACY: RESTRICTED, "why": why}


def plain(why: str) -> dict[str, str]:
    """Column info for text that is not free text about anyone."""
    return {PRIVACY: PLAIN, "why": why}


def kind_of(column: Column[Any]) -> str | None:
    """How a column is declared, or None."""
    kind: str | None = column.info.get(PRIVACY)
    return kind


@functools.cache
def case_text_columns(model: type) -> tuple[str, ...]:
    """The attribute names of a model's case-text columns."""
    table = getattr(model, "__table__", None)
    return () if table is None else tuple(column.key for column in table.columns if kind_of(column) == CASE)
