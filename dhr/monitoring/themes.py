"""The theme dashboard's figures: recommendations by theme and year, and completion rates by theme and by lead
agency. Counted in SQL (a handful of grouped queries), so the page does not grow with the partnership's history."""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import extract, func, select

from dhr.actions.models import Action
from dhr.actions.stages import ActionStatus
from dhr.agencies.models import Agency
from dhr.extensions import db
from dhr.recommendations.models import Recommendation, Theme, recommendation_themes
from dhr.reviews.models import Review

A = ActionStatus


@dataclass(frozen=True)
class YearRow:
    """One theme's recommendations in each year (the year the review was notified)."""

    label: str
    counts: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class ThemeYears:
    """Recommendations by theme (rows) and year (columns), with every recommendation counted once in `all_row`."""

    years: tuple[int, ...]
    rows: tuple[YearRow, ...]
    all_row: YearRow


@dataclass(frozen=True)
class CompletionRow:
    """Completed actions out of those still meant to happen (superseded ones are left out)."""

    label: str
    actions: int
    superseded: int
    completed: int

    @property
    def counted(self) -> int:
        """The actions the rate is out of: all but the superseded."""
        return self.actions - self.superseded

    @property
    def rate(self) -> int | None:
        """Completed as a whole percentage of `counted`, or None when nothing counts."""
        return round(100 * self.completed / self.counted) if self.counted else None


def _year():
    return extract("year", Review.notified_on)


def theme_years(partnership_id: int) -> ThemeYears:
    """Recommendations by theme and year, themes in taxonomy order (only those with recommendations)."""
    tagged = db.session.execute(
        select(Theme.label, _year(), func.count())
        .select_from(recommendation_themes)
        .join(Theme, Theme.id == recommendation_themes.c.theme_id)
        .join(Recommendation, Recommendation.id == recommendation_themes.c.recommendation_id)
        .join(Review, Review.id == Recommendation.review_id)
        .where(Review.partnership_id == partnership_id)
        .group_by(Theme.id, Theme.label, Theme.position, _year())
        .order_by(Theme.position, Theme.label)
    ).all()
    every = db.session.execute(
        select(_year(), func.count())
        .select_from(Recommendation)
        .join(Review, Review.id == Recommendation.review_id)
        .where(Review.partnership_id == partnership_id)
        .group_by(_year())
    ).all()
    years = tuple(sorted({int(year) for year, _ in every}))
    by_theme: dict[str, dict[int, int]] = defaultdict(dict)
    for label, year, n in tagged:
        by_theme[label][int(year)] = n

    def row(label: str, counts: dict[int, int]) -> YearRow:
        values = tuple(counts.get(year, 0) for year in years)
        return YearRow(label, values, sum(values))

    return ThemeYears(
        years,
        tuple(row(label, counts) for label, counts in by_theme.items()),
        row("All recommendations", {int(year): n for year, n in every}),
    )


def _completion(pairs) -> dict:
    """{key: {status: count}} from (key, status, count) rows."""
    out: dict = defaultdict(lambda: defaultdict(int))
    for key, status, n in pairs:
        out[key][status] += n
    return out


def _row(label: str, statuses: dict) -> CompletionRow:
    return CompletionRow(label, sum(statuses.values()), statuses.get(A.SUPERSEDED, 0), statuses.get(A.COMPLETED, 0))


def completion_by_theme(partnership_id: int) -> list[CompletionRow]:
    """Each theme's actions (those of its recommendations): completed out of all but the superseded."""
    pairs = db.session.execute(
        select(Theme.id, Action.status, func.count())
        .select_from(Action)
        .join(recommendation_themes, recommendation_themes.c.recommendation_id == Action.recommendation_id)
        .join(Theme, Theme.id == recommendation_themes.c.theme_id)
        .join(Review, Review.id == Action.review_id)
        .where(Review.partnership_id == partnership_id)
        .group_by(Theme.id, Action.status)
    ).all()
    counts = _completion(pairs)
    themes = db.session.scalars(
        select(Theme).where(Theme.id.in_(list(counts))).order_by(Theme.position, Theme.label)
    ).all()
    return [_row(theme.label, counts[theme.id]) for theme in themes]


def completion_by_agency(partnership_id: int) -> list[CompletionRow]:
    """Each lead agency's actions: completed out of all but the superseded, agencies by name."""
    pairs = db.session.execute(
        select(Action.lead_agency_id, Action.status, func.count())
        .join(Review, Review.id == Action.review_id)
        .where(Review.partnership_id == partnership_id)
        .group_by(Action.lead_agency_id, Action.status)
    ).all()
    counts = _completion(pairs)
    agencies = db.session.scalars(select(Agency).where(Agency.id.in_(list(counts))).order_by(Agency.name)).all()
    return [_row(agency.name, counts[agency.id]) for agency in agencies]
