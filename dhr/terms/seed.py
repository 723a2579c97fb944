"""Demo terms of reference and parallel processes for the Westminster reviews. Pseudonyms only.

Each review that reached evidence gathering agreed a v1 on its "tor" day (seed/reviews.py calls `agree_first_terms`,
because the evidence guard needs it); `seed_terms` then adds a v2 draft to one review, a v1 draft to the review
still in set-up, and parallel processes: a criminal trial concluded with a sentence, an inquest opened and
adjourned, a trial still to come.
"""

from datetime import timedelta

from sqlalchemy import func, select

from dhr.agencies.models import Agency
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.reviews.models import DeathCategory, Review
from dhr.reviews.queries import review_of_victim
from dhr.reviews.stages import ReviewStage
from dhr.terms import services, workflow
from dhr.terms.models import ParallelProcess
from dhr.terms.stages import ProcessKind, ProcessStatus

LINES = [
    (
        "What knowledge did agencies have that could have indicated that the victim might be at risk of harm, "
        "and how did they respond to it?"
    ),
    (
        "What knowledge did agencies have that could have indicated that the perpetrator posed a risk of harm to the "
        "victim or to others?"
    ),
    (
        "Were risk assessments, including the DASH risk checklist, completed, shared and acted on, and were referrals "
        "made to the MARAC where the threshold was met?"
    ),
    "How well did agencies share information with each other, and were there missed opportunities to do so?",
    "Did agencies recognise and respond to coercive and controlling behaviour, including economic abuse?",
    (
        "What barriers, including any related to the victim's protected characteristics, made it harder for the victim "
        "to seek help, and how did agencies take account of them?"
    ),
]
SUICIDE_LINE = (
    "What did agencies know about the victim's mental health and risk of suicide, and did they consider its "
    "connection with the abuse?"
)
# (agency code, included, reason)
AGENCIES = [
    ("MPS", True, "IMR: call-outs to the home address, a DASH risk assessment and an arrest of the perpetrator"),
    ("CNWL", True, "Short report: the victim's contact with community mental health services"),
    ("WCC-ASC", True, "Chronology: a safeguarding referral about the victim"),
    ("LAS", True, "Chronology: ambulance attendances at the home address"),
    ("LFB", False, "Searched: no contact with the victim or the perpetrator in the scope period."),
    ("DWP", False, "Contact limited to routine benefit payments; nothing relevant to the lines of enquiry."),
]
PURPOSE = (
    "To establish what lessons are to be learned from the death of {victim} about the way local professionals "
    "and organisations work, individually and together, to safeguard victims; to identify clearly what those "
    "lessons are, how and within what timescales they will be acted on, and what is expected to change; and to "
    "contribute to a better understanding of the nature of domestic abuse.\n\n"
    "The review is not an inquiry into how {victim} died or into who is culpable: that is for the courts."
)


def _agency(partnership_id: int, code: str) -> Agency:
    return db.session.scalar(select(Agency).where(Agency.partnership_id == partnership_id, Agency.code == code))


def _draft_v1(review, actor, *, lines: list[str]):
    version = services.start_draft(review, actor=actor)
    death = review.date_of_death or review.notified_on
    services.update_draft(
        version,
        actor=actor,
        scope_from=death - timedelta(days=3 * 365),
        scope_to=death,
        purpose=PURPOSE.format(victim=review.victim_pseudonym),
    )
    for text in lines:
        services.add_line(version, text=text, actor=actor)
    for code, included, reason in AGENCIES:
        agency = _agency(review.partnership_id, code)
        if not any(row.agency_id == agency.id for row in version.agencies):
            services.add_agency(version, agency=agency, included=included, reason=reason, actor=actor)
    return version


def agree_first_terms(review, on, actor) -> None:
    """v1: scope, purpose, six lines of enquiry (seven for a suspected suicide) and agencies, agreed on `on`."""
    lines = LINES + ([SUICIDE_LINE] if review.category is DeathCategory.SUICIDE else [])
    version = _draft_v1(review, actor, lines=lines)
    workflow.agree(version, agreed_on=on, actor=actor)


