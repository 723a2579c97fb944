"""Two partnerships, two reviews in the first, and one persona per way of relating to them."""

from datetime import timedelta

from sqlalchemy import select

from dhr.agencies.models import AgencyKind
from dhr.auth.models import Membership, MembershipRole, User
from dhr.core.dates import london_today
from dhr.correspondence.models import Counterpart, Direction, Method, Subject
from dhr.correspondence.services import record_correspondence
from dhr.extensions import db
from dhr.files.guard import check_upload
from dhr.permissions import ReviewRole, Role
from dhr.reviews import services, workflow
from dhr.reviews.models import DeathCategory, Review
from dhr.reviews.stages import PauseReason, ReviewStage
from tests.factories import create_agency, create_partnership, create_review, create_user

ALL = frozenset(
    {
        "view_review",
        "view_identities",
        "edit_review",
        "change_stage",
        "manage_members",
        "manage_people",
        "view_correspondence",
        "record_correspondence",
        "view_clocks",
        "manage_evidence",
        "review_evidence",
        "view_chronology",
    }
)
PANEL_WORK = frozenset(
    {
        "manage_terms",
        "view_meetings",
        "manage_meetings",
        "view_family",
        "manage_family",
        "view_draft",
        "comment_draft",
        "view_assurance",
        "respond_qa",
        "view_actions",
        "manage_recommendations",
    }
)
ALL = ALL | PANEL_WORK | {"approve_actions"}
CHAIR = (
    frozenset(
        {
            "view_review",
            "view_identities",
            "manage_people",
            "view_correspondence",
            "record_correspondence",
            "view_clocks",
            "review_evidence",
            "view_chronology",
            "edit_draft",
        }
    )
    | PANEL_WORK
)
# What each persona may do on each review: written out by hand, reviewed against the brief, never generated.
REVIEW_ACCESS: dict[str, dict[str, frozenset[str]]] = {
    "anonymous": {},
    "admin": {"R1": frozenset({"view_review", "view_clocks"}), "R2": frozenset({"view_review", "view_clocks"})},
    "coordinator": {"R1": ALL, "R2": ALL},
    "board_member": {},
    "chair": {"R1": CHAIR},
    "author": {
        "R1": frozenset(
            {
                "view_review",
                "view_identities",
                "view_correspondence",
                "view_clocks",
                "view_chronology",
                "view_meetings",
                "view_family",
                "view_draft",
                "edit_draft",
                "comment_draft",
                "view_assurance",
                "respond_qa",
                "view_actions",
                "manage_recommendations",
            }
        )
    },
    "panel_member": {
        "R1": frozenset(
            {
                "view_review",
                "view_clocks",
                "view_chronology",
                "view_meetings",
                "view_draft",
                "comment_draft",
                "view_assurance",
                "view_actions",
            }
        )
    },
    "observer": {"R1": frozenset({"view_review", "view_clocks", "view_meetings", "view_draft", "view_actions"})},
    "contributor_a": {"R1": frozenset({"view_review", "contribute_evidence"})},
    "contributor_b": {"R1": frozenset({"view_review", "contribute_evidence"})},
    "other_review_chair": {"R2": CHAIR},
    "other_coordinator": {},
    # P2's coordinator who is also P1's administrator (who opens every P1 review): signed in, they work in P2, so
    # P1's reviews must be exactly as closed to them as to other_coordinator.
    "dual_coordinator": {},
    "system_admin": {"R1": frozenset({"view_review", "view_clocks"}), "R2": frozenset({"view_review", "view_clocks"})},
    "deactivated": {},
}
# Partnership-level permissions the review module adds.
PARTNERSHIP_ACCESS = {
    "create_review": {"coordinator", "other_coordinator", "dual_coordinator"},
    "view_statistics": {"coordinator", "admin", "board_member", "other_coordinator", "dual_coordinator"},
    "manage_clock_rules": {"admin"},
}
PERSONAS = tuple(REVIEW_ACCESS)
MISSING = 999_999


def _review(partnership, agency, actor, victim: str, real_name: str) -> Review:
    review = create_review(
        partnership,
        coordinator=actor,
        agency=agency,
        notified_on=london_today() - timedelta(days=10),
        category=DeathCategory.INTIMATE_PARTNER,
        date_of_death=london_today() - timedelta(days=12),
        place_of_death="A borough",
        police_force_area="A force",
        circumstances=f"CNRY-CIRC-{victim}",
        victim=victim,
        real_name=real_name,
    )
    person = review.victim
    upload = check_upload("letter.txt", f"Letter about {victim}".encode())
    entry = record_correspondence(
        review,
        occurred_on=london_today(),
        direction=Direction.SENT,
        counterpart=Counterpart.HOME_OFFICE,
        method=Method.EMAIL,
        subject=Subject.DECISION,
        summary="Decision sent",
        upload=upload,
        actor=actor,
    )
    review.__dict__["_world_person"], review.__dict__["_world_entry"] = person.id, entry.id
    # Free text that often retells the circumstances: planted everywhere it can be typed.
    entry.summary = f"CNRY-CORR-{victim}"
    review.decision_rationale = f"CNRY-RATIONALE-{victim}"
    services.record_home_office_response(review, response=f"CNRY-HORESP-{victim}", actor=actor)
    workflow.transition(
        review, ReviewStage.PAUSED, actor=actor, pause_reason=PauseReason.INQUEST, reason=f"CNRY-PAUSE-{victim}"
    )
    workflow.transition(review, ReviewStage.NOTIFIED, actor=actor, reason=f"CNRY-RESUME-{victim}")
    return review


