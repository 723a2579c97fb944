"""Demo action plans: a closed review whose actions were all completed or superseded, a review in action-plan
monitoring with an action of every status, and draft recommendations on the review being written (one repeats an
earlier one). Owners include the demo police and health contributors, so their portal has work in it."""

from datetime import timedelta

from sqlalchemy import func, select

from dhr.actions import services as actions
from dhr.actions.models import Action
from dhr.actions.stages import ActionStatus
from dhr.actions.workflow import transition
from dhr.agencies.models import Agency
from dhr.auth.membership import members_of
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.files.guard import check_upload
from dhr.recommendations import services as recommendations
from dhr.recommendations.models import Recommendation
from dhr.recommendations.scopes import Department, Scope
from dhr.reviews.models import Review
from dhr.reviews.queries import review_of_victim

A = ActionStatus
# (victim pseudonym, [(text, scope, agency code or department, themes, answers,
#   [(action, lead agency, owner email or name, milestones, target days from today, what happened)])])
# What happened: "completed:<days ago>", "superseded", "awaiting", "on_track", "at_risk", "overdue", "new".
PLANS = [
    (
        "Adult EE",
        [
            (
                (
                    "The police should share the outcome of every DASH risk assessment with the victim's GP practice "
                    "within 48 hours."
                ),
                Scope.LOCAL,
                "MPS",
                ("risk-assessment", "information-sharing"),
                "17.2, 18.1",
                [
                    (
                        "Agree a protocol with GP practices for sending DASH outcomes by secure email.",
                        "MPS",
                        "police@swp.example",
                        "Protocol drafted; signed by both parties.",
                        -420,
                        "completed:400",
                    ),
                ],
            ),
            (
                "All partnership agencies should train front-line staff to recognise and ask about coercive control.",
                Scope.LOCAL,
                "WCC-CSAFE",
                ("coercive-control", "training", "professional-curiosity"),
                "18.2",
                [
                    (
                        "Commission coercive control training for 200 front-line staff.",
                        "WCC-CSAFE",
                        "Priya Shah",
                        "Training commissioned; 180 staff trained.",
                        -380,
                        "completed:370",
                    ),
                    (
                        "Add coercive control to the adult social care induction.",
                        "WCC-ASC",
                        "Ruth Mensah",
                        "",
                        -300,
                        "superseded",
                    ),
                ],
            ),
            (
                "The Home Office should publish guidance on sharing risk information between police and primary care.",
                Scope.NATIONAL,
                "home_office",
                ("information-sharing",),
                "18.1",
                [
                    (
                        "Write to the Home Office with the review's findings on information sharing.",
                        "WCC-CSAFE",
                        "Priya Shah",
                        "Letter sent; acknowledgement received.",
                        -500,
                        "completed:490",
                    ),
                ],
            ),
        ],
    ),
    (
        "Mrs AA",
        [
            (
                (
                    "Police should share DASH risk assessment outcomes with GP practices so that health staff know the "
                    "risk."
                ),
                Scope.LOCAL,
                "MPS",
                ("risk-assessment", "information-sharing"),
                "17.1",
                [
                    (
                        "Audit how many DASH outcomes reached GP practices in the last year.",
                        "MPS",
                        "police@swp.example",
                        "Audit sample agreed.",
                        60,
                        "on_track",
                    ),
                    (
                        "Record DASH outcomes received from the police on the patient record.",
                        "CNWL",
                        "health@swp.example",
                        "Template changed in the records system.",
                        -10,
                        "awaiting",
                    ),
                ],
            ),
            (
                "Adult social care should consider adult family violence when assessing carers of older people.",
                Scope.LOCAL,
                "WCC-ASC",
                ("adult-family-violence", "older-victims"),
                "17.3, 18.2",
                [
                    (
                        "Add questions on adult family violence to the carer's assessment.",
                        "WCC-ASC",
                        "Ruth Mensah",
                        "",
                        -30,
                        "overdue",
                    ),
                    (
                        "Brief social workers on adult family violence at team meetings.",
                        "WCC-ASC",
                        "Ruth Mensah",
                        "Two of five teams briefed.",
                        45,
                        "at_risk",
                    ),
                ],
            ),
            (
                (
                    "The London Fire Brigade should make referrals to adult social care after home fire safety visits "
                    "where there are signs of abuse."
                ),
                Scope.REGIONAL,
                "LFB",
                ("information-sharing", "older-victims"),
                "18.3",
                [
                    (
                        "Add a safeguarding prompt to the home fire safety visit checklist.",
                        "LFB",
                        "Station manager, Westminster",
                        "",
                        150,
                        "new",
                    ),
                ],
            ),
            (
                (
                    "The Department of Health and Social Care should require GP practices to record domestic abuse "
                    "disclosures by older patients."
                ),
                Scope.NATIONAL,
                "dhsc",
                ("older-victims", "information-sharing"),
                "18.1",
                [
                    (
                        "Send the recommendation to the DHSC with the published report.",
                        "WCC-CSAFE",
                        "Priya Shah",
                        "",
                        20,
                        "on_track",
                    ),
                ],
            ),
        ],
    ),
    (
        "Adult Q",
        [
            (
                "The acute trust should introduce routine enquiry about domestic abuse in the emergency department.",
                Scope.LOCAL,
                "ICHT",
                ("professional-curiosity", "training"),
                "18.1",
                [],
            ),
            (
                (
                    "The police should share DASH risk outcomes with the victim's GP so that health staff can act on "
                    "the risk."
                ),
                Scope.LOCAL,
                "MPS",
                ("risk-assessment", "information-sharing", "marac"),
                "18.2",
                [],
            ),
        ],
    ),
]
UPDATES = {
    "on_track": "Work is under way and on schedule.",
    "at_risk": "Staff shortages have delayed the briefings.",
    "overdue": "Not yet started: waiting for the assessment form to be redesigned.",
}


