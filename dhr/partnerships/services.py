"""Partnership settings."""

from dhr.audit.services import diff, record
from dhr.extensions import db
from dhr.partnerships.models import Partnership, ReviewLabel


def _snapshot(partnership: Partnership) -> dict:
    return {
        "name": partnership.name,
        "reference_prefix": partnership.reference_prefix,
        "review_label": partnership.review_label.value,
    }


def update_settings(partnership: Partnership, *, name: str, reference_prefix: str, review_label: ReviewLabel, actor):
    """Change the partnership's name, reference prefix and review label."""
    before = _snapshot(partnership)
    partnership.name = name
    partnership.reference_prefix = reference_prefix.strip().upper()
    partnership.review_label = review_label
    record(
        "partnership.updated",
        f"{actor.name} changed the partnership settings",
        actor=actor,
        obj=partnership,
        data=diff(before, _snapshot(partnership)),
    )
    db.session.flush()
