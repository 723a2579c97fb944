"""The save-time shield over case text, wherever it is typed: a form, an import or the command line.

- A registered real name or alias becomes the person's token, [[person:ID]] (dhr.privacy.tokens), and each
  replacement is kept (NameReplacement) so the writer sees it and can keep what they typed where it was wrong.
- A date of birth or a family contact's name is refused, and so is a name two people share and a token that
  points outside the review: the writer must say it another way.

Two layers, one rule. Every form in a review (dhr.core.forms.BaseForm) checks its text fields for what is
refused and names the field in a GOV.UK error, keeping what was typed. Under that, a flush check reads every
column declared CASE_TEXT (dhr.core.declare) on every new or changed row, whatever wrote it: it tokenises, and
refuses the whole flush for the rest.
"""

import re
from collections.abc import Iterable

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from dhr.core.declare import case_text_columns
from dhr.core.wording import counted
from dhr.privacy import fold, tokens
from dhr.privacy.scan import Matcher

REFUSED_KINDS = frozenset({"birth", "contact"})
ADVICE = {
    "birth": "write their age instead",
    "contact": "write their relationship to the victim instead, such as 'her sister'",
}


class CaseTextRefusedError(ValueError):
    """Case text holds a date of birth or a family contact's name; `problems` lists (where, message).

    Not a DomainError: a form that let such text through is answered by the app's own 400 page, which lists
    every problem and keeps what was typed (errors.handle_refused_text), never by one field's message."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(f"{where}: {message}" for where, message in problems))
        self.problems = problems


def _people(review) -> list:
    """The review's register as saved, read afresh: a person added in this transaction may not be in a
    `review.people` loaded before it."""
    from sqlalchemy import select

    from dhr.reviews.models import Person

    session = Session.object_session(review)
    return list(session.scalars(select(Person).where(Person.review_id == review.id).order_by(Person.id)))


class ReviewShield:
    """One review's register, read once: what a text must not hold, and the text as it is saved."""

    def __init__(self, review):
        from dhr.drafting.record import extra_names
        from dhr.privacy.needles import needles_for

        people = _people(review)
        self.matcher = Matcher(needles_for(people, extra_names(review)))
        self.people = {p.id: f"{p.pseudonym} ({p.role.label.lower()})" for p in people}

    def check(self, text: str, kept: Iterable[tuple[int, str]] = ()) -> tuple[tokens.Tokenised, list[str]]:
        """The text as it would be saved, and what it must not hold, each as the end of a sentence: 'the date of
        birth of Adult A (victim): write their age instead'."""
        if not text or not text.strip():
            return tokens.Tokenised(text), []
        problems = [
            f"the token person:{ref}, which is not a person in this review"
            for ref in sorted({int(ref) for ref in tokens.PERSON.findall(text)} - set(self.people))
        ]
        if not self.matcher:
            return tokens.Tokenised(text), problems
        found = self.matcher.found(text)
        problems += dict.fromkeys(
            f"{needle.description}: {ADVICE[needle.kind]}" for needle in found if needle.kind in REFUSED_KINDS
        )
        if not any(needle.kind in tokens.TOKENISED_KINDS for needle in found):
            return tokens.Tokenised(text), problems
        done = tokens.tokenise(text, self.matcher, kept)
        problems += [
            f"'{typed}', which could name {self._either(person_ids)}: write the pseudonym instead"
            for typed, person_ids in done.ambiguous
        ]
        return done, problems

    def _either(self, person_ids) -> str:
        return " or ".join(self.people.get(person_id, "someone not yet saved") for person_id in person_ids)

    def problems(self, text: str) -> list[str]:
        """What the text must not hold (see check)."""
        return self.check(text)[1]


def checker(review):
    """What a text must not hold, the review's register read once: for imports that check thousands of rows."""
    return ReviewShield(review).problems


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
    review_shield, valid = ReviewShield(review), True
    for field in fields:
        for problem in review_shield.problems(field.data):
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


def _changed_texts(obj) -> Iterable[tuple[str, str, str]]:
    """(column, part, text) for each case text of the row that is new or changed; `part` is a key of a column that
    holds several texts, else ""."""
    state = inspect(obj)
    for key in case_text_columns(type(obj)):
        history = state.attrs[key].history
        if not (history.added or state.pending):
            continue
        value = getattr(obj, key)
        if isinstance(value, dict):
            yield from ((key, part, text) for part, text in value.items() if isinstance(text, str))
        elif isinstance(value, str):
            yield key, "", value


def set_text(obj, key: str, part: str, text: str) -> None:
    """Put one case text back on its row: a column, or one part of a column of several texts."""
    if part:
        setattr(obj, key, {**getattr(obj, key), part: text})  # a new dict, so the change is seen
    else:
        setattr(obj, key, text)


def field_label(obj, key: str, part: str = "") -> str:
    """How a writer knows the field of a row (or a model): 'Chronology entry, details'."""
    model = obj if isinstance(obj, type) else type(obj)
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__).lower()
    name = (part or key).replace("_", " ")
    return f"{words[:1].upper()}{words[1:]}, {name}"


def _before_flush(session, flush_context, instances) -> None:
    with session.no_autoflush:  # reading the register and the family log must not flush again
        _check(session)


_CACHE = "privacy_shield_matchers"
_PENDING = "privacy_shield_replacements"
_STALE = "privacy_shield_stale"
_UNATTRIBUTED = "privacy_shield_unattributed"
REPLACED = "privacy_names_replaced"  # in flask.g: how many names this request's commits replaced, by review


