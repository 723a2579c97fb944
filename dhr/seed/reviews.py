"""Demo reviews for the Safer Westminster Partnership: every stage, paused and overdue ones, with realistic dates.

Dates are relative to the day the seed runs, so the dashboard always shows a live mix of clocks.
All names are invented.
"""

from datetime import date, timedelta

from sqlalchemy import func, select

from dhr.agencies.seed import agency_of
from dhr.assurance.seed import ASSURANCE_ACTIONS
from dhr.auth.seed import people_of
from dhr.core.dates import london_today
from dhr.correspondence.models import Counterpart, Direction, Method, Subject
from dhr.correspondence.services import record_correspondence
from dhr.extensions import db
from dhr.panel.seed import declare_chair
from dhr.permissions import ReviewRole
from dhr.reviews import services, workflow
from dhr.reviews.facts import DeathMethod, Ethnicity, JointWith, Known, RelationshipType, Sex
from dhr.reviews.models import DeathCategory, Decision, PersonRole, Review
from dhr.reviews.stages import PauseReason, ReviewStage
from dhr.terms.seed import agree_first_terms

S, C = ReviewStage, DeathCategory

# (category, notified days ago, victim pseudonym, victim real name, perpetrator pseudonym, steps)
# Each step is (days ago, action, argument).
# Invented real names for the perpetrators, by pseudonym: the shield saves any of them typed in case text as a token.
PERPETRATOR_NAMES = {
    "Adult B": "Daniel Kershaw",
    "Mr D": "Victor Lindqvist",
    "Son F": "Karim Haddad-Noor",
    "Adult H": "Ryan Foxley",
    "Mr K": "Tariq Benali",
    "Adult M": "Gareth Pryce",
    "Ms P": "Lorna Whitcombe",
    "Adult R": "Dominic Asquith",
    "Grandson T": "Jayden Okonkwo",
    "Adult V": "Stefan Wozniak",
    "Mr X": "Callum Redfern",
    "Adult Z": "Marcus Ellery",
    "Son BB": "Ashley Brennan",
    "Ms DD": "Joanne Castell",
    "Adult FF": "Liam Thorburn",
    "Mr HH": "Neville Ardagh",
}
REVIEWS = [
    (C.INTIMATE_PARTNER, 9, "Adult A", "Maria Lennox", "Adult B", []),
    (C.SUICIDE, 46, "Ms C", "Grace Tembo", "Mr D", [(40, "move", S.SCOPING)]),
    (C.FAMILIAL, 24, "Mrs E", "Nadia Haddad", "Son F", [(20, "move", S.SCOPING), (6, "move", S.DECISION)]),
    (
        C.INTIMATE_PARTNER,
        96,
        "Adult G",
        "Chloe Barnes",
        "Adult H",
        [(70, "decide", Decision.COMMISSION), (66, "ho_told", None), (60, "chair", None), (55, "panel", None)],
    ),
    (
        C.INTIMATE_PARTNER,
        250,
        "Ms J",
        "Amira Saleh",
        "Mr K",
        [
            (212, "decide", Decision.COMMISSION),
            (205, "ho_told", None),
            (200, "chair", None),
            (198, "panel", None),
            (190, "tor", None),
            (188, "move", S.EVIDENCE),
            (150, "pause", PauseReason.CRIMINAL_TRIAL),
            (60, "resume", None),
            (30, "contributors", None),
        ],
    ),
    (
        C.INTIMATE_PARTNER,
        230,
        "Adult L",
        "Hannah Cole",
        "Adult M",
        [
            (200, "decide", Decision.COMMISSION),
            (196, "ho_told", None),
            (190, "chair", None),
            (186, "panel", None),
            (180, "tor", None),
            (178, "move", S.EVIDENCE),
            (100, "move", S.DRAFTING),
            (40, "pause", PauseReason.CRIMINAL_TRIAL),
        ],
    ),
    (
        C.UNEXPECTED,
        180,
        "Mr N",
        "Daniel Okoro",
        "Ms P",
        [
            (150, "decide", Decision.COMMISSION),
            (147, "ho_told", None),
            (140, "chair", None),
            (139, "panel", None),
            (130, "tor", None),
            (128, "move", S.EVIDENCE),
            (100, "pause_untold", PauseReason.INQUEST),
        ],
    ),
    (
        C.INTIMATE_PARTNER,
        240,
        "Adult Q",
        "Sofia Russo",
        "Adult R",
        [
            (215, "decide", Decision.COMMISSION),
            (210, "ho_told", None),
            (205, "chair", None),
            (204, "panel", None),
            (198, "tor", None),
            (196, "move", S.EVIDENCE),
            (120, "move", S.DRAFTING),
            (30, "move", S.PANEL_AGREEMENT),
        ],
    ),
    (
        C.FAMILIAL,
        175,
        "Mr S",
        "Ibrahim Noor",
        "Grandson T",
        [
            (150, "decide", Decision.COMMISSION),
            (148, "ho_told", None),
            (145, "chair", None),
            (144, "panel", None),
            (140, "tor", None),
            (138, "move", S.EVIDENCE),
            (90, "move", S.DRAFTING),
            (40, "move", S.PANEL_AGREEMENT),
            (25, "move", S.FAMILY_SIGHT),
            (8, "move", S.CSP_SIGN_OFF),
        ],
    ),
    (
        C.INTIMATE_PARTNER,
        290,
        "Adult U",
        "Priya Desai",
        "Adult V",
        [
            (265, "decide", Decision.COMMISSION),
            (262, "ho_told", None),
            (258, "chair", None),
            (257, "panel", None),
            (250, "tor", None),
            (248, "move", S.EVIDENCE),
            (180, "move", S.DRAFTING),
            (120, "move", S.PANEL_AGREEMENT),
            (100, "move", S.FAMILY_SIGHT),
            (80, "move", S.CSP_SIGN_OFF),
            (52, "sign_off", None),
            (50, "submit", None),
        ],
    ),
    (
        C.SUICIDE,
        400,
        "Ms W",
        "Olivia Grant",
        "Mr X",
        [
            (372, "decide", Decision.COMMISSION),
            (370, "ho_told", None),
            (365, "chair", None),
            (364, "panel", None),
            (355, "tor", None),
            (350, "move", S.EVIDENCE),
            (260, "move", S.DRAFTING),
            (200, "move", S.PANEL_AGREEMENT),
            (180, "move", S.FAMILY_SIGHT),
            (160, "move", S.CSP_SIGN_OFF),
            (150, "sign_off", None),
            (148, "submit", None),
            (146, "dac_copy", None),
            (100, "qa_letter", "ms_w"),
            (95, "move", S.REVISIONS),
        ],
    ),
    (
        C.INTIMATE_PARTNER,
        480,
        "Adult Y",
        "Rebecca Hall",
        "Adult Z",
        [
            (452, "decide", Decision.COMMISSION),
            (450, "ho_told", None),
            (445, "chair", None),
            (444, "panel", None),
            (440, "tor", None),
            (436, "move", S.EVIDENCE),
            (360, "move", S.DRAFTING),
            (300, "move", S.PANEL_AGREEMENT),
            (280, "move", S.FAMILY_SIGHT),
            (265, "move", S.CSP_SIGN_OFF),
            (262, "sign_off", None),
            (260, "submit", None),
            (258, "dac_copy", None),
            (210, "qa_letter", "adult_y"),
            (60, "move", S.APPROVED),
            (45, "defer", None),  # publication deferred until the appeal is heard
        ],
    ),
    (
        C.FAMILIAL,
        620,
        "Mrs AA",
        "Joan Whitaker",
        "Son BB",
        [
            (596, "decide", Decision.COMMISSION),
            (592, "ho_told", None),
            (590, "chair", None),
            (589, "panel", None),
            (580, "tor", None),
            (578, "move", S.EVIDENCE),
            (470, "move", S.DRAFTING),
            (430, "move", S.PANEL_AGREEMENT),
            (415, "move", S.FAMILY_SIGHT),
            (400, "move", S.CSP_SIGN_OFF),
            (395, "sign_off", None),
            (393, "submit", None),
            (390, "dac_copy", None),
            (345, "qa_letter", "mrs_aa"),
            (330, "move", S.APPROVED),
            (300, "publish", None),
            (299, "move", S.MONITORING),
        ],
    ),
    (
        C.OTHER,
        130,
        "Mr CC",
        "Liam Foster",
        "Ms DD",
        [(112, "decide", Decision.NOT_COMMISSION), (110, "ho_told", None), (80, "ho_response", None)],
    ),
    (
        C.INTIMATE_PARTNER,
        800,
        "Adult EE",
        "Sarah Quinn",
        "Adult FF",
        [
            (785, "decide", Decision.COMMISSION),
            (783, "ho_told", None),
            (780, "chair", None),
            (779, "panel", None),
            (770, "tor", None),
            (768, "move", S.EVIDENCE),
            (700, "move", S.DRAFTING),
            (640, "move", S.PANEL_AGREEMENT),
            (630, "move", S.FAMILY_SIGHT),
            (615, "move", S.CSP_SIGN_OFF),
            (610, "sign_off", None),
            (608, "submit", None),
            (606, "dac_copy", None),
            (575, "qa_letter", "adult_ee_first"),
            (574, "move", S.REVISIONS),
            (560, "sign_off", None),
            (556, "submit", None),
            (548, "qa_letter", "adult_ee_second"),
            (547, "move", S.APPROVED),
            (540, "publish", None),
            (539, "move", S.MONITORING),
            (200, "move", S.CLOSED),
        ],
    ),
    (
        C.UNEXPECTED,
        300,
        "Ms GG",
        "Emma Doyle",
        "Mr HH",
        [
            (275, "decide", Decision.COMMISSION),
            (270, "ho_told", None),
            (268, "chair", None),
            (250, "withdraw", "The coroner found the death unrelated to domestic abuse"),
        ],
    ),
]


