"""The review access world plus a draft: an accepted chronology to cite, saved sections, comments and a version."""

from datetime import date

from dhr.auth.models import User
from dhr.drafting import services
from dhr.drafting.structure import OVERVIEW
from dhr.evidence import services as evidence
from dhr.evidence.models import AgencyInvolvement, ChronologyEntry
from dhr.extensions import db
from dhr.reviews import services as review_services
from dhr.reviews.models import PersonRole, Review
from tests.reviews.review_world import build_review_world


def build_drafting_world() -> dict:
    """R1 and R2 each get an analysis section, a comment and (R1) a version; R1's agency A chronology is accepted."""
    world = build_review_world()
    coordinator = db.session.get(User, world["users"]["coordinator"].id)
    chair = db.session.get(User, world["users"]["chair"].id)
    r1 = db.session.get(Review, world["objects"]["R1"]["review"])
    r2 = db.session.get(Review, world["objects"]["R2"]["review"])
    involvement = db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"])
    evidence.submit(involvement, actor=coordinator)
    evidence.accept(involvement, actor=coordinator)
    entry = db.session.get(ChronologyEntry, world["evidence"]["A"]["entry"])
    perpetrator = review_services.add_person(
        r1,
        actor=coordinator,
        role=PersonRole.PERPETRATOR,
        pseudonym="Adult P",
        real_name="Perry Realperp",
        aliases="Jonno",
        date_of_birth=date(1980, 3, 14),
        living=True,
        relationship_to_victim="Partner",
    )
    ids = {}
    for key, review in (("R1", r1), ("R2", r2)):
        victim = review.victim
        spec = OVERVIEW.section("analysis")
        body = f"[[person:{victim.id}]] was seen by the police.\n\nSecond paragraph."
        if review is r1:
            body += f" See [[entry:{entry.id}]]. [[person:{perpetrator.id}]] was not assessed."
        section = services.save_section(review, OVERVIEW, spec, body=body, base_revision=0, actor=chair)
        comment = services.add_comment(review, OVERVIEW, spec, paragraph=f"{spec.number}.1", body="Expand", actor=chair)
        ids[key] = {"section_revision": section.revision, "comment": comment.id}
    services.save_version(r1, OVERVIEW, note="For panel", actor=chair)
    db.session.flush()
    world["drafting"] = ids | {"entry": entry.id, "perpetrator": perpetrator.id, "victim_r1": r1.victim.id}
    return world