def _shields(session) -> dict[int, ReviewShield]:
    """This transaction's shields by review, rebuilt when the register or the family log changes: an import
    flushes often, and reading the register at every flush would cost more than the scan."""
    from dhr.family.models import FamilyContact
    from dhr.reviews.models import Person

    cache = session.info.setdefault(_CACHE, {})
    if any(isinstance(obj, Person | FamilyContact) for obj in (*session.new, *session.dirty, *session.deleted)):
        cache.clear()
        session.info[_STALE] = True  # what this flush builds cannot see the change yet
    return cache


def _forget(session, *args) -> None:
    for key in (_CACHE, _PENDING, _STALE, _UNATTRIBUTED):
        session.info.pop(key, None)


def _kept(session, obj) -> dict[tuple[str, str], set[tuple[int, str]]]:
    """(person id, folded words) the writer kept as typed, by (column, part) of the row."""
    from sqlalchemy import select

    from dhr.privacy.models import NameReplacement

    row_id = getattr(obj, "id", None)
    if row_id is None or inspect(obj).pending:
        return {}
    rows = session.execute(
        select(NameReplacement.column, NameReplacement.part, NameReplacement.person_id, NameReplacement.folded).where(
            NameReplacement.table_name == type(obj).__tablename__,
            NameReplacement.row_id == row_id,
            NameReplacement.kept_at.is_not(None),
        )
    )
    kept: dict[tuple[str, str], set[tuple[int, str]]] = {}
    for column, part, person_id, folded in rows:
        kept.setdefault((column, part), set()).add((person_id, folded))
    return kept


def _check(session) -> None:
    shields = _shields(session)
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
        review_shield = shields.get(review.id)
        if review_shield is None:
            review_shield = shields[review.id] = ReviewShield(review)
        kept = _kept(session, obj)
        for key, part, text in texts:
            done, found = review_shield.check(text, kept.get((key, part), ()))
            limit = None if part else getattr(type(obj).__table__.columns[key].type, "length", None)
            if done.replaced and limit and len(done.text) > limit:
                found.append(f"names as person tokens, which would make it longer than {limit} characters: shorten it")
            problems += [(f"{type(obj).__name__} {key}{' ' + part if part else ''}", problem) for problem in found]
            if done.replaced and not found:
                set_text(obj, key, part, done.text)
                session.info.setdefault(_PENDING, []).append((obj, review.id, key, part, done.replaced))
    if problems:
        raise CaseTextRefusedError(problems)


def _after_flush(session, flush_context) -> None:
    """Keep each replacement now the rows have ids, with one audit event per review."""
    if session.info.pop(_STALE, False):
        session.info.pop(_CACHE, None)
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    from dhr.privacy.models import NameReplacement

    user_id = getattr(_user(), "id", None)
    unattributed = session.info.setdefault(_UNATTRIBUTED, [])
    fields: dict[int, list[str]] = {}
    for obj, review_id, key, part, replaced in pending:
        label = field_label(obj, key, part)
        for replacement in replaced:
            replacement_row = NameReplacement(
                review_id=review_id,
                person_id=replacement.person_id,
                table_name=type(obj).__tablename__,
                row_id=obj.id,
                column=key,
                part=part,
                field_label=label[:200],
                typed=replacement.typed,
                folded=fold.normalise(replacement.typed)[:400],
                occurrence=replacement.occurrence,
                replaced_by_id=user_id,
            )
            session.add(replacement_row)
            if user_id is None:
                unattributed.append(replacement_row)
            fields.setdefault(review_id, []).append(label)
    from dhr.audit.services import record
    from dhr.reviews.models import Review

    for review_id, labels in fields.items():
        review = session.get(Review, review_id)
        record(
            "identity.tokenised",
            f"{review.reference}: {counted(len(labels), 'registered name')} saved as person tokens",
            actor=_user(),
            obj=review,
            partnership_id=review.partnership_id,
            review_id=review_id,
            data={"fields": sorted(set(labels)), "replaced": len(labels)},
            flush=False,
        )
        counts = session.info.setdefault(REPLACED, {})
        counts[review_id] = counts.get(review_id, 0) + len(labels)


def attribute(session, actor) -> None:
    """Name the writer of replacements saved outside a request (a seed, an import on the command line): the
    actor of the audit event that records the change they belong to."""
    actor_id = getattr(actor, "id", None)
    for replacement in session.info.pop(_UNATTRIBUTED, []):
        if actor_id is not None and replacement.replaced_by_id is None:
            replacement.replaced_by_id = actor_id


def _user():
    from flask import has_request_context

    if not has_request_context():
        return None
    from flask_login import current_user

    return current_user._get_current_object() if current_user.is_authenticated else None


def _after_commit(session) -> None:
    """Tell the request how many names its commits replaced, for the writer's message."""
    counts = session.info.pop(REPLACED, None)
    _forget(session)
    from flask import g, has_request_context

    if counts and has_request_context():
        total = g.setdefault(REPLACED, {})
        for review_id, count in counts.items():
            total[review_id] = total.get(review_id, 0) + count


def _after_rollback(session, *args) -> None:
    session.info.pop(REPLACED, None)
    _forget(session)


def replaced_in_session(session) -> int:
    """How many names this transaction has replaced so far (an import reports it)."""
    return sum(session.info.get(REPLACED, {}).values())


def install(session_class=Session) -> None:
    """Check every flush of every session (the app's and the command line's alike)."""
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)
        event.listen(session_class, "after_flush_postexec", _after_flush)
        event.listen(session_class, "after_commit", _after_commit)
        for name in ("after_rollback", "after_soft_rollback"):
            event.listen(session_class, name, _after_rollback)
