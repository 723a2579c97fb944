"""The save-time shield over case text: a date of birth or a family contact's name is refused wherever it is
typed, through a form, an import or the command line.

Two layers, one rule. Every form in a review (dhr.core.forms.BaseForm) checks its text fields and names the field
in a GOV.UK error, keeping what was typed. Under that, a flush check reads every column declared CASE_TEXT
(dhr.privacy.declare) on every new or changed row, whatever wrote it, and refuses the whole flush.
"""

from collections.abc import Iterable

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from dhr.privacy.declare import case_text_columns
from dhr.privacy.scan import Matcher

REFUSED_KINDS = frozenset({"birth", "contact"})
ADVICE = {
    "birth": "write their age instead",
    "contact": "write their relationship to the victim instead, such as 'her sister'",
}


class CaseTextRefusedError(ValueError):
    """Case text holds a date of birth or a family contact's name; `problems` lists (where, message)."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(f"{where}: {message}" for where, message in problems))
        self.problems = problems


def _matcher(review) -> Matcher:
    from dhr.reports.publication import needles_for

    return Matcher(needle for needle in needles_for(review) if needle.kind in REFUSED_KINDS)


def refusals(review, text: str, matcher: Matcher | None = None) -> list[str]:
    """What the text must not hold, each as the end of a sentence: 'the date of birth of Adult A (victim): ...'."""
    if not text or not text.strip():
        return []
    found = (matcher or _matcher(review)).found(text)
    return list(dict.fromkeys(f"{needle.description}: {ADVICE[needle.kind]}" for needle in found))


def checker(review):
    """refusals() for one review, its register read once: for imports that check thousands of rows."""
    matcher = _matcher(review)
    return lambda text: refusals(review, text, matcher)


def check_form(form) -> bool:
    """Add a GOV.UK error to each text field of a review's form that holds what the shield refuses."""
    from flask import g, has_request_context
    from wtforms import StringField, TextAreaField

    review = g.get("review") if has_request_context() else None
    if review is None:
        return True
    fields = [
        field
        for field in form
        if isinstance(field, StringField | TextAreaField)
        and field.name not in getattr(form, "shield_exempt", ())
        and isinstance(field.data, str)
        and field.data.strip()
    ]
    if not fields:
        return True
    matcher, valid = _matcher(review), True
    for field in fields:
        for problem in refusals(review, field.data, matcher):
            field.errors = [*field.errors, f"{field.label.text} must not include {problem}"]
            valid = False
    return valid


def review_of(obj, depth: int = 4):
    """The review a row belongs to: its own review, or the review of the row it belongs to, followed upwards."""
    from dhr.reviews.models import Review

    if isinstance(obj, Review):
        return obj
    if depth == 0 or obj is None:
        return None
    if getattr(obj, "review", None) is not None and isinstance(obj.review, Review):
        return obj.review
    review_id = getattr(obj, "review_id", None)
    if review_id is not None:
        return Session.object_session(obj).get(Review, review_id)
    for relationship in inspect(type(obj)).relationships:
        if relationship.direction.name == "MANYTOONE":
            found = review_of(getattr(obj, relationship.key), depth - 1)
            if found is not None:
                return found
    return None


def _changed_texts(obj) -> Iterable[tuple[str, str]]:
    state = inspect(obj)
    for key in case_text_columns(type(obj)):
        history = state.attrs[key].history
        if not (history.added or state.pending):
            continue
        value = getattr(obj, key)
        if isinstance(value, dict):
            yield from ((f"{key} {part}", text) for part, text in value.items() if isinstance(text, str))
        elif isinstance(value, str):
            yield key, value


def _before_flush(session, flush_context, instances) -> None:
    with session.no_autoflush:  # reading the register and the family log must not flush again
        _check(session)


_CACHE = "privacy_shield_matchers"


def _matchers(session) -> dict[int, Matcher]:
    """This transaction's matchers by review, rebuilt when the register or the family log changes: an import
    flushes often, and reading the register at every flush would cost more than the scan."""
    from dhr.family.models import FamilyContact
    from dhr.reviews.models import Person

    cache = session.info.setdefault(_CACHE, {})
    if any(isinstance(obj, Person | FamilyContact) for obj in (*session.new, *session.dirty, *session.deleted)):
        cache.clear()
    return cache


def _forget(session, *args) -> None:
    session.info.pop(_CACHE, None)


def _check(session) -> None:
    matchers = _matchers(session)
    problems = []
    for obj in [*session.new, *session.dirty]:
        if not case_text_columns(type(obj)):
            continue
        texts = list(_changed_texts(obj))
        if not texts:
            continue
        review = review_of(obj)
        if review is None:
            continue
        matcher = matchers.get(review.id)
        if matcher is None:
            matcher = matchers[review.id] = _matcher(review)
        if not matcher:
            continue
        for where, text in texts:
            problems += [(f"{type(obj).__name__} {where}", problem) for problem in refusals(review, text, matcher)]
    if problems:
        raise CaseTextRefusedError(problems)


def install(session_class=Session) -> None:
    """Check every flush of every session (the app's and the command line's alike)."""
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)
        for name in ("after_commit", "after_rollback", "after_soft_rollback"):
            event.listen(session_class, name, _forget)
