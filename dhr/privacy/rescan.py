"""When the register changes, the shield reads the review's existing case text again: a person or alias added
later is found in what was already saved. Plain finds become tokens (the flush check does it, as for any save);
what it cannot decide (a name two people share, a date of birth or a family contact's name) is listed for the
coordinator on the names to check page.

Rows are read with one SELECT per table and only their case-text columns, and only a row the scan finds something
in is loaded as an object: a review with 20,000 chronology rows is read in well under a second
(bench/rescan_bench.py).
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from dhr.core.declare import case_text_columns
from dhr.extensions import db
from dhr.privacy.shield import ReviewShield, field_label, replaced_in_session


@dataclass(frozen=True)
class Finding:
    """Case text the shield could not tokenise, and why (described without the name where it can be)."""

    where: str
    row_id: int
    problems: tuple[str, ...]


@dataclass
class Rescan:
    """What one rescan did: names saved as tokens, and what is left to check."""

    replaced: int = 0
    rows_read: int = 0
    to_check: list[Finding] = field(default_factory=list)


def _case_text_models() -> list:
    return [mapper.class_ for mapper in db.Model.registry.mappers if case_text_columns(mapper.class_)]


def _scope(model, review_id: int):
    """A SELECT of the model's id and case text for one review: by its own review_id, or through the row it
    belongs to (an agenda item through its meeting, an IMR version through its agency request)."""
    table = model.__table__
    columns = [table.c.id, *(table.c[name] for name in case_text_columns(model))]
    if model.__tablename__ == "reviews":
        return select(*columns).where(table.c.id == review_id)
    if "review_id" in table.c:
        return select(*columns).where(table.c.review_id == review_id)
    for column in table.columns:
        for key in column.foreign_keys:
            parent = key.column.table
            if "review_id" in parent.c:
                return select(*columns).join(parent, column == key.column).where(parent.c.review_id == review_id)
    return None


def _texts(model, row) -> Iterator[tuple[str, str, str]]:
    for name in case_text_columns(model):
        value = getattr(row, name)
        if isinstance(value, dict):
            yield from ((name, part, text) for part, text in value.items() if isinstance(text, str))
        elif isinstance(value, str):
            yield name, "", value


def _kept(review_id: int) -> dict[tuple[str, int, str, str], set[tuple[int, str]]]:
    from dhr.privacy.models import NameReplacement

    kept: dict[tuple[str, int, str, str], set[tuple[int, str]]] = {}
    rows = db.session.execute(
        select(
            NameReplacement.table_name,
            NameReplacement.row_id,
            NameReplacement.column,
            NameReplacement.part,
            NameReplacement.person_id,
            NameReplacement.folded,
        ).where(NameReplacement.review_id == review_id, NameReplacement.kept_at.is_not(None))
    )
    for table, row_id, column, part, person_id, folded in rows:
        kept.setdefault((table, row_id, column, part), set()).add((person_id, folded))
    return kept


def _read(model, row, review_shield: ReviewShield, kept: dict, result: Rescan) -> set[str]:
    """The row's columns that name someone plainly (to tokenise); what cannot be settled goes to `to_check`."""
    touched, blocked = set(), set()
    for column, part, text in _texts(model, row):
        if not text or not review_shield.matcher.found(text):
            continue
        done, problems = review_shield.check(text, kept.get((model.__tablename__, row.id, column, part), ()))
        if problems:
            result.to_check.append(Finding(field_label(model, column, part), row.id, tuple(problems)))
            blocked.add(column)  # a save of it would be refused: it waits for the coordinator
        elif done.replaced:
            touched.add(column)
    return touched - blocked


def rescan(review, *, apply: bool = True) -> Rescan:
    """Read every case text of the review against its register as it is now; with `apply`, save what names a
    person plainly as their token (through the flush check, which records each replacement)."""
    db.session.flush()
    review_shield = ReviewShield(review)
    result = Rescan()
    if not review_shield.matcher:
        return result
    kept = _kept(review.id)
    before = replaced_in_session(db.session)
    for model in _case_text_models():
        query = _scope(model, review.id)
        for row in db.session.execute(query) if query is not None else ():
            result.rows_read += 1
            touched = _read(model, row, review_shield, kept, result)
            if apply and touched:
                obj = db.session.get(model, row.id)
                for column in touched:
                    flag_modified(obj, column)  # the flush check reads it as a save, tokenises and records it
    if apply:
        db.session.flush()
        result.replaced = replaced_in_session(db.session) - before
    return result