def seed_terms(partnership) -> int:
    """A v2 draft, a set-up v1 draft and parallel processes (once); returns how many processes were added."""
    if db.session.scalar(
        select(func.count()).select_from(ParallelProcess).join(Review).where(Review.partnership_id == partnership.id)
    ):
        return 0
    actor = db.session.scalar(select(User).where(User.email == "coordinator@swp.example"))
    today = london_today()
    # Ms J: the police found earlier history, so the panel is widening the scope and adding a line of enquiry.
    ms_j = review_of_victim(partnership.id, "Ms J")
    v2 = services.start_draft(ms_j, actor=actor)
    services.update_draft(
        v2, actor=actor, scope_from=v2.scope_from - timedelta(days=365), scope_to=v2.scope_to, purpose=v2.purpose
    )
    services.add_line(
        v2,
        text="How did agencies respond when the victim reported threats by text message, and was the perpetrator's "
        "arrest followed by safety planning with her?",
        actor=actor,
    )
    services.add_agency(
        v2,
        agency=_agency(partnership.id, "IDVA"),
        included=True,
        reason="Chronology: IDVA support after the MARAC referral",
        actor=actor,
    )
    cnwl = next(row for row in v2.agencies if row.agency.code == "CNWL")
    services.update_agency(
        cnwl, included=True, reason="IMR: community mental health and crisis team contact with the victim", actor=actor
    )
    # Adult G is still in set-up: the terms are a draft the panel has not agreed yet.
    adult_g = review_of_victim(partnership.id, "Adult G")
    if adult_g is not None and adult_g.stage is ReviewStage.SET_UP:
        _draft_v1(adult_g, actor, lines=LINES[:4])

    added = 0
    notified = ms_j.notified_on
    trial = services.add_process(
        ms_j,
        actor=actor,
        kind=ProcessKind.CRIMINAL_TRIAL,
        description="Central Criminal Court trial of Mr K",
        status=ProcessStatus.SCHEDULED,
        started_on=None,
        next_date=notified + timedelta(days=90),
        concluded_on=None,
        outcome="",
        notes="SIO: DCI Sam Green. The CPS agreed what the panel may see before the trial.",
    )
    services.update_process(
        trial,
        ms_j,
        actor=actor,
        kind=trial.kind,
        description=trial.description,
        status=ProcessStatus.IN_PROGRESS,
        started_on=notified + timedelta(days=90),
        next_date=None,
        concluded_on=None,
        outcome="",
        notes=trial.notes,
    )
    services.update_process(
        trial,
        ms_j,
        actor=actor,
        kind=trial.kind,
        description=trial.description,
        status=ProcessStatus.CONCLUDED,
        started_on=trial.started_on,
        next_date=None,
        concluded_on=today - timedelta(days=70),
        outcome="Mr K was convicted of murder and sentenced to life imprisonment with a minimum term of 19 years.",
        notes=trial.notes,
    )
    services.add_process(
        ms_j,
        actor=actor,
        kind=ProcessKind.INQUEST,
        description="",
        status=ProcessStatus.IN_PROGRESS,
        started_on=notified + timedelta(days=6),
        next_date=today + timedelta(days=45),
        concluded_on=None,
        outcome="Opened and adjourned pending the criminal proceedings. The coroner will decide at the review "
        "hearing whether to resume it.",
        notes="Coroner's officer kept informed of the review's timetable.",
    )
    added += 2
    adult_l = review_of_victim(partnership.id, "Adult L")
    if adult_l is not None:
        services.add_process(
            adult_l,
            actor=actor,
            kind=ProcessKind.CRIMINAL_TRIAL,
            description="Crown Court trial of Adult M",
            status=ProcessStatus.SCHEDULED,
            started_on=None,
            next_date=today + timedelta(days=40),
            concluded_on=None,
            outcome="",
            notes="Publication waits for the verdict.",
        )
        added += 1
    mr_n = review_of_victim(partnership.id, "Mr N")
    if mr_n is not None:
        services.add_process(
            mr_n,
            actor=actor,
            kind=ProcessKind.INQUEST,
            description="",
            status=ProcessStatus.IN_PROGRESS,
            started_on=mr_n.notified_on + timedelta(days=10),
            next_date=today + timedelta(days=30),
            concluded_on=None,
            outcome="Opened and adjourned for further medical evidence.",
            notes="",
        )
        services.add_process(
            mr_n,
            actor=actor,
            kind=ProcessKind.SAR,
            description="",
            status=ProcessStatus.NOT_APPLICABLE,
            started_on=None,
            next_date=None,
            concluded_on=None,
            outcome="The Safeguarding Adults Board decided the criteria for a SAR were not met.",
            notes="",
        )
        added += 2
    db.session.flush()
    return added
