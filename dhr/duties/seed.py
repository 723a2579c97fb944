"""The demo duty register: D01-D18 (D05 only for two-tier partnerships), occurrences a year either side of today in
every status, and the strategy with its delivery groups, objectives linked to review recommendations and actions."""

from datetime import date, timedelta

from sqlalchemy import select

from dhr.agencies.models import Agency
from dhr.auth.membership import members_of
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.duties import services, workflow
from dhr.duties.models import DeliveryGroup, Duty, Objective, Strategy
from dhr.duties.register import DEFAULT_DUTIES
from dhr.duties.stages import AppliesTo, OccurrenceStatus
from dhr.duties.strategy import GROUPS, PRINCIPLES, VISION
from dhr.extensions import db
from dhr.files.guard import check_upload

OS = OccurrenceStatus


def seed_register(partnership) -> int:
    """Give the partnership the default register (once), leaving out duties that do not apply to it."""
    if db.session.scalar(select(Duty.id).where(Duty.partnership_id == partnership.id).limit(1)):
        return 0
    agencies = {a.code: a for a in db.session.scalars(select(Agency).where(Agency.partnership_id == partnership.id))}
    added = 0
    for position, row in enumerate(DEFAULT_DUTIES, start=1):
        code, title, basis, url, area, frequency, due, output, owner, officer, notes, live = row
        if area is AppliesTo.TWO_TIER and not partnership.two_tier:
            continue
        db.session.add(
            Duty(
                partnership_id=partnership.id,
                code=code,
                title=title,
                legal_basis=basis,
                legal_url=url,
                applies_to=area,
                frequency=frequency,
                due_month=due[0] if due else None,
                due_day=due[1] if due else None,
                anchor_year=2017 if code == "D03" else None,
                output=output,
                owner_agency_id=agencies[owner].id if owner in agencies else None,
                owner_officer=officer,
                notes=notes,
                live=live,
                position=position,
            )
        )
        added += 1
    db.session.flush()
    return added


def _progress(partnership, coordinator) -> None:
    """Past occurrences met (one late, with evidence), one overdue, one not applicable, one in progress."""
    today = london_today()
    duties = {d.code: d for d in db.session.scalars(select(Duty).where(Duty.partnership_id == partnership.id))}
    for duty in duties.values():
        for occurrence in duty.occurrences:
            if occurrence.due_on >= today - timedelta(days=30) or occurrence.status is not OS.NOT_STARTED:
                continue
            if duty.code == "D08" and occurrence.due_on == max(o.due_on for o in duty.occurrences if o.due_on < today):
                continue  # the latest data return is overdue
            late = duty.code == "D06"
            upload = check_upload(f"{duty.code.lower()}-{occurrence.due_on:%Y-%m}.txt", f"{duty.title}".encode())
            services.add_evidence(occurrence, upload=upload, description=duty.output, actor=coordinator)
            met_on = occurrence.due_on + timedelta(days=12 if late else -10)
            workflow.mark_met(occurrence, met_on=min(met_on, today), actor=coordinator)
    d13 = duties.get("D13")
    if d13 is not None and not d13.occurrences:
        services.add_occurrence(
            d13, label="MOPAC partnership meeting", due_on=today + timedelta(days=40), actor=coordinator
        )
    d04 = duties.get("D04")
    if d04 is not None and not d04.occurrences:
        sent = services.add_occurrence(
            d04, label="Plan refresh sent to MOPAC", due_on=today - timedelta(days=60), actor=coordinator
        )
        workflow.transition(
            sent, OS.NOT_APPLICABLE, actor=coordinator, reason="MOPAC asked for the plan with the next refresh instead"
        )
    for code in ("D02", "D11"):
        upcoming = [o for o in duties[code].occurrences if o.due_on > today] if code in duties else []
        if upcoming:
            workflow.transition(upcoming[0], OS.IN_PROGRESS, actor=coordinator)


def seed_strategy(partnership) -> int:
    """The strategy, its principles, delivery groups and objectives (once), with review work linked."""
    if db.session.scalar(select(Strategy.id).where(Strategy.partnership_id == partnership.id).limit(1)):
        return 0
    strategy = Strategy(
        partnership_id=partnership.id,
        title="Safer Westminster Partnership Strategy",
        starts_year=2017,
        ends_year=2020,
        vision=VISION,
        principles=list(PRINCIPLES),
        refreshed_on=london_today().replace(month=4, day=1),
    )
    for position, (name, aim, objectives) in enumerate(GROUPS, start=1):
        group = DeliveryGroup(position=position, name=name, aim=aim)
        group.objectives = [Objective(number=n, text=text) for n, text in enumerate(objectives, start=1)]
        strategy.groups.append(group)
    db.session.add(strategy)
    db.session.flush()
    _link_review_work(strategy)
    return len(GROUPS)


def _link_review_work(strategy) -> None:
    """Domestic abuse recommendations and their actions serve the Victim group's objectives."""
    from dhr.recommendations.models import Recommendation
    from dhr.reviews.models import Review

    victim = strategy.groups[0]
    identify, support = victim.objectives[0], victim.objectives[1]
    recommendations = db.session.scalars(
        select(Recommendation)
        .join(Review, Review.id == Recommendation.review_id)
        .where(Review.partnership_id == strategy.partnership_id)
        .order_by(Recommendation.id)
    ).all()
    for recommendation in recommendations:
        objective = identify if any(t.slug == "information-sharing" for t in recommendation.themes) else support
        objective.recommendations.append(recommendation)
        objective.actions.extend(recommendation.actions)


def _annual_sign_off(partnership, actor) -> None:
    """The year before last's annual report signed off by the board; last year's is still a draft."""
    from dhr.duties.annual import record_sign_off

    year = london_today().year - 2
    record_sign_off(
        partnership,
        year=year,
        signed_off_on=date(year + 1, 3, 20),
        signed_off_by="the Safer Westminster Partnership board",
        minute_reference=f"SWP/{year + 1 - 2000}/14",
        actor=actor,
    )


def seed_duties(partnership) -> int:
    """The register, its occurrences and the strategy for the demo. Returns how many duties were added."""
    added = seed_register(partnership)
    services.generate_occurrences(partnership)
    if added:
        coordinator = db.session.scalar(
            select(User).where(members_of(partnership.id), User.email == "coordinator@swp.example")
        )
        if coordinator is not None:
            _progress(partnership, coordinator)
            _annual_sign_off(partnership, coordinator)
    seed_strategy(partnership)
    db.session.flush()
    return added
