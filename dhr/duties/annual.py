"""Gathering the annual report from the record (the register, the reviews, action plans and the strategy), and
producing it as a Word document, audited."""

import statistics as stats
from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr.actions.models import Action
from dhr.actions.stages import ActionStatus
from dhr.actions.workflow import shown_status as action_status
from dhr.audit.services import record
from dhr.clocks import six_months
from dhr.clocks.rows import Filters, review_rows
from dhr.core.dates import london_today
from dhr.core.errors import DomainError
from dhr.duties.live import live_state
from dhr.duties.models import AnnualReportSignOff, Duty, Strategy
from dhr.duties.strategy_views import objective_actions, progress
from dhr.duties.workflow import shown_status
from dhr.extensions import db
from dhr.recommendations.models import Recommendation
from dhr.reports.annual import TITLE, AnnualReport, DutyLine, ReviewFigures
from dhr.reports.context import REVIEW_TITLES, Cover, Marking, long_date
from dhr.reports.docx import build, to_bytes
from dhr.reports.services import Export
from dhr.reviews.models import Review

EXPORTED = "annual_report.exported"


def _duty_lines(partnership_id: int, year: int, today: date) -> tuple[DutyLine, ...]:
    duties = db.session.scalars(
        select(Duty)
        .where(Duty.partnership_id == partnership_id, Duty.active.is_(True))
        .order_by(Duty.position)
        .options(selectinload(Duty.occurrences))
    ).all()
    lines = []
    for duty in duties:
        live = live_state(duty)
        if live is not None:
            lines.append(DutyLine(duty.code, duty.title, live.summary, "", live.status.label, ""))
            continue
        in_year = [o for o in duty.occurrences if o.due_on.year == year]
        if not in_year:
            what = duty.frequency.label if not duty.occurrences else "None due this year"
            lines.append(DutyLine(duty.code, duty.title, what, "", "", ""))
        for o in in_year:
            met = long_date(o.met_on) if o.met_on else (o.reason if o.reason else "")
            lines.append(
                DutyLine(duty.code, duty.title, o.label, long_date(o.due_on), shown_status(o, today).label, met)
            )
    return tuple(lines)


def _review_figures(partnership_id: int, year: int, today: date) -> ReviewFigures:
    rows = review_rows(
        select(Review).where(Review.partnership_id == partnership_id), Filters(include_closed=True), today
    )
    reviews = [row.review for row in rows]
    completion = [c for row in rows for c in row.clocks if c.key == "completion" and c.met_on and c.met_on.year == year]
    decided = [r for r in reviews if r.decided_on and r.decided_on.year == year]
    completed = [r for r in reviews if r.signed_off_on and r.decided_on and r.signed_off_on.year == year]
    to_decision = [(r.decided_on - r.notified_on).days for r in decided]
    to_completion = [(r.signed_off_on - r.decided_on).days for r in completed]
    return ReviewFigures(
        notified=sum(1 for r in reviews if r.notified_on.year == year),
        commissioned=sum(1 for r in decided if r.commissioned),
        completed=len(completion),
        six_months=six_months.count(completion),
        median_days_to_decision=stats.median(to_decision) if to_decision else None,
        median_days_to_completion=stats.median(to_completion) if to_completion else None,
    )


def _action_figures(partnership_id: int, today: date):
    recommendations = db.session.scalars(
        select(Recommendation)
        .join(Review, Review.id == Recommendation.review_id)
        .where(Review.partnership_id == partnership_id)
        .options(selectinload(Recommendation.themes), selectinload(Recommendation.actions))
    ).all()
    actions: list[Action] = [a for r in recommendations for a in r.actions]
    by_status = Counter(action_status(a, today) for a in actions)
    statuses = tuple((s.label, by_status[s]) for s in ActionStatus if by_status[s])
    themes: dict[str, list[int]] = {}
    for recommendation in recommendations:
        for theme in recommendation.themes:
            counts = themes.setdefault(theme.label, [0, 0, 0])
            counts[0] += 1
            counts[1] += len(recommendation.actions)
            counts[2] += sum(1 for a in recommendation.actions if a.status is ActionStatus.COMPLETED)
    return statuses, tuple((label, *counts) for label, counts in sorted(themes.items()))


def _groups(partnership_id: int):
    strategy = db.session.scalar(
        select(Strategy).where(Strategy.partnership_id == partnership_id).order_by(Strategy.starts_year.desc())
    )
    if strategy is None:
        return ()
    rows = []
    for group in strategy.groups:
        actions = [a for objective in group.objectives for a in objective_actions(objective)]
        done, total = progress(actions)
        rows.append((group.name, len(group.objectives), total, done))
    return tuple(rows)