def build_review_world() -> dict:
    """Create everything; returns ids and users."""
    p1, p2 = (
        create_partnership(name="Review World P1", prefix="RWA"),
        create_partnership(name="Review World P2", prefix="RWB"),
    )
    agency_a = create_agency(p1, code="RW-A", kind=AgencyKind.POLICE)
    agency_b = create_agency(p1, code="RW-B", kind=AgencyKind.HEALTH)
    agency_p2 = create_agency(p2, code="RW-C")
    users = {
        "admin": create_user(p1, Role.ADMIN),
        "coordinator": create_user(p1, Role.COORDINATOR),
        "board_member": create_user(p1, Role.BOARD_MEMBER),
        "chair": create_user(p1),
        "author": create_user(p1),
        "panel_member": create_user(p1, agency=agency_a),
        "observer": create_user(p1),
        "contributor_a": create_user(p1, agency=agency_a),
        "contributor_b": create_user(p1, agency=agency_b),
        "other_review_chair": create_user(p1),
        "other_coordinator": create_user(p2, Role.COORDINATOR, agency=agency_p2),
        "dual_coordinator": create_user(p2, Role.COORDINATOR, agency=agency_p2),
        "system_admin": create_user(p2),
        "deactivated": create_user(p1),
    }
    spare = create_user(p1, email="spare@example.test")
    users["dual_coordinator"].memberships.append(
        Membership(partnership_id=p1.id, agency_id=agency_a.id, roles=[MembershipRole(role=Role.ADMIN)])
    )
    db.session.get(User, users["system_admin"].id).system_admin = True
    actor = users["coordinator"]
    r1 = _review(p1, agency_a, actor, "Adult R1", "CNRY-REALNAME-R1")
    r2 = _review(p1, agency_a, actor, "Adult R2", "CNRY-REALNAME-R2")
    role = ReviewRole
    memberships = [
        (r1, "chair", role.CHAIR, None),
        (r1, "author", role.AUTHOR, None),
        (r1, "panel_member", role.PANEL_MEMBER, agency_a),
        (r1, "observer", role.OBSERVER, None),
        (r1, "contributor_a", role.AGENCY_CONTRIBUTOR, agency_a),
        (r1, "contributor_b", role.AGENCY_CONTRIBUTOR, agency_b),
        (r1, "deactivated", role.CHAIR, None),
        (r2, "other_review_chair", role.CHAIR, None),
    ]
    member_ids = {}
    for review, persona, member_role, agency in memberships:
        user = db.session.get(User, users[persona].id)
        member = services.add_member(review, user=user, role=member_role, agency=agency, actor=actor)
        member_ids.setdefault(review.id, member.id)
    db.session.flush()
    evidence = _evidence(r1, r2, agency_a, agency_b, actor)
    reviews = {"R1": r1, "R2": r2}
    objects = {
        key: {
            "review": review.id,
            "person": review.__dict__["_world_person"],
            "entry": review.__dict__["_world_entry"],
            "member": member_ids[review.id],
            "version": review.version,
            "agency": agency_a.id,
            "spare_user": spare.id,
        }
        for key, review in reviews.items()
    }
    objects["P2"] = {"agency": agency_p2.id}
    agency_c = create_agency(p1, code="RW-C1", kind=AgencyKind.FIRE)
    return {"users": users, "objects": objects, "evidence": evidence | {"agency_c": agency_c.id}}


def _evidence(r1, r2, agency_a, agency_b, actor) -> dict:
    """Agencies A and B on R1, each requested with one entry; agency A on R2, not yet requested."""
    from dhr.evidence import services as evidence
    from dhr.evidence.fuzzy_dates import parse_fuzzy_date
    from dhr.evidence.stages import Contact, OutputRequired

    ids = {}
    for review, agency, key in ((r1, agency_a, "A"), (r1, agency_b, "B"), (r2, agency_a, "R2")):
        involvement = evidence.involve_agency(
            review,
            agency=agency,
            actor=actor,
            contact_victim=Contact.YES,
            contact_perpetrator=Contact.NO,
            contact_children=Contact.UNKNOWN,
            records_secured_on=None,
            output=OutputRequired.CHRONOLOGY,
            exclusion_reason="",
            due_on=london_today() + timedelta(days=30),
        )
        entry_id = None
        if review is r1:
            evidence.send_request(involvement, actor=actor)
            entry = evidence.add_entry(
                involvement,
                when=parse_fuzzy_date("3/3/2026"),
                people=[],
                actor=actor,
                details=f"CNRY-ENTRY-{key}",
                event_type="Contact",
            )
            entry_id = entry.id
        batch_id = None
        if review is r1:
            sheet = check_upload("sheet.csv", b"Date,Details\n1/1/2026,Imported row\n")
            batch_id = evidence.start_import(involvement, upload=sheet, actor=actor).id
        from dhr.evidence.models import ImrVersion

        version = ImrVersion(number=1, sections={"analysis": f"CNRY-IMR-{key}"}, saved_by_id=actor.id)
        involvement.imr_versions.append(version)  # set-up only: these agencies were asked for chronologies
        db.session.flush()
        ids[key] = {"involvement": involvement.id, "entry": entry_id, "import": batch_id, "imr": version.id}
    return ids


def deactivate(world) -> None:
    """The deactivated persona keeps a valid cookie but its account is switched off."""
    db.session.scalar(select(User).where(User.id == world["users"]["deactivated"].id)).active = False
    db.session.flush()