def _letter(review, on, direction, counterpart, subject, summary, actor):
    record_correspondence(
        review,
        occurred_on=on,
        direction=direction,
        counterpart=counterpart,
        method=Method.EMAIL,
        subject=subject,
        summary=summary,
        upload=None,
        actor=actor,
    )


def _decide(review, on, decision, ctx):
    rationale = (
        "The criteria in the statutory guidance are met."
        if decision is Decision.COMMISSION
        else "The death did not result from abuse by a relative, partner or household member."
    )
    services.record_decision(
        review,
        decision=decision,
        decided_on=on,
        rationale=rationale,
        actor=ctx["coordinator"],
        decision_maker="Safer Westminster Partnership DARDR decision group",
    )


def _members(review, pairs, ctx):
    for user_key, role, code in pairs:
        services.add_member(
            review,
            user=ctx[user_key],
            role=role,
            agency=agency_of(ctx["pid"], code) if code else None,
            actor=ctx["coordinator"],
        )


def _submit(review, on, arg, ctx):
    _drafted_elsewhere(review, ctx)
    ASSURANCE_ACTIONS["submit"](review, on, arg, ctx)


def _drafted_elsewhere(review, ctx):
    """These demo reviews began before the partnership used the app: their reports were written in Word."""
    from dhr.readiness import services as readiness
    from dhr.readiness.checks import run_checks

    for result in run_checks(review):
        if not result.satisfied:
            readiness.override(
                review,
                result.key,
                reason="Report drafted in Word before the partnership adopted DHR Case Manager; checked by hand.",
                actor=ctx["coordinator"],
            )


