"""Panel declarations: the service, the §4.4 checks, the chair guard, the page, self-service and query counts."""

from datetime import date

import pytest
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.core.errors import DomainError
from dhr.extensions import db as _db
from dhr.overview.tasks import tasks_for
from dhr.panel.checks import panel_checks
from dhr.panel.services import record_declarations
from dhr.reviews import workflow
from dhr.reviews.models import Review, ReviewMember
from dhr.reviews.stages import ReviewStage
from tests.conftest import csrf_token, start_session_cookie
from tests.dates import date_fields
from tests.panel.conftest import build_set_up_review
from tests.test_query_counts import count_queries

STATEMENT = "No involvement with the victim, the perpetrator or the services they received"


def _declare(member_id: int, actor, **overrides) -> list[str]:
    values = {
        "job_title": "Detective Inspector, Specialist Crime Review Group",
        "independence_statement": STATEMENT,
        "independence_declared_on": date(2026, 11, 1),
        "confidentiality_signed_on": date(2026, 11, 2),
    } | overrides
    return record_declarations(_db.session.get(ReviewMember, member_id), actor=actor, **values)


def _checks(world) -> dict[str, object]:
    return {check.label: check for check in panel_checks(_db.session.get(Review, world["review"]))}


def test_recording_declarations_sets_them_and_audits_field_names(app, db, panel_world):
    world = panel_world
    changed = db.run(lambda: _declare(world["members"]["police"], world["coordinator"]))
    assert changed == ["job_title", "independence_statement", "independence_declared_on", "confidentiality_signed_on"]
    member = db.scalar(select(ReviewMember).where(ReviewMember.id == world["members"]["police"]))
    assert (member.independence_declared_on, member.confidentiality_signed_on) == (date(2026, 11, 1), date(2026, 11, 2))
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "panel.declarations_recorded"))
    assert event.data["changed"] == changed
    assert event.data["self_service"] is False
    assert STATEMENT not in str(event.data)  # field names only
    assert db.run(lambda: _declare(world["members"]["police"], world["coordinator"])) == []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"independence_declared_on": None}, "independence_declared_on", "Enter the date"),
        ({"independence_statement": "  "}, "independence_statement", "Enter the declaration"),
        ({"independence_declared_on": date(2026, 9, 30)}, "independence_declared_on", "on or after the review began"),
        ({"confidentiality_signed_on": date(2026, 9, 30)}, "confidentiality_signed_on", "on or after the review began"),
    ],
)
def test_declaration_rules(app, db, panel_world, overrides, field, message):
    with pytest.raises(DomainError, match=message) as raised:
        db.run(lambda: _declare(panel_world["members"]["police"], panel_world["coordinator"], **overrides))
    assert raised.value.field == field


def test_only_panel_roles_make_declarations(app, db, panel_world):
    with pytest.raises(DomainError, match="agency contributor does not make panel declarations"):
        db.run(lambda: _declare(panel_world["members"]["contributor"], panel_world["coordinator"]))


def test_checks_follow_the_panel_rules(app, db, panel_world):
    world = panel_world
    with app.app_context():
        before = _checks(world)
        assert not before["The independent chair has declared independence"].met
        assert before["The independent chair has declared independence"].blocking
        assert "Chris Chair" in before["The independent chair has declared independence"].missing
        assert before["A specialist domestic abuse service is represented"].met  # Test Refuge's member
        for key in ("chair", "police", "refuge"):
            _declare(world["members"][key], world["coordinator"])
        _declare(world["members"]["refuge"], world["coordinator"], confidentiality_signed_on=None)
        after = _checks(world)
        assert after["The independent chair has declared independence"].met
        assert after["Every panel member has declared independence"].met
        unsigned = after["Every panel member has signed the confidentiality agreement"]
        assert (unsigned.met, unsigned.missing, unsigned.blocking) == (False, "Still needed from Rhea Refuge", False)
        _db.session.delete(_db.session.get(ReviewMember, world["members"]["refuge"]))
        _db.session.flush()
        _db.session.expire_all()
        assert not _checks(world)["A specialist domestic abuse service is represented"].met
        _db.session.rollback()


def test_the_guard_needs_the_chairs_dated_declaration(app, db, panel_world):
    world = panel_world

    def _move():
        review = _db.session.get(Review, world["review"])
        review.terms_of_reference_agreed_on = date(2026, 11, 1)  # the other half of the guard, met
        workflow.transition(review, ReviewStage.EVIDENCE, actor=world["coordinator"])
        return review.stage

    with pytest.raises(workflow.TransitionError, match="Record the chair's declaration of independence"):
        db.run(_move)
    db.run(lambda: _declare(world["members"]["chair"], world["coordinator"], confidentiality_signed_on=None))
    assert db.run(_move) is ReviewStage.EVIDENCE


def test_set_up_tasks_include_the_chairs_declaration(app, db, panel_world):
    with app.test_request_context():
        tasks = {t.label: t for t in tasks_for(_db.session.get(Review, panel_world["review"]))}
        task = tasks["Record the chair's declaration of independence"]
        assert (task.done, task.href) == (False, f"/reviews/{panel_world['review']}/panel")
        assert not tasks["Record panel declarations and confidentiality agreements"].done
        for key in ("chair", "police", "refuge"):
            _declare(panel_world["members"][key], panel_world["coordinator"])
        tasks = {t.label: t for t in tasks_for(_db.session.get(Review, panel_world["review"]))}
        assert tasks["Record the chair's declaration of independence"].done
        assert tasks["Record panel declarations and confidentiality agreements"].done
        _db.session.rollback()


