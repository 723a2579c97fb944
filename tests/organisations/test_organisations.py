"""Organisations shared across partnerships: joining one from the agency list, by choice, ODS code or name; the
ODS code on a shared organisation kept central; a system administrator correcting one for every partnership."""

import pytest
from sqlalchemy import func, select

from dhr.agencies.models import Agency, AgencyKind, Organisation
from dhr.agencies.organisations import organisation_for
from dhr.audit.models import AuditEvent
from dhr.extensions import db as _db
from dhr.permissions import Role
from tests.conftest import csrf_token
from tests.factories import create_agency, create_partnership, create_user


@pytest.fixture
def two_partnerships(db, client, login_as):
    """Westminster already works with the Met and CNWL (RV3); Camden's admin is signed in."""

    def _make():
        westminster, camden = create_partnership(name="Westminster"), create_partnership(name="Camden")
        police = create_agency(westminster, code="MPS", name="Metropolitan Police Service", kind=AgencyKind.POLICE)
        trust = Agency(
            partnership_id=westminster.id,
            organisation_id=organisation_for(
                name="Central and North West London NHS Foundation Trust", kind=AgencyKind.HEALTH, ods_code="rv3"
            ).id,
            code="CNWL",
            name="CNWL",
            kind=AgencyKind.HEALTH,
        )
        _db.session.add(trust)
        _db.session.flush()
        return {
            "westminster_admin": create_user(westminster, Role.ADMIN),
            "camden_admin": create_user(camden, Role.ADMIN),
            "camden": camden.id,
            "police": police,
            "trust": trust,
        }

    world = db.run(_make)
    login_as(world["camden_admin"])
    return world


def _post(client, url, **data):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


def _camden_agency(db, world, code):
    return db.scalar(select(Agency).where(Agency.partnership_id == world["camden"], Agency.code == code))


def test_a_partnership_joins_an_organisation_another_already_works_with(client, two_partnerships, db):
    world = two_partnerships
    page = client.get("/agencies/new").get_data(as_text=True)
    assert "Metropolitan Police Service" in page
    assert "Central and North West London NHS Foundation Trust (RV3)" in page

    response = _post(client, "/agencies/new", organisation=str(world["police"].organisation_id), code="MET")
    assert response.status_code == 302
    joined = _camden_agency(db, world, "MET")
    assert joined.organisation_id == world["police"].organisation_id
    assert (joined.name, joined.kind) == ("Metropolitan Police Service", AgencyKind.POLICE)  # taken from the choice
    assert "Shared with 1 other partnership" in client.get("/agencies").get_data(as_text=True)
    # Once joined, it is no longer offered.
    assert "Metropolitan Police Service" not in client.get("/agencies/new").get_data(as_text=True)


def test_a_typed_ods_code_or_the_same_name_and_kind_finds_the_shared_organisation(client, two_partnerships, db):
    world = two_partnerships
    _post(client, "/agencies/new", name="Mental health trust", code="MH", kind="health", ods_code=" rv3 ")
    _post(client, "/agencies/new", name="metropolitan  police service", code="POL", kind="police")
    _post(client, "/agencies/new", name="Metropolitan Police Service", code="MOPAC", kind="other")
    assert _camden_agency(db, world, "MH").organisation_id == world["trust"].organisation_id
    assert _camden_agency(db, world, "POL").organisation_id == world["police"].organisation_id
    # Another kind is another organisation.
    assert _camden_agency(db, world, "MOPAC").organisation_id not in {
        world["police"].organisation_id,
        world["trust"].organisation_id,
    }
    assert db.scalar(select(func.count()).select_from(Organisation)) == 3


def test_a_shared_organisations_ods_code_is_changed_centrally_and_the_form_keeps_what_was_typed(
    client, two_partnerships, db
):
    world = two_partnerships
    _post(client, "/agencies/new", organisation=str(world["trust"].organisation_id), code="CNWL")
    agency = _camden_agency(db, world, "CNWL")
    assert "a system administrator changes its ODS code" in client.get(f"/agencies/{agency.id}/edit").get_data(
        as_text=True
    )
    html = _post(
        client, f"/agencies/{agency.id}/edit", name="Our trust", code="CNWL", kind="health", ods_code="RV9"
    ).get_data(as_text=True)
    assert "is shared with other partnerships: ask a system administrator to change its ODS code" in html
    assert 'value="Our trust"' in html
    assert 'value="RV9"' in html
    assert db.scalar(select(Organisation.ods_code).where(Organisation.id == agency.organisation_id)) == "RV3"
    assert db.scalar(select(Agency.name).where(Agency.id == agency.id)) == agency.name  # nothing half-saved