# Reviews held jointly: with a Safeguarding Adults Review, and one led by a neighbouring partnership.
JOINT = {
    "Mr N": {"joint_with": JointWith.SAR, "lead_partnership": "", "partner_partnerships": ""},
    "Adult Q": {
        "joint_with": None,
        "lead_partnership": "Safer Westminster Partnership",
        "partner_partnerships": "Kensington and Chelsea Community Safety Partnership",
    },
}
_ETHNICITIES = (Ethnicity.WHITE, Ethnicity.WHITE, Ethnicity.BLACK, Ethnicity.ASIAN, Ethnicity.WHITE, Ethnicity.MIXED)
_METHODS = (DeathMethod.SHARP_INSTRUMENT, DeathMethod.STRANGULATION, DeathMethod.BLUNT_INSTRUMENT, DeathMethod.OTHER)


def _sex(pseudonym: str) -> Sex:
    if pseudonym.startswith(("Ms ", "Mrs ")):
        return Sex.FEMALE
    if pseudonym.startswith(("Mr ", "Son ")):
        return Sex.MALE
    return Sex.NOT_KNOWN


def _case_facts(review, seed: int, category) -> None:
    """The demo's case facts: varied enough that the statistics show counts and suppressed small numbers."""
    victim = next(p for p in review.people if p.role is PersonRole.VICTIM)
    perpetrator = next(p for p in review.people if p.role is PersonRole.PERPETRATOR)
    victim.age = 74 if victim.pseudonym == "Mrs AA" else 24 + seed % 40
    victim.sex = _sex(victim.pseudonym) if _sex(victim.pseudonym) is not Sex.NOT_KNOWN else Sex.FEMALE
    victim.ethnicity = _ETHNICITIES[seed % len(_ETHNICITIES)]
    victim.disability = Known.YES if seed % 3 == 0 else Known.NO
    perpetrator.age = 46 if perpetrator.pseudonym == "Son BB" else 26 + seed % 35
    perpetrator.sex = _sex(perpetrator.pseudonym) if _sex(perpetrator.pseudonym) is not Sex.NOT_KNOWN else Sex.MALE
    perpetrator.ethnicity = victim.ethnicity
    if category is C.INTIMATE_PARTNER:
        review.relationship_type = RelationshipType.FORMER_PARTNER if seed % 2 else RelationshipType.CURRENT_PARTNER
    elif category is C.FAMILIAL:
        review.relationship_type = RelationshipType.CHILD_OF_VICTIM
    elif category is C.SUICIDE:
        review.relationship_type = RelationshipType.NONE_SUICIDE
    else:
        review.relationship_type = RelationshipType.OTHER_FAMILY
    review.death_method = (
        DeathMethod.BLUNT_INSTRUMENT
        if victim.pseudonym == "Mrs AA"
        else DeathMethod.SUICIDE
        if category is C.SUICIDE
        else _METHODS[seed % 4]
    )
    review.children_present = Known.NO if seed % 4 else Known.YES


