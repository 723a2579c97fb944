"""The review world with duty registers: P1's register with D08 owned by agency A and D02 by agency B, P2's own
register, occurrences generated around today, evidence on one occurrence of each, and both strategies."""

from sqlalchemy import select

from dhr.agencies.models import Agency
from dhr.auth.models import User
from dhr.duties import services
from dhr.duties.models import Duty
from dhr.duties.seed import seed_register, seed_strategy
from dhr.extensions import db
from dhr.files.guard import check_upload
from dhr.reviews.models import Review
from tests.reviews.review_world import build_review_world


def _duty(partnership_id: int, code: str) -> Duty:
    return db.session.scalar(select(Duty).where(Duty.partnership_id == partnership_id, Duty.code == code))


def build_duty_world() -> dict:
    """build_review_world plus registers; returns their ids under world['duties']."""
    world = build_review_world()
    p1 = db.session.get(Review, world["objects"]["R1"]["review"]).partnership
    p2 = db.session.get(Agency, world["objects"]["P2"]["agency"]).partnership
    agency_a = db.session.get(Agency, world["objects"]["R1"]["agency"])
    agency_b = db.session.get(User, world["users"]["contributor_b"].id).agency
    coordinator = db.session.get(User, world["users"]["coordinator"].id)
    other = db.session.get(User, world["users"]["other_coordinator"].id)
    ids = {}
    for key, partnership in (("P1", p1), ("P2", p2)):
        seed_register(partnership)
        services.generate_occurrences(partnership)
        seed_strategy(partnership)
        ids[key] = {"partnership": partnership.id}
    d08, d02, p2_d08 = _duty(p1.id, "D08"), _duty(p1.id, "D02"), _duty(p2.id, "D08")
    d08.owner_agency_id, d02.owner_agency_id = agency_a.id, agency_b.id
    for key, duty, actor in (("A", d08, coordinator), ("B", d02, coordinator), ("P2", p2_d08, other)):
        occurrence = duty.occurrences[0]
        item = services.add_evidence(
            occurrence, upload=check_upload("return.csv", b"Quarter,Rows\nQ1,10\n"), description="", actor=actor
        )
        ids[key] = {"duty": duty.id, "occurrence": occurrence.id, "evidence": item.id}
    from dhr.duties.models import Strategy

    for key, partnership in (("P1", p1), ("P2", p2)):
        strategy = db.session.scalar(select(Strategy).where(Strategy.partnership_id == partnership.id))
        ids[key]["group"] = strategy.groups[0].id
        ids[key]["objective"] = strategy.groups[0].objectives[0].id
    db.session.flush()
    world["duties"] = ids
    return world
