"""Demo meetings: every commissioned demo review with a chair gets a held first panel meeting (agenda, decisions,
attendance with one apology, minutes, and actions: one done, one overdue, one open) and, while it is running, a
planned next meeting. Reviews past evidence gathering also get a second held panel meeting.

Names are invented; victims and perpetrators appear only by pseudonym.
"""

from datetime import time, timedelta

from sqlalchemy import func, select

from dhr.agencies.models import Agency
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.meetings import services, workflow
from dhr.meetings.attendance import roster
from dhr.meetings.models import Meeting
from dhr.meetings.stages import AttendanceStatus, MeetingKind, MeetingStatus
from dhr.permissions import ReviewRole
from dhr.reviews.models import Review, ReviewMember
from dhr.reviews.stages import ReviewStage
from dhr.reviews.workflow import entered_on

S = ReviewStage
FINISHED = {S.APPROVED, S.PUBLISHED, S.MONITORING, S.CLOSED}
CITY_HALL = "Westminster City Hall, 64 Victoria Street, Room 5.12"
# (name, agency code or None, organisation, attendance)
GUESTS = [
    ("DI Mark Ellison", "MPS", "", AttendanceStatus.PRESENT),
    ("Nadia Brooks", "CNWL", "", AttendanceStatus.PRESENT),
    ("Angela Price", "NWL-ICB", "", AttendanceStatus.PRESENT),
    ("Helen Achebe", "IDVA", "", AttendanceStatus.PRESENT),
    ("Farah Qureshi", None, "Advocacy After Fatal Domestic Abuse (AAFDA)", AttendanceStatus.PRESENT),
    ("Tom Fraser", "WCC-CS", "", AttendanceStatus.APOLOGIES),
]


def _first_agenda(review) -> list[tuple[str, str, str, str]]:
    """(title, presenter, discussion, decisions) for a first panel meeting."""
    victim = review.victim_pseudonym
    agreed = review.terms_of_reference_agreed_on is not None
    return [
        (
            "Introductions and declarations",
            "Independent chair",
            (
                "Members introduced themselves and their roles. The chair explained that the review is about learning, "
                "not blame, and that it is not an inquiry into how the victim died or who is culpable. Confidentiality "
                "agreements were circulated."
            ),
            (
                f"No member declared direct involvement with {victim}, or line management of staff who were involved.\n"
                "Signed confidentiality agreements to be returned to the coordinator."
            ),
        ),
        (
            "Terms of reference",
            "Independent chair",
            (
                "The draft terms of reference were discussed, including key lines of enquiry on risk assessment (DASH "
                "and MARAC), information sharing between agencies, and the response to disclosures of abuse."
            ),
            "Terms of reference agreed with the amendments discussed.\nScope period: the three years before the "
            "death, with earlier relevant history summarised."
            if agreed
            else "Draft terms of reference to be revised and agreed by email within two weeks.",
        ),
        (
            "Scoping of agencies",
            "Coordinator",
            (
                "The coordinator summarised the scoping returns. Police, mental health and adult social care had "
                "contact with the victim; the fire brigade searched its records and found none."
            ),
            (
                "IMRs from the Metropolitan Police Service and Central and North West London NHS Foundation Trust.\n"
                "Short report and chronology from Westminster Adult Social Care.\n"
                "London Fire Brigade excluded: no contact found."
            ),
        ),
        (
            "Family engagement",
            "Independent chair",
            (
                f"The chair has written to {victim}'s family and offered specialist advocacy through AAFDA. The family "
                "would like to contribute and to meet the panel later in the review."
            ),
            "The chair will meet the family, with their advocate, before the next panel meeting.",
        ),
        ("Any other business", "", "The coroner has opened and adjourned the inquest. Next meeting date agreed.", ""),
    ]


LATER_AGENDA = [
    ("Apologies, minutes and actions of the last meeting", "Independent chair", "", "Minutes agreed as accurate."),
    (
        "IMR presentations",
        "IMR authors",
        (
            "The police and mental health trust IMR authors presented their findings; panel members asked questions "
            "about risk information shared with the MARAC."
        ),
        "Both IMRs accepted subject to the clarifications requested.",
    ),
    (
        "Emerging themes",
        "Overview report author",
        "Themes: professional curiosity, information sharing, and the response to repeat call-outs.",
        "The author will draft the analysis around these three themes.",
    ),
]
NEXT_AGENDA = [
    ("Apologies, minutes and actions of the last meeting", "Independent chair"),
    ("Agency updates on IMRs and chronologies", "Coordinator"),
    ("Family engagement update", "Independent chair"),
    ("Any other business", ""),
]


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _agencies(partnership_id: int) -> dict[str, Agency]:
    return {a.code: a for a in db.session.scalars(select(Agency).where(Agency.partnership_id == partnership_id))}