def _why_skipping(review, target) -> str:
    """The reason a demo move gives when it skips work: drafting before every agency's evidence is accepted, or
    sign-off of a report the readiness checks do not yet pass (these demo reports were written in Word)."""
    if not workflow.skipped_work(review, target):
        return ""
    if target is S.DRAFTING:
        return "The chair began drafting with the evidence accepted so far; the rest is added as it arrives."
    return "The report was drafted in Word before the partnership adopted DHR Case Manager; checked by hand."


def _pause(review, on, reason, ctx, *, tell_home_office: bool):
    workflow.transition(
        review,
        S.PAUSED,
        actor=ctx["coordinator"],
        effective_on=on,
        pause_reason=reason,
        reason="Awaiting the outcome" + ("; the Home Office has been told of the delay." if tell_home_office else "."),
    )
    if tell_home_office:
        _letter(
            review,
            on,
            Direction.SENT,
            Counterpart.HOME_OFFICE,
            Subject.DELAY,
            f"Told the Home Office the review will run past six months: {reason.label.lower()}.",
            ctx["coordinator"],
        )


def _appoint_chair(review, on, ctx):
    # Evidence gathering needs the chair's dated declaration of independence, made on appointment.
    _members(review, [("chair", ReviewRole.CHAIR, None)], ctx)
    declare_chair(review, on, ctx["coordinator"])


