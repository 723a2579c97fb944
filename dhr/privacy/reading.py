"""What each reader sees of a person token: one renderer for every page (the Jinja finalize hook), spreadsheet
cell and Word document, so no output path can show a token's real name to someone without the permission.

In a request the reader is the signed-in user: pseudonyms, or the real names of the review being read when they
hold the identity permission for it and asked (?names=real). An export or the command line says who it reads
for with `reading_as()`.
"""

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from jinja2 import pass_context, pass_environment
from jinja2.filters import do_truncate

from dhr.privacy.tokens import PERSON, render

UNKNOWN = "[unknown person]"
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# Edit boxes show tokens as typed, so a save keeps them.
_EDIT_BOXES = tuple(
    f"govuk_frontend_jinja/components/{name}/macro.html" for name in ("textarea", "input", "character-count")
)


@dataclass
class Reader:
    """Whose names one reader sees: real names only for `real_names_review`, pseudonyms for everyone else."""

    partnership_id: int | None = None
    real_names_review: int | None = None
    _people: dict[int, tuple[int, str, str]] = field(default_factory=dict)  # id: (review id, pseudonym, real name)
    _missing: set[int] = field(default_factory=set)

    def name_of(self, person_id: int) -> str:
        """The pseudonym, or the real name when this reader sees the real names of the person's review."""
        if person_id not in self._people and person_id not in self._missing:
            self._load(person_id)
        found = self._people.get(person_id)
        if found is None:
            return UNKNOWN
        review_id, pseudonym, real_name = found
        return real_name if review_id == self.real_names_review and real_name else pseudonym

    def _load(self, person_id: int) -> None:
        """The person's whole review at once: a page of one review's rows then costs one query."""
        from sqlalchemy import select

        from dhr.extensions import db
        from dhr.reviews.models import Person, Review

        review_of = select(Person.review_id).where(Person.id == person_id).scalar_subquery()
        query = select(Person.id, Person.review_id, Person.pseudonym, Person.real_name).where(
            Person.review_id == review_of
        )
        if self.partnership_id is not None:
            query = query.join(Review, Review.id == Person.review_id).where(
                Review.partnership_id == self.partnership_id
            )
        rows = db.session.execute(query).all()
        self._people.update({row.id: (row.review_id, row.pseudonym, row.real_name) for row in rows})
        if person_id not in self._people:
            self._missing.add(person_id)

    def shown(self, text):
        """The text with its person tokens as this reader sees them."""
        return render(text, self.name_of)


_EXPLICIT: ContextVar[Reader | None] = ContextVar("dhr_reader", default=None)


@contextlib.contextmanager
def reading_as(review=None, *, real_names: bool = False) -> Iterator[Reader]:
    """Render tokens for an export or a command: pseudonyms, or this review's real names when asked (the caller
    has checked the permission)."""
    reader = Reader(
        partnership_id=getattr(review, "partnership_id", None),
        real_names_review=review.id if real_names and review is not None else None,
    )
    reset = _EXPLICIT.set(reader)
    try:
        yield reader
    finally:
        _EXPLICIT.reset(reset)


def _request_reader() -> Reader:
    from flask import g, request
    from flask_login import current_user

    reader = g.get("_token_reader")
    if reader is None:
        review = g.get("review")
        partnership_id = current_user.partnership_id if current_user.is_authenticated else -1
        reader = Reader(partnership_id=partnership_id, real_names_review=_real_names_review(review, request))
        g._token_reader = reader
    return reader


def _real_names_review(review, request) -> int | None:
    if review is None or request.args.get("names") != "real":
        return None
    from flask_login import current_user

    from dhr.permissions import Permission, can

    return review.id if can(current_user, Permission.VIEW_IDENTITIES, review) else None


def current() -> Reader:
    """The reader tokens are rendered for now: an export's or command's, the request's, or pseudonyms only."""
    from flask import has_request_context

    explicit = _EXPLICIT.get()
    if explicit is not None:
        return explicit
    if has_request_context():
        return _request_reader()
    return Reader()


def shown(text):
    """The text as the current reader sees it (unchanged when it holds no person token)."""
    if not isinstance(text, str) or "[[person:" not in text:
        return text
    return current().shown(text)


def shown_in_xml(xml: str) -> str:
    """An XML part with its person tokens as the current reader sees them, escaped for XML text."""
    reader = current()
    return PERSON.sub(lambda match: reader.name_of(int(match.group(1))).translate(_XML_ESCAPES), xml)


@pass_context
def finalize(context, value):
    """Jinja's finalize: every plain string a template prints shows its person tokens as the reader sees them.

    Markup is left alone (it was finalized as it was built), and so are the values of edit boxes."""
    if type(value) is str and "[[person:" in value and not (context.name or "").startswith(_EDIT_BOXES):
        return current().shown(value)
    return value


@pass_environment
def truncate(environment, text, *args, **kwargs):
    """Jinja's truncate filter, on the text as the reader sees it: a token cut in two would no longer render."""
    return do_truncate(environment, shown(text), *args, **kwargs)