def _owner(users: dict[str, User], owner: str) -> tuple[User | None, str]:
    if "@" in owner:
        return users.get(owner), ""
    named = next((u for u in users.values() if u.name == owner), None)
    return named, "" if named else owner


def _progress(action: Action, happened: str, coordinator: User, owner: User | None, today) -> None:
    actor = owner or coordinator
    if happened == "new":
        return
    if happened == "superseded":
        actions.supersede(action, reason="Replaced by the partnership's new induction programme", actor=coordinator)
        return
    if happened in UPDATES:
        status = A(happened)
        if happened == "overdue":
            transition(action, A.OVERDUE, actor=None, reason="The target date passed")
            return
        actions.add_update(
            action, text=UPDATES[happened], status=status, actor=actor, written_on=today - timedelta(days=20)
        )
        return
    actions.add_update(
        action, text="Work started.", status=A.ON_TRACK, actor=actor, written_on=today - timedelta(days=90)
    )
    evidence = check_upload("evidence.txt", f"Evidence for {action.action}".encode())
    actions.add_evidence(action, upload=evidence, description="Signed record of completion", actor=actor)
    days_ago = int(happened.split(":")[1]) if ":" in happened else 5
    actions.request_completion(
        action,
        outcome="Done as planned; an audit three months later found the change in place.",
        completed_on=today - timedelta(days=days_ago),
        actor=actor,
    )
    if happened.startswith("completed"):
        actions.approve_completion(action, actor=coordinator)


def seed_action_plans(partnership) -> int:
    """Themes, recommendations and actions for the demo (once). Returns how many recommendations were added."""
    recommendations.seed_themes(partnership)
    if db.session.scalar(
        select(func.count())
        .select_from(Recommendation)
        .join(Review, Review.id == Recommendation.review_id)
        .where(Review.partnership_id == partnership.id)
    ):
        return 0
    users = {u.email: u for u in db.session.scalars(select(User).where(members_of(partnership.id)))}
    coordinator = users["coordinator@swp.example"]
    agencies = {a.code: a for a in db.session.scalars(select(Agency).where(Agency.partnership_id == partnership.id))}
    themes = {t.slug: t for t in recommendations.themes_for(partnership.id)}
    today = london_today()
    added = 0
    for victim, plan in PLANS:
        review = review_of_victim(partnership.id, victim)
        if review is None:
            continue
        for text, scope, target, theme_slugs, answers, rows in plan:
            national = scope is Scope.NATIONAL
            recommendation = recommendations.save_recommendation(
                review,
                text=text,
                scope=scope,
                multi_agency=len({row[1] for row in rows}) > 1,
                agency=None if national else agencies[target],
                department=Department(target) if national else None,
                department_other="",
                answers=recommendations.parse_answers(answers),
                themes=[themes[slug] for slug in theme_slugs],
                actor=coordinator,
            )
            added += 1
            for action_text, lead, owner_spec, milestones, target_days, happened in rows:
                owner, owner_name = _owner(users, owner_spec)
                action = actions.save_action(
                    recommendation,
                    action_text=action_text,
                    lead_agency=agencies[lead],
                    owner=owner,
                    owner_name=owner_name,
                    milestones=milestones,
                    target_on=today + timedelta(days=target_days),
                    actor=coordinator,
                )
                _progress(action, happened, coordinator, owner, today)
    db.session.flush()
    return added