def test_an_organisation_of_one_partnership_takes_its_ods_code_from_the_agency_form(client, two_partnerships, db):
    world = two_partnerships
    _post(client, "/agencies/new", name="Camden and Islington NHS Foundation Trust", code="CI", kind="health")
    agency = _camden_agency(db, world, "CI")
    for typed, message in (
        ("R!", "ODS code must be 3 to 10 letters and numbers, like RV3"),
        ("rv3", "The ODS code RV3 already belongs to Central and North West London NHS Foundation Trust"),
    ):
        html = _post(
            client, f"/agencies/{agency.id}/edit", name=agency.name, code="CI", kind="health", ods_code=typed
        ).get_data(as_text=True)
        assert message in html, typed
    response = _post(client, f"/agencies/{agency.id}/edit", name=agency.name, code="CI", kind="health", ods_code="rkl")
    assert response.status_code == 302
    assert db.scalar(select(Organisation.ods_code).where(Organisation.id == agency.organisation_id)) == "RKL"
    event = db.scalar(
        select(AuditEvent).where(AuditEvent.action == "agency.updated", AuditEvent.object_id == agency.id)
    )
    assert event.data["after"] == {"ods_code": "RKL"}


def test_a_system_administrator_corrects_an_organisation_for_every_partnership(client, two_partnerships, db, login_as):
    world = two_partnerships
    _post(client, "/agencies/new", organisation=str(world["police"].organisation_id), code="MET")

    def _make_system_admin():
        person = create_user(create_partnership(), email="support@example.test")
        person.system_admin = True
        return person

    login_as(db.run(_make_system_admin))
    listing = client.get("/admin/organisations").get_data(as_text=True)
    assert "Metropolitan Police Service" in listing
    assert "<code>RV3</code>" in listing
    url = f"/admin/organisations/{world['police'].organisation_id}/edit"
    assert "2 partnerships take part through this organisation" in client.get(url).get_data(as_text=True)
    html = _post(client, url, name="Met Police", kind="police", ods_code="RV3").get_data(as_text=True)
    assert "The ODS code RV3 already belongs to Central and North West London NHS Foundation Trust" in html
    assert 'value="Met Police"' in html
    assert _post(client, url, name="Metropolitan Police", kind="police", ods_code="").status_code == 302
    organisation = db.scalar(select(Organisation).where(Organisation.id == world["police"].organisation_id))
    assert organisation.name == "Metropolitan Police"
    # Each partnership's agency keeps its own name.
    assert db.scalar(select(Agency.name).where(Agency.id == world["police"].id)) == "Metropolitan Police Service"
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "organisation.updated"))
    assert event.data["after"] == {"name": "Metropolitan Police"}
    assert client.get("/admin/organisations/999999/edit").status_code == 404


def test_the_demo_shows_shared_organisations_with_their_ods_codes(db):
    from dhr.agencies.seed import NEIGHBOUR
    from dhr.auth.models import Membership, User
    from dhr.partnerships.models import Partnership
    from dhr.seed import PARTNERSHIP_NAME, seed_demo

    db.run(seed_demo)

    def codes(partnership_name):
        return dict(
            db.run(
                lambda: list(
                    _db.session.execute(
                        select(Agency.code, Organisation.ods_code)
                        .join(Organisation, Agency.organisation_id == Organisation.id)
                        .join(Partnership, Agency.partnership_id == Partnership.id)
                        .where(Organisation.ods_code.is_not(None), Partnership.name == partnership_name)
                    )
                )
            )
        )

    assert codes(PARTNERSHIP_NAME) == {"NWL-ICB": "QRV", "ICHT": "RYJ", "CNWL": "RV3", "LAS": "RRU"}
    assert codes(NEIGHBOUR[0]) == {"CNWL": "RV3", "LAS": "RRU"}
    police = db.scalars(select(Agency.organisation_id).where(Agency.code == "MPS"))
    assert len(police) == 2
    assert len(set(police)) == 1  # both partnerships' Met is one organisation
    assert db.scalar(select(func.count()).select_from(Agency).where(Agency.organisation_id.is_(None))) == 0
    assert db.scalar(select(User.system_admin).where(User.email == "support@dhr.example")) is True
    chair_in = db.scalars(
        select(Partnership.name)
        .join(Membership, Membership.partnership_id == Partnership.id)
        .join(User, Membership.user_id == User.id)
        .where(User.email == "chair@swp.example")
    )
    assert set(chair_in) == {PARTNERSHIP_NAME, NEIGHBOUR[0]}
    # Camden's provider for CNWL is listed for Westminster, which works with CNWL too.
    from dhr.sso.services import shared_with

    westminster = db.scalar(select(Partnership.id).where(Partnership.name == PARTNERSHIP_NAME))
    assert [p.name for p in db.run(lambda: shared_with(westminster))] == ["CNWL (Microsoft Entra ID)"]