def test_the_page_lists_the_panel_with_checks_and_declarations(app, client, db, panel_world, client_request):
    world = panel_world
    db.run(lambda: _declare(world["members"]["police"], world["coordinator"]))
    start_session_cookie(client, db, world["coordinator"])
    page = client_request.get(f"/reviews/{world['review']}/panel")
    text = " ".join(page.get_text(" ").split())
    assert "The independent chair has declared independence Needed before evidence gathering" in text
    assert "Still needed from Chris Chair, Rhea Refuge" in text
    assert "Detective Inspector, Specialist Crime Review Group" in text
    assert STATEMENT in text
    assert "Con Tributor" not in text  # contributors are members but not on the panel
    links = [a["href"] for a in page.select("a") if "/declarations" in a["href"]]
    assert len(links) == 3  # the coordinator may record for each of the three


def test_errors_keep_what_was_typed(app, client, db, panel_world):
    world = panel_world
    start_session_cookie(client, db, world["coordinator"])
    url = f"/reviews/{world['review']}/panel/{world['members']['chair']}/declarations"
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token(client),
            "job_title": "Independent chair",
            "independence_statement": "Typed statement kept",
            "confidentiality_signed_on": date_fields(date(2026, 11, 3)),
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter the date of the declaration of independence" in html
    assert "Typed statement kept" in html
    assert "Independent chair" in html
    assert 'value="3"' in html
    early = client.post(
        url,
        data={
            "csrf_token": csrf_token(client),
            "independence_statement": "Typed statement kept",
            "independence_declared_on": date_fields(date(2026, 9, 1)),
        },
    )
    assert "on or after the review began (01/10/2026)" in early.get_data(as_text=True)
    assert (
        db.scalar(select(ReviewMember.independence_statement).where(ReviewMember.id == world["members"]["chair"])) == ""
    )


def test_a_member_records_their_own_declarations_only(app, client, db, panel_world):
    world = panel_world
    start_session_cookie(client, db, world["users"]["police"])
    page = client.get(f"/reviews/{world['review']}/panel").get_data(as_text=True)
    assert "Record your declarations" in page
    assert page.count("/declarations") == 1
    own = f"/reviews/{world['review']}/panel/{world['members']['police']}/declarations"
    data = {
        "csrf_token": csrf_token(client),
        "independence_statement": STATEMENT,
        "independence_declared_on": date_fields(date(2026, 11, 24)),
        "confidentiality_signed_on": date_fields(date(2026, 11, 24)),
    }
    assert client.post(own, data=data).status_code == 302
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "panel.declarations_recorded"))
    assert (event.actor_id, event.data["self_service"]) == (world["users"]["police"].id, True)
    chairs = f"/reviews/{world['review']}/panel/{world['members']['chair']}/declarations"
    assert client.get(chairs).status_code == 403
    assert client.post(chairs, data=data).status_code == 403
    assert (
        db.scalar(select(ReviewMember.independence_statement).where(ReviewMember.id == world["members"]["chair"])) == ""
    )


def test_the_panel_page_query_count_does_not_grow_with_the_panel(app, db, frozen_clock):
    from dhr.permissions import ReviewRole
    from dhr.reviews import services
    from tests.factories import create_agency, create_user

    counts = []
    for size in (2, 12):
        with db.cell():

            def _world(n=size):
                world = build_set_up_review()
                review = _db.session.get(Review, world["review"])
                partnership = review.partnership
                for _ in range(n):
                    agency = create_agency(partnership)
                    user = create_user(partnership, agency=agency)
                    member = services.add_member(
                        review, user=user, role=ReviewRole.PANEL_MEMBER, agency=agency, actor=world["coordinator"]
                    )
                    _declare(member.id, world["coordinator"])
                return world

            world = db.run(_world)
            test_client = app.test_client()
            start_session_cookie(test_client, db, world["coordinator"])
            with count_queries(db.connection) as statements:
                assert test_client.get(f"/reviews/{world['review']}/panel").status_code == 200
            counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_a_chair_who_is_also_the_author_is_one_seat_and_declares_once(app, client, db, panel_world, client_request):
    from dhr.permissions import ReviewRole
    from dhr.reviews import services
    from dhr.reviews.guards import chair_declared

    world = panel_world

    def _also_author():
        review = _db.session.get(Review, world["review"])
        return services.add_member(
            review, user=world["users"]["chair"], role=ReviewRole.AUTHOR, agency=None, actor=world["coordinator"]
        ).id

    author_row = db.run(_also_author)
    start_session_cookie(client, db, world["coordinator"])
    page = client_request.get(f"/reviews/{world['review']}/panel")
    text = " ".join(page.get_text(" ").split())
    assert "3 on the panel" in text
    assert "Still needed from Chris Chair, Pat Police, Rhea Refuge" in text
    assert "Chris Chair · Independent chair and overview report author" in text

    # Declaring as the author counts for the chair too: neither role is asked again.
    db.run(lambda: _declare(author_row, world["coordinator"]))
    chair = db.scalar(select(ReviewMember).where(ReviewMember.id == world["members"]["chair"]))
    assert chair.independence_statement == STATEMENT
    assert chair.signed_confidentiality
    checks = db.run(lambda: _checks(world))
    assert checks["The independent chair has declared independence"].met
    assert checks["Every panel member has declared independence"].missing == "Still needed from Pat Police, Rhea Refuge"
    assert db.run(lambda: chair_declared(_db.session.get(Review, world["review"]))) is None