def _attendance(meeting, agencies, *, with_apology: bool, actor) -> None:
    for name, code, organisation, status in GUESTS:
        if not with_apology and status is AttendanceStatus.APOLOGIES:
            continue
        services.add_guest(
            meeting,
            name=name,
            agency=agencies.get(code) if code else None,
            organisation=organisation,
            status=status,
            actor=actor,
        )
    members = {row.key: AttendanceStatus.PRESENT for row in roster(meeting) if row.user_id is not None}
    services.record_attendance(meeting, members, actor=actor)


def _held(review, kind, on, agenda, minutes, agencies, actor, *, with_apology=True) -> Meeting:
    meeting = services.create_meeting(
        review, kind=kind, meeting_on=on, starts_at=time(10, 0), location=CITY_HALL, actor=actor
    )
    for title, presenter, notes, decisions in agenda:
        services.add_agenda_item(
            meeting, title=title, presenter=presenter, notes=notes, decisions=decisions, actor=actor
        )
    _attendance(meeting, agencies, with_apology=with_apology, actor=actor)
    services.save_minutes(meeting, minutes, actor=actor)
    workflow.change_status(meeting, MeetingStatus.HELD, actor=actor)
    return meeting


def _first_actions(meeting, review, people, next_on, finished: bool, actor) -> None:
    today = london_today()
    items = {item.title: item for item in meeting.agenda_items}
    chair = people["chair"]
    done = services.add_action(
        meeting,
        actor=actor,
        description="Return signed confidentiality agreements to the coordinator.",
        owner_id=people["panel"].id,
        owner_name="",
        due_on=meeting.meeting_on + timedelta(days=7),
        agenda_item_id=items["Introductions and declarations"].id,
    )
    services.complete_action(done, actor=actor, on=meeting.meeting_on + timedelta(days=5))
    overdue = services.add_action(
        meeting,
        actor=actor,
        description="Confirm the date the police chronology and IMR will be sent to the coordinator.",
        owner_id=None,
        owner_name="DI Mark Ellison (Metropolitan Police Service)",
        due_on=today - timedelta(days=5),
        agenda_item_id=items["Scoping of agencies"].id,
    )
    open_one = services.add_action(
        meeting,
        actor=actor,
        description=f"Arrange to meet {review.victim_pseudonym}'s family and their AAFDA advocate.",
        owner_id=chair.id,
        owner_name="",
        due_on=(next_on or today + timedelta(days=21)) - timedelta(days=3),
        agenda_item_id=items["Family engagement"].id,
    )
    if finished:
        for action in (overdue, open_one):
            services.complete_action(action, actor=actor, on=meeting.meeting_on + timedelta(days=20))


def _eligible(partnership) -> list[Review]:
    chaired = select(ReviewMember.review_id).where(ReviewMember.role == ReviewRole.CHAIR)
    rows = db.session.scalars(
        select(Review)
        .where(Review.partnership_id == partnership.id, Review.id.in_(chaired))
        .where(Review.stage.not_in([S.WITHDRAWN, S.NOT_COMMISSIONED]))
        .order_by(Review.id)
    )
    return [review for review in rows if review.commissioned]


def seed_meetings(partnership) -> int:
    """Meetings for the demo reviews at set-up or later (once); returns how many meetings were added."""
    if db.session.scalar(
        select(func.count()).select_from(Meeting).join(Review).where(Review.partnership_id == partnership.id)
    ):
        return 0
    people = {key: _user(f"{key}@swp.example") for key in ("coordinator", "chair", "panel")}
    if None in people.values():
        return 0
    actor = people["coordinator"]
    agencies = _agencies(partnership.id)
    today = london_today()
    added = 0
    for n, review in enumerate(_eligible(partnership)):
        stage = review.paused_from_stage if review.stage is S.PAUSED else review.stage
        finished = stage in FINISHED
        running = not finished and review.stage is not S.PAUSED
        next_on = today + timedelta(days=14 + n % 10) if running else None
        first_on = review.terms_of_reference_agreed_on or today - timedelta(days=21)
        first = _held(
            review,
            MeetingKind.FIRST_PANEL,
            first_on,
            _first_agenda(review),
            "The meeting opened at 10am. The chair reminded members that the papers are OFFICIAL-SENSITIVE and "
            "must not be forwarded.\nApologies were received from Westminster Children's Services, which will "
            "send its scoping return in writing.",
            agencies,
            actor,
        )
        _first_actions(first, review, people, next_on, finished, actor)
        added += 1
        drafting = entered_on(review, S.DRAFTING)
        if drafting is not None:
            _held(
                review,
                MeetingKind.PANEL,
                drafting - timedelta(days=7),
                LATER_AGENDA,
                "Members thanked the IMR authors for their candour.",
                agencies,
                actor,
                with_apology=False,
            )
            added += 1
        if next_on is not None:
            planned = services.create_meeting(
                review,
                kind=MeetingKind.PANEL,
                meeting_on=next_on,
                starts_at=time(14, 0),
                location="Online (Microsoft Teams)",
                actor=actor,
            )
            for title, presenter in NEXT_AGENDA:
                services.add_agenda_item(planned, title=title, presenter=presenter, actor=actor)
            added += 1
    db.session.flush()
    return added
