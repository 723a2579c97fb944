"""The partnership's theme taxonomy: add, rename, retire, restore and reorder themes. Each change is audited;
slugs are unique in the partnership, and a retired theme stays on the recommendations that carry it."""

import re
import unicodedata

from sqlalchemy import func, select

from dhr.audit.services import record
from dhr.extensions import db
from dhr.recommendations.models import Theme
from dhr.recommendations.services import RecommendationError, seed_themes, themes_for

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug_for(label: str) -> str:
    """'Risk assessment & DASH' -> 'risk-assessment-dash'."""
    folded = unicodedata.normalize("NFKD", label or "").encode("ascii", "ignore").decode().lower()
    return _NON_SLUG.sub("-", folded).strip("-")[:60]


def _check_label(partnership_id: int, label: str, exclude_id: int | None = None) -> tuple[str, str]:
    label = " ".join((label or "").split())
    slug = slug_for(label)
    if not slug:
        raise RecommendationError("Enter a name with letters or numbers in it", "label")
    query = select(Theme).where(Theme.partnership_id == partnership_id, Theme.slug == slug)
    if exclude_id is not None:
        query = query.where(Theme.id != exclude_id)
    taken = db.session.scalar(query)
    if taken is not None:
        hint = "" if taken.active else ": it is retired, so restore it instead"
        raise RecommendationError(f"There is already a theme called {taken.label}{hint}", "label")
    return label, slug


def add_theme(partnership_id: int, *, label: str, actor) -> Theme:
    """A new theme at the end of the list."""
    label, slug = _check_label(partnership_id, label)
    last = db.session.scalar(select(func.max(Theme.position)).where(Theme.partnership_id == partnership_id))
    theme = Theme(partnership_id=partnership_id, slug=slug, label=label, position=(last or 0) + 1, active=True)
    record(
        "theme.added",
        f"{actor.name} added the theme {label}",
        actor=actor,
        added=theme,
        partnership_id=theme.partnership_id,
        data={"slug": theme.slug, "label": theme.label},
    )
    return theme


def rename_theme(theme: Theme, *, label: str, actor) -> bool:
    """Change a theme's name (and its slug with it). False when nothing changed."""
    label, slug = _check_label(theme.partnership_id, label, exclude_id=theme.id)
    if label == theme.label and slug == theme.slug:
        return False
    before = theme.label
    theme.label, theme.slug = label, slug
    db.session.flush()
    record(
        "theme.renamed",
        f"{actor.name} renamed the theme {before} to {label}",
        actor=actor,
        obj=theme,
        partnership_id=theme.partnership_id,
        data={"slug": theme.slug, "label": theme.label, "before": before},
    )
    return True


def set_active(theme: Theme, active: bool, *, actor) -> bool:
    """Retire a theme (no longer offered for new recommendations) or restore it. False when already so."""
    if theme.active == active:
        return False
    theme.active = active
    db.session.flush()
    verb = "restored" if active else "retired"
    record(
        f"theme.{verb}",
        f"{actor.name} {verb} the theme {theme.label}",
        actor=actor,
        obj=theme,
        partnership_id=theme.partnership_id,
        data={"slug": theme.slug, "label": theme.label},
    )
    return True


def move(theme: Theme, direction: str, *, actor) -> bool:
    """Move a theme one place up or down the list. False at either end."""
    ordered = themes_for(theme.partnership_id, active_only=False)
    at = next(n for n, t in enumerate(ordered) if t.id == theme.id)
    to = at - 1 if direction == "up" else at + 1
    if direction not in ("up", "down") or not 0 <= to < len(ordered):
        return False
    ordered[at], ordered[to] = ordered[to], ordered[at]
    for position, each in enumerate(ordered, start=1):
        each.position = position  # renumbered, so ties from older data cannot stick
    db.session.flush()
    record(
        "theme.moved",
        f"{actor.name} moved the theme {theme.label} {direction}",
        actor=actor,
        obj=theme,
        partnership_id=theme.partnership_id,
        data={"slug": theme.slug, "label": theme.label, "position": to + 1},
    )
    return True


def add_defaults(partnership, *, actor) -> int:
    """Give a partnership with no themes the Home Office library's taxonomy. Returns how many were added."""
    if themes_for(partnership.id, active_only=False):
        return 0
    added = seed_themes(partnership)
    record(
        "theme.defaults_added",
        f"{actor.name} added the {added} default themes",
        actor=actor,
        partnership_id=partnership.id,
        data={"added": added},
    )
    return added
