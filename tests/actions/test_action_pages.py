"""The action pages over HTTP: the lead agency updates, adds evidence and reports the action done; the
coordinator approves it or sends it back; errors keep what was typed; the plan page's queries stay constant."""

import io
from datetime import timedelta

from sqlalchemy import select

from dhr.actions import services
from dhr.actions.models import Action, ActionEvidence
from dhr.actions.stages import ActionStatus
from dhr.agencies.models import Agency
from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.extensions import db as _db
from dhr.recommendations.models import Recommendation
from tests.actions.action_world import build_action_world
from tests.conftest import check_page, csrf_token, start_session_cookie
from tests.dates import fields_from_today
from tests.test_query_counts import count_queries

A = ActionStatus


def _client(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def _url(world, suffix=""):
    return f"/reviews/{world['objects']['R1']['review']}/actions/{world['actions']['R1']['A']}{suffix}"


def test_the_agency_reports_progress_and_completion_and_the_coordinator_approves(app, db):
    world = db.run(build_action_world)
    contributor = _client(app, db, world, "contributor_a")
    token = csrf_token(contributor)

    response = contributor.post(
        _url(world, "/updates/new"), data={"csrf_token": token, "text": "", "status": "at_risk"}
    )
    page = check_page(response.get_data(as_text=True))
    assert "Enter what has happened since the last update" in page.select_one(".govuk-error-summary").text
    assert page.select_one("input[value=at_risk]").has_attr("checked")

    response = contributor.post(
        _url(world, "/updates/new"), data={"csrf_token": token, "text": "Audit started", "status": "at_risk"}
    )
    assert response.status_code == 302

    response = contributor.post(_url(world, "/completion"), data={"csrf_token": token, "outcome": "All done"})
    page = check_page(response.get_data(as_text=True))
    assert "Add at least one piece of evidence" in page.select_one(".govuk-error-summary").text
    assert page.select_one("textarea[name=outcome]").text.strip() == "All done"

    refused = contributor.post(
        _url(world, "/evidence/new"),
        data={"csrf_token": token, "file": (io.BytesIO(b"MZ\x90\x00binary"), "tool.exe"), "description": "x"},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 200
    assert "govuk-error-summary" in refused.get_data(as_text=True)
    response = contributor.post(
        _url(world, "/evidence/new"),
        data={
            "csrf_token": token,
            "file": (io.BytesIO(b"Name,Date\nA,1/1/2026\n"), "register.csv"),
            "description": "Register",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    response = contributor.post(_url(world, "/completion"), data={"csrf_token": token, "outcome": "95% reached GPs"})
    assert response.status_code == 302
    assert db.scalar(select(Action.status).where(Action.id == world["actions"]["R1"]["A"])) is A.COMPLETION_REQUESTED
    # The contributor cannot approve their own work.
    assert contributor.get(_url(world, "/approval")).status_code == 403

    coordinator = _client(app, db, world, "coordinator")
    token = csrf_token(coordinator)
    response = coordinator.post(
        _url(world, "/approval"), data={"csrf_token": token, "decision": "return", "reason": ""}
    )
    assert "Enter the reason" in response.get_data(as_text=True)
    response = coordinator.post(_url(world, "/approval"), data={"csrf_token": token, "decision": "approve"})
    assert response.status_code == 302
    page = check_page(coordinator.get(_url(world)).get_data(as_text=True))
    assert page.select_one("#action-status").text == "Completed"
    assert "95% reached GPs" in page.text
    evidence = db.scalar(select(ActionEvidence.id))
    download = coordinator.get(_url(world, f"/evidence/{evidence}"))
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.data == b"Name,Date\nA,1/1/2026\n"


def test_a_new_action_form_keeps_what_was_typed(app, db):
    world = db.run(build_action_world)
    chair = _client(app, db, world, "chair")
    review, recommendation = world["objects"]["R1"]["review"], world["actions"]["R1"]["recommendation"]
    url = f"/reviews/{review}/recommendations/{recommendation}/actions/new"
    response = chair.post(
        url,
        data={
            "csrf_token": csrf_token(chair),
            "action": "Brief every GP practice",
            "lead_agency": "",
            "owner": "",
            "owner_name": "Practice manager",
            "target_on": ["31", "2", "2027"],
        },
    )
    page = check_page(response.get_data(as_text=True))
    summary = page.select_one(".govuk-error-summary").text
    assert "Select the lead agency" in summary
    assert "Target date must be a real date" in summary
    assert page.select_one("textarea[name=action]").text.strip() == "Brief every GP practice"
    assert page.select_one("input[name=owner_name]")["value"] == "Practice manager"


def _more_actions(world, count):
    recommendation = _db.session.get(Recommendation, world["actions"]["R1"]["recommendation"])
    coordinator = _db.session.get(User, world["users"]["coordinator"].id)
    agency = _db.session.get(Agency, world["objects"]["R1"]["agency"])
    for n in range(count):
        services.save_action(
            recommendation,
            action_text=f"Extra {n}",
            lead_agency=agency,
            owner=None,
            owner_name="Named lead",
            milestones="",
            target_on=london_today() + timedelta(days=n),
            actor=coordinator,
        )


def test_the_plan_page_uses_a_constant_number_of_queries(app, db):
    counts = []
    for extra in (1, 11):
        with db.cell():
            world = db.run(build_action_world)
            db.run(_more_actions, world, extra)
            client = _client(app, db, world, "coordinator")
            with count_queries(db.connection) as statements:
                assert client.get(f"/reviews/{world['objects']['R1']['review']}/action-plan").status_code == 200
            counts.append(len(statements))
    assert counts[0] == counts[1], f"{counts[0]} queries for 3 actions but {counts[1]} for 13"


def test_a_named_owner_must_work_for_the_lead_agency_and_can_then_open_the_action(app, db):
    world = db.run(build_action_world)
    coordinator = _client(app, db, world, "coordinator")
    r2, action = world["objects"]["R2"]["review"], world["actions"]["R2"]["A"]
    url = f"/reviews/{r2}/actions/{action}"
    fields = {"action": "Train call handlers", "lead_agency": str(world["objects"]["R1"]["agency"]), "owner_name": ""}
    fields["target_on"] = fields_from_today(1200)
    other_agency = world["users"]["contributor_b"]  # works for agency B, not the lead agency A
    response = coordinator.post(
        url + "/edit", data={"csrf_token": csrf_token(coordinator), **fields, "owner": str(other_agency.id)}
    )
    assert "The owner must work for the lead agency" in response.get_data(as_text=True)

    owner = world["users"]["panel_member"]  # agency A, but not on R2
    stranger = _client(app, db, world, "panel_member")
    assert stranger.get(url).status_code == 404
    response = coordinator.post(
        url + "/edit", data={"csrf_token": csrf_token(coordinator), **fields, "owner": str(owner.id)}
    )
    assert response.status_code == 302
    assert stranger.get(url).status_code == 200
    assert stranger.get(url + "/updates/new").status_code == 200


def test_a_single_agency_recommendations_new_action_starts_with_its_agency_leading(app, db):
    world = db.run(build_action_world)
    coordinator = _client(app, db, world, "coordinator")
    review, single = world["objects"]["R2"]["review"], world["actions"]["R2"]["recommendation"]
    page = check_page(coordinator.get(f"/reviews/{review}/recommendations/{single}/actions/new").get_data(as_text=True))
    chosen = page.select_one("select[name=lead_agency] option[selected]")
    assert chosen is not None
    assert chosen["value"] == str(world["objects"]["R2"]["agency"])
    several = world["actions"]["R1"]["recommendation"]  # a multi-agency recommendation: nobody is assumed
    page = check_page(
        coordinator.get(f"/reviews/{world['objects']['R1']['review']}/recommendations/{several}/actions/new").get_data(
            as_text=True
        )
    )
    assert page.select_one("select[name=lead_agency] option[selected]") is None
