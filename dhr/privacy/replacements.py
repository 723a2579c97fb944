"""What the shield replaced, for the writer to check, and keeping what they typed where a match was wrong."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr.audit.services import record
from dhr.core import clock
from dhr.core.errors import DomainError
from dhr.extensions import db
from dhr.privacy import tokens
from dhr.privacy.models import NameReplacement
from dhr.privacy.shield import set_text

LISTED = 100


class KeepError(DomainError, ValueError):
    """The replacement cannot be undone: its text has changed since, or it was already kept."""


def replacements_for(review, user, *, everyone: bool) -> list[NameReplacement]:
    """The review's newest replacements: the user's own, or everyone's for a reader of identities."""
    query = (
        select(NameReplacement)
        .where(NameReplacement.review_id == review.id)
        .options(selectinload(NameReplacement.person), selectinload(NameReplacement.replaced_by))
        .order_by(NameReplacement.id.desc())
        .limit(LISTED)
    )
    if not everyone:
        query = query.where(NameReplacement.replaced_by_id == user.id)
    return list(db.session.scalars(query))


def _row_of(replacement: NameReplacement):
    for mapper in db.Model.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == replacement.table_name:
            return db.session.get(mapper.class_, replacement.row_id)
    return None


def _text_of(row, replacement: NameReplacement) -> str | None:
    value = getattr(row, replacement.column, None)
    if replacement.part:
        value = value.get(replacement.part) if isinstance(value, dict) else None
    return value if isinstance(value, str) else None


def keep_as_typed(replacement: NameReplacement, *, actor) -> None:
    """Put the writer's words back in place of the token, and stop the shield replacing them in this field."""
    if replacement.kept_at is not None:
        raise KeepError("These words were already kept as typed")
    row = _row_of(replacement)
    text = _text_of(row, replacement) if row is not None else None
    restored = tokens.restore(text or "", replacement.person_id, replacement.occurrence, replacement.typed)
    if restored is None:
        raise KeepError("The text has changed since the name was replaced: edit it instead")
    # Kept first, and flushed, so the shield reads it when the text is saved.
    replacement.kept_at, replacement.kept_by_id = clock.now(), actor.id
    later = db.session.scalars(
        select(NameReplacement).where(
            NameReplacement.table_name == replacement.table_name,
            NameReplacement.row_id == replacement.row_id,
            NameReplacement.column == replacement.column,
            NameReplacement.part == replacement.part,
            NameReplacement.person_id == replacement.person_id,
            NameReplacement.occurrence > replacement.occurrence,
            NameReplacement.kept_at.is_(None),
        )
    )
    for other in later:
        other.occurrence -= 1  # the token put back no longer counts
    db.session.flush()
    set_text(row, replacement.column, replacement.part, restored)
    db.session.flush()
    from dhr.reviews.models import Review

    review = db.session.get(Review, replacement.review_id)
    record(
        "identity.kept_as_typed",
        f"{review.reference}: a replaced name kept as typed in {replacement.field_label}",
        actor=actor,
        obj=replacement,
        partnership_id=review.partnership_id,
        review_id=review.id,
        data={"field": replacement.field_label, "person": replacement.person_id},
    )