class SignOffError(DomainError):
    """The sign-off cannot be recorded as given; the message is fit to show."""


def sign_off_of(partnership_id: int, year: int) -> AnnualReportSignOff | None:
    """The board's sign-off of the year's annual report, if recorded."""
    return db.session.scalar(
        select(AnnualReportSignOff).where(
            AnnualReportSignOff.partnership_id == partnership_id, AnnualReportSignOff.year == year
        )
    )


def sign_offs(partnership_id: int) -> list[AnnualReportSignOff]:
    """Every recorded sign-off, latest year first."""
    return list(
        db.session.scalars(
            select(AnnualReportSignOff)
            .where(AnnualReportSignOff.partnership_id == partnership_id)
            .order_by(AnnualReportSignOff.year.desc())
        )
    )


def record_sign_off(
    partnership, *, year: int, signed_off_on: date, signed_off_by: str, minute_reference: str, actor
) -> AnnualReportSignOff:
    """Record that the board signed off the year's annual report: from then it is no longer marked a draft."""
    if signed_off_on.year < year:
        raise SignOffError(f"The board signs off the {year} report in {year} or later", "signed_off_on")
    if sign_off_of(partnership.id, year) is not None:
        raise SignOffError(f"The {year} annual report's sign-off is already recorded", "report_year")
    row = AnnualReportSignOff(
        partnership_id=partnership.id,
        year=year,
        signed_off_on=signed_off_on,
        signed_off_by=signed_off_by.strip(),
        minute_reference=minute_reference.strip(),
        recorded_by_id=actor.id,
    )
    db.session.add(row)
    db.session.flush()
    record(
        "annual_report.signed_off",
        f"{actor.name} recorded the board's sign-off of the {year} annual report",
        actor=actor,
        obj=partnership,
        partnership_id=partnership.id,
        data={"year": year, "signed_off_on": signed_off_on.isoformat(), "by": row.signed_off_by},
    )
    return row


def _marking(partnership_id: int, year: int) -> Marking:
    """DRAFT on every page until the board's sign-off is recorded; then the sign-off, in the header."""
    signed = sign_off_of(partnership_id, year)
    if signed is None:
        return Marking(draft=True, version_label=f"ANNUAL REPORT {year}", status="DRAFT")
    return Marking(
        draft=True,
        version_label=f"{year}: signed off by {signed.signed_off_by} on {long_date(signed.signed_off_on)}",
        status="ANNUAL REPORT",
    )


def _signed_off(partnership_id: int, year: int) -> str:
    signed = sign_off_of(partnership_id, year)
    if signed is None:
        return ""
    minute = f" (minute {signed.minute_reference})" if signed.minute_reference else ""
    return f"Signed off by {signed.signed_off_by} on {long_date(signed.signed_off_on)}{minute}."


def annual_report_context(partnership, year: int, today: date | None = None) -> AnnualReport:
    """The annual report for one calendar year."""
    today = today or london_today()
    statuses, themes = _action_figures(partnership.id, today)
    return AnnualReport(
        cover=Cover(
            partnership=partnership.name,
            review_title=REVIEW_TITLES.get(partnership.review_label.value, REVIEW_TITLES["DHR"]),
            document_title=f"{TITLE}, {year}",
            subject="",
            death="",
            chair="",
            author="",
            version=str(year),
            issued=long_date(today),
            reference=partnership.reference_prefix,
        ),
        marking=_marking(partnership.id, year),
        signed_off=_signed_off(partnership.id, year),
        year=year,
        duties=_duty_lines(partnership.id, year, today),
        reviews=_review_figures(partnership.id, year, today),
        actions_by_status=statuses,
        themes=themes,
        groups=_groups(partnership.id),
    )


def export_annual_report(partnership, year: int, *, actor, via: str = "web") -> Export:
    """Build the annual report and audit it (the caller commits)."""
    report = annual_report_context(partnership, year)
    data = to_bytes(build(report))
    name = f"{partnership.reference_prefix or 'partnership'}_annual-report_{year}.docx"
    signed = sign_off_of(partnership.id, year) is not None
    done = Export(name, data, "annual-report", "signed off" if signed else "draft", str(year), False)
    record(
        EXPORTED,
        f"Annual report {year} exported ({via})",
        actor=actor,
        obj=partnership,
        partnership_id=partnership.id,
        data={"year": year, "via": via, "filename": name, "bytes": len(data)},
    )
    return done
