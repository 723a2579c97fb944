"""Agencies (add, edit, deactivate) and partnership settings."""

import pytest
from sqlalchemy import select

from dhr.agencies.models import Agency, AgencyKind
from dhr.audit.models import AuditEvent
from dhr.partnerships.models import Partnership, ReviewLabel
from dhr.permissions import Role
from tests.conftest import csrf_token
from tests.factories import create_agency, create_partnership, create_user


@pytest.fixture
def setup(db, client, login_as):
    def _make():
        partnership = create_partnership(name="Agency Test Partnership")
        agency = create_agency(partnership, code="WCC-ASC", name="Adult Social Care")
        admin = create_user(partnership, Role.ADMIN)
        return {"partnership": partnership, "agency": agency, "admin": admin}

    world = db.run(_make)
    login_as(world["admin"])
    return world


def _post(client, url, **data):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


def test_add_an_agency(client, setup, db):
    response = _post(
        client, "/agencies/new", name="London Fire Brigade", code=" lfb ", kind="fire", responsible_authority="y"
    )
    assert response.status_code == 302
    agency = db.scalar(select(Agency).where(Agency.code == "LFB"))
    assert agency.kind is AgencyKind.FIRE
    assert agency.responsible_authority
    assert (
        db.scalar(
            select(AuditEvent.action).where(AuditEvent.object_id == agency.id, AuditEvent.object_type == "Agency")
        )
        == "agency.created"
    )


def test_duplicate_code_is_refused_and_keeps_the_form(client, setup):
    html = _post(client, "/agencies/new", name="Another", code="wcc-asc", kind="local_authority").get_data(as_text=True)
    assert "An agency with the code WCC-ASC already exists" in html
    assert 'value="Another"' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "code": "X", "kind": "police"}, "Enter the agency name"),
        ({"name": "N", "code": "", "kind": "police"}, "Enter a short code for the agency"),
        ({"name": "N", "code": "BAD CODE!", "kind": "police"}, "Short code must contain only letters"),
        ({"name": "N", "code": "X" * 17, "kind": "police"}, "16 characters or fewer"),
        ({"name": "N", "code": "OK"}, "Select the kind of agency"),
        ({"name": "N", "code": "OK", "kind": "spaceship"}, "Not a valid choice"),
    ],
)
def test_agency_form_errors(client, setup, db, data, message):
    response = _post(client, "/agencies/new", **data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert len(db.scalars(select(Agency))) == 1


def test_edit_and_deactivate_an_agency(client, setup, db):
    agency_id = setup["agency"].id
    _post(
        client,
        f"/agencies/{agency_id}/edit",
        name="Adult Social Care (Westminster)",
        code="WCC-ASC",
        kind="local_authority",
    )
    _post(client, f"/agencies/{agency_id}/deactivate")
    agency = db.scalar(select(Agency).where(Agency.id == agency_id))
    assert agency.name == "Adult Social Care (Westminster)"
    assert not agency.active
    actions = db.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.object_id == agency_id, AuditEvent.object_type == "Agency")
        .order_by(AuditEvent.id)
    )
    assert actions == ["agency.updated", "agency.deactivated"]


def test_deactivated_agency_is_not_offered_for_new_users(client, setup, db):
    _post(client, f"/agencies/{setup['agency'].id}/deactivate")
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get("/admin/users/invite").get_data(as_text=True), "html.parser")
    offered = [option.get_text() for option in page.select("select#agency option")]
    assert len(offered) == 1
    assert "No agency" in offered[0]


def test_coordinator_can_read_but_not_change_agencies(app, db, setup, login_as):
    coordinator = db.run(lambda: create_user(create_partnership(), Role.COORDINATOR))
    reader = app.test_client()
    login_as(coordinator, reader)
    page = reader.get("/agencies").get_data(as_text=True)
    assert "Add an agency" not in page
    assert reader.get("/agencies/new").status_code == 403


def test_change_settings(client, setup, db):
    response = _post(
        client,
        "/admin/settings",
        name="Safer Test Partnership",
        reference_prefix="stp",
        review_label="DHR",
        evidence_due_days="28",
    )
    assert response.status_code == 302
    partnership = db.scalar(select(Partnership).where(Partnership.id == setup["partnership"].id))
    assert (partnership.name, partnership.reference_prefix, partnership.review_label) == (
        "Safer Test Partnership",
        "STP",
        ReviewLabel.DHR,
    )
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "partnership.updated"))
    assert event.data["changed"] == ["evidence_due_days", "name", "reference_prefix", "review_label"]
    assert "Safer Test Partnership" in client.get("/").get_data(as_text=True)


def test_settings_errors_keep_what_was_typed(client, setup):
    html = _post(client, "/admin/settings", name="Kept", reference_prefix="no spaces!", review_label="DARDR").get_data(
        as_text=True
    )
    assert "Reference prefix must contain only letters and numbers" in html
    assert 'value="Kept"' in html


def test_another_partnerships_name_is_refused_with_a_message(client, setup, db):
    db.run(lambda: create_partnership(name="Taken Partnership"))
    response = _post(
        client,
        "/admin/settings",
        name="taken partnership",
        reference_prefix="ABC",
        review_label="DHR",
        evidence_due_days="42",
    )
    assert response.status_code == 200
    assert "Choose a different name" in response.get_data(as_text=True)


def test_control_characters_in_any_field_are_refused(client, setup):
    response = _post(
        client,
        "/admin/settings",
        name="Bad\x00Name",
        reference_prefix="ABC",
        review_label="DHR",
        evidence_due_days="42",
    )
    assert response.status_code == 200
    assert "must not contain unusual control characters" in response.get_data(as_text=True)
