"""Demo panel declarations for the Westminster reviews. Invented people; no case detail.

The chair declares when appointed (seed/reviews.py calls `declare_chair`, because evidence gathering needs it);
`seed_panel` then completes the panels of reviews at set-up or later, leaving one member of the set-up review
without a confidentiality agreement and without a domestic abuse specialist, so the page's warnings show.
"""

from datetime import timedelta

from sqlalchemy import func, select

from dhr.agencies.models import Agency
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.panel.services import record_declarations
from dhr.permissions import ReviewRole
from dhr.reviews import services
from dhr.reviews.models import Review, ReviewMember
from dhr.reviews.stages import ReviewStage
from dhr.reviews.workflow import entered_on

CHAIR_STATEMENT = (
    "I am independent of every agency involved in this review. I have not worked for, or been commissioned by, "
    "any of them in the last five years, and I had no knowledge of the people involved before my appointment."
)
MEMBER_STATEMENT = (
    "I had no direct involvement with the victim, the perpetrator or their families, nor with the services my "
    "agency provided to them, and I do not line-manage anyone who did."
)
# (email, job title, agency code) of the panel members who join every panel; the set-up review has no specialist.
JOINERS = [
    ("review.officer@swp.example", "Detective Inspector, Specialist Crime Review Group", "MPS"),
    ("da.specialist@swp.example", "Head of Services, specialist domestic abuse service", "DA-SVC"),
]
TITLES = {"panel@swp.example": "Head of Safeguarding Adults, Westminster Adult Social Care"}


def declare_chair(review, on, actor) -> None:
    """The chair's declarations, made on the day of appointment."""
    chair = next(m for m in review.members if m.role is ReviewRole.CHAIR)
    record_declarations(
        chair,
        actor=actor,
        job_title="Independent chair and overview report author",
        independence_statement=CHAIR_STATEMENT,
        independence_declared_on=on,
        confidentiality_signed_on=on,
        appointed_on=on,
    )


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def seed_panel(partnership) -> int:
    """Declarations for every panel of a review at set-up or later (once); returns how many members declared."""
    already = db.session.scalar(
        select(func.count())
        .select_from(ReviewMember)
        .join(Review)
        .where(
            Review.partnership_id == partnership.id,
            ReviewMember.role == ReviewRole.PANEL_MEMBER,
            ReviewMember.independence_declared_on.is_not(None),
        )
    )
    if already:
        return 0
    coordinator = _user("coordinator@swp.example")
    reviews = db.session.scalars(
        select(Review).where(Review.partnership_id == partnership.id).order_by(Review.notified_on)
    ).all()
    declared = 0
    for review in reviews:
        set_up_on = entered_on(review, ReviewStage.SET_UP)
        if set_up_on is None or review.stage is ReviewStage.WITHDRAWN:
            continue
        on = min(set_up_on + timedelta(days=10), london_today())
        still_setting_up = review.stage is ReviewStage.SET_UP
        for email, title, code in JOINERS[:1] if still_setting_up else JOINERS:
            user = _user(email)
            agency = db.session.scalar(
                select(Agency).where(Agency.partnership_id == partnership.id, Agency.code == code)
            )
            if user is not None and not any(m.user_id == user.id for m in review.members):
                member = services.add_member(
                    review, user=user, role=ReviewRole.PANEL_MEMBER, agency=agency, actor=coordinator
                )
                member.job_title = title
        for member in review.members:
            if member.role is not ReviewRole.PANEL_MEMBER:
                continue
            # The set-up review's adult social care representative has not yet returned the agreement.
            unsigned = still_setting_up and member.user.email == "panel@swp.example"
            record_declarations(
                member,
                actor=coordinator,
                job_title=member.job_title or TITLES.get(member.user.email, ""),
                independence_statement=MEMBER_STATEMENT,
                independence_declared_on=on,
                confidentiality_signed_on=None if unsigned else on,
            )
            declared += 1
    db.session.flush()
    return declared
