"""dhr/wiring.py: where packages plug into lower ones. The app installs exactly its lists, and the slots work."""

from dhr import wiring
from dhr.clocks import service as clocks
from dhr.clocks.rules import ClockEvent
from dhr.core.dates import london_today
from dhr.core.hooks import Hook
from dhr.correspondence.models import Counterpart, Direction, Method, Subject
from dhr.correspondence.services import record_correspondence
from dhr.privacy.rescan import rescan
from dhr.reviews import services as review_services
from tests.factories import create_partnership, create_review, create_user


def test_the_app_installs_the_listed_clock_sources_and_hooks(app):
    assert list(wiring.CLOCK_SOURCES) == clocks.SOURCES
    assert [source.name for source in clocks.SOURCES] == ["correspondence register", "sign-off and QA records"]
    assert review_services.REGISTER_CHANGED.handlers == [rescan]


def test_a_hook_calls_its_handlers_in_order_and_connect_replaces_them():
    heard = []
    hook = Hook("something happened")
    hook("before anyone listens")
    hook.connect([lambda what: heard.append(("first", what)), lambda what: heard.append(("second", what))])
    hook("it")
    hook.connect([lambda what: heard.append(("only", what))])
    hook("again")
    assert heard == [("first", "it"), ("second", "it"), ("only", "again")]
    assert repr(hook) == "Hook('something happened', 1 handlers)"


def test_clock_facts_come_from_the_installed_sources(db):
    def facts(with_sources: bool):
        partnership = create_partnership()
        review = create_review(partnership)
        record_correspondence(
            review,
            occurred_on=london_today(),
            direction=Direction.SENT,
            counterpart=Counterpart.HOME_OFFICE,
            method=Method.EMAIL,
            subject=Subject.DECISION,
            summary="Decision letter",
            upload=None,
            actor=create_user(partnership),
        )
        if not with_sources:
            clocks.install_sources([])
        try:
            return set(clocks.facts_for(review).events)
        finally:
            clocks.install_sources(wiring.CLOCK_SOURCES)

    assert ClockEvent.HOME_OFFICE_TOLD_OF_DECISION in db.run(facts, True)
    assert ClockEvent.HOME_OFFICE_TOLD_OF_DECISION not in db.run(facts, False)
    assert list(wiring.CLOCK_SOURCES) == clocks.SOURCES
