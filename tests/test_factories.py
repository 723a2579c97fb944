"""The factories build through the services, so what they make is what the app makes."""

from dhr.audit.models import AuditEvent
from dhr.extensions import db as _db
from dhr.permissions import ReviewRole, Role
from dhr.reviews.stages import ReviewStage
from tests.factories import create_partnership, create_review, create_user


def test_create_review_records_the_notification_and_sets_up_what_it_is_given(db):
    def build():
        partnership = create_partnership()
        chair = create_user(partnership)
        panel = create_user(partnership, Role.COORDINATOR)
        review = create_review(
            partnership,
            stage=ReviewStage.SET_UP,
            chair=chair,
            victim="Ms T",
            members=[(panel, ReviewRole.AUTHOR, None)],
        )
        events = [e.action for e in _db.session.query(AuditEvent).filter(AuditEvent.review_id == review.id)]
        return review.stage, review.victim.pseudonym, sorted(m.role.value for m in review.members), events[0]

    stage, victim, roles, first_event = db.run(build)
    assert (stage, victim, roles, first_event) == (ReviewStage.SET_UP, "Ms T", ["author", "chair"], "review.created")