R = ReviewRole
# action -> function(review, date, argument, context)
ACTIONS = {
    "move": lambda review, on, arg, ctx: workflow.transition(
        review, arg, actor=ctx["coordinator"], effective_on=on, reason=_why_skipping(review, arg)
    ),
    "decide": _decide,
    "ho_told": lambda review, on, arg, ctx: _letter(
        review,
        on,
        Direction.SENT,
        Counterpart.HOME_OFFICE,
        Subject.DECISION,
        "Decision letter sent to the Home Office DHR team.",
        ctx["coordinator"],
    ),
    "ho_response": lambda review, on, arg, ctx: services.record_home_office_response(
        review, response="The Home Office accepts the decision not to hold a review.", actor=ctx["coordinator"]
    ),
    "chair": lambda review, on, arg, ctx: _appoint_chair(review, on, ctx),
    "panel": lambda review, on, arg, ctx: _members(
        review, [("panel", R.PANEL_MEMBER, "WCC-ASC"), ("police", R.AGENCY_CONTRIBUTOR, "MPS")], ctx
    ),
    "contributors": lambda review, on, arg, ctx: _members(review, [("health", R.AGENCY_CONTRIBUTOR, "CNWL")], ctx),
    "tor": lambda review, on, arg, ctx: agree_first_terms(review, on, ctx["coordinator"]),
    "pause": lambda review, on, arg, ctx: _pause(review, on, arg, ctx, tell_home_office=True),
    # Not yet told: the review's task list asks for the letter, and its delay clock runs.
    "pause_untold": lambda review, on, arg, ctx: _pause(review, on, arg, ctx, tell_home_office=False),
    "resume": lambda review, on, arg, ctx: workflow.transition(
        review, review.paused_from_stage, actor=ctx["coordinator"], effective_on=on
    ),
    "withdraw": lambda review, on, arg, ctx: workflow.transition(
        review, S.WITHDRAWN, actor=ctx["coordinator"], effective_on=on, reason=arg
    ),
    **ASSURANCE_ACTIONS,  # sign-off, submission, the Commissioner's copy, QA letters and publication
    "submit": _submit,  # after the readiness overrides these pre-app reviews need
}


def seed_reviews(partnership) -> int:
    """Create the demo reviews once; returns how many were added."""
    if db.session.scalar(select(func.count()).select_from(Review).where(Review.partnership_id == partnership.id)):
        return 0
    people = people_of(partnership.id)
    today = london_today()
    mps = agency_of(partnership.id, "MPS")
    for category, notified_ago, victim, real_name, perpetrator, steps in REVIEWS:
        notified_on = today - timedelta(days=notified_ago)
        review = services.create_review(
            partnership,
            actor=people["coordinator"],
            category=category,
            notified_on=notified_on,
            notifying_agency_id=mps.id,
            date_of_death=notified_on - timedelta(days=3),
            place_of_death="Westminster",
            police_force_area="Metropolitan Police",
            circumstances=f"{victim} died at home. Police attended and notified the partnership.",
        )
        services.add_person(
            review,
            actor=people["coordinator"],
            role=PersonRole.VICTIM,
            pseudonym=victim,
            real_name=real_name,
            aliases="",
            date_of_birth=date(1980 + len(victim), 5, 14),
            living=False,
            relationship_to_victim="",
        )
        services.add_person(
            review,
            actor=people["coordinator"],
            role=PersonRole.PERPETRATOR,
            pseudonym=perpetrator,
            real_name=PERPETRATOR_NAMES.get(perpetrator, ""),
            aliases="",
            date_of_birth=None,
            living=True,
            relationship_to_victim="Partner" if category is C.INTIMATE_PARTNER else "Relative",
        )
        _case_facts(review, notified_ago, category)
        if victim in JOINT:
            services.record_joint_arrangements(review, actor=people["coordinator"], **JOINT[victim])
        context = {**people, "pid": partnership.id}
        for days_ago, action, arg in steps:
            ACTIONS[action](review, today - timedelta(days=days_ago), arg, context)
    db.session.flush()
    return len(REVIEWS)
