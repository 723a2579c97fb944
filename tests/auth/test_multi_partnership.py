"""One person, two partnerships: they work in one at a time, switch from the header, and never see the other's
reviews, people, notifications or feeds while working in one. Forms from a tab left in the other are kept, not
acted on. Administrators add someone who already has an account; deactivating them in one leaves the other."""

import re

import pytest
from sqlalchemy import select

from dhr.agencies.models import Agency
from dhr.audit.models import AuditEvent
from dhr.auth.models import Membership, MembershipRole, User, UserSession
from dhr.extensions import db as _db
from dhr.mail.models import OutboxMessage
from dhr.notifications.models import Notification
from dhr.permissions import ReviewRole, Role
from tests.conftest import csrf_token
from tests.factories import create_agency, create_partnership, create_review, create_user


def _build():
    westminster = create_partnership(name="Westminster Test Partnership", prefix="WES")
    camden = create_partnership(name="Camden Test Partnership", prefix="CAM")
    met_w = create_agency(westminster, code="MPS", name="Metropolitan Police Service")
    met_c = create_agency(camden, code="MET", name="Metropolitan Police Service")
    person = create_user(westminster, Role.COORDINATOR, agency=met_w, email="dual@example.test", name="Dana Dual")
    person.memberships.append(
        Membership(partnership_id=camden.id, agency_id=met_c.id, roles=[MembershipRole(role=Role.ADMIN)])
    )
    camden_coordinator = create_user(camden, Role.COORDINATOR, email="cam@example.test", name="Cam Only")
    camden_admin = create_user(camden, Role.ADMIN, email="cam.admin@example.test", name="Cam Admin")
    westminster_only = create_user(westminster, email="wes@example.test", name="Wes Only")
    w_review = create_review(westminster, coordinator=person, agency=met_w, victim="Adult Wren")
    c_review = create_review(
        camden,
        coordinator=camden_coordinator,
        agency=met_c,
        victim="Adult Corvid",
        members=[(person, ReviewRole.AGENCY_CONTRIBUTOR, met_c)],
    )
    _db.session.add(
        Notification(
            user_id=person.id,
            partnership_id=camden.id,
            review_id=c_review.id,
            kind="review.created",
            summary="Camden-only news for Dana",
            link=f"/reviews/{c_review.id}",
        )
    )
    _db.session.flush()
    return {
        "westminster": westminster.id,
        "camden": camden.id,
        "person": person,
        "camden_coordinator": camden_coordinator,
        "camden_admin": camden_admin,
        "westminster_only": westminster_only,
        "w_review": (w_review.id, w_review.reference),
        "c_review": (c_review.id, c_review.reference),
        "met_c": met_c.id,
    }


@pytest.fixture
def world(db):
    return db.run(_build)


def _switch(client, partnership_id, **extra):
    return client.post(
        "/switch-partnership", data={"csrf_token": csrf_token(client), "partnership": str(partnership_id), **extra}
    )


def _text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


# Pages a person opens without naming an object: each must show only the partnership they work in.
PAGES = ["/", "/calendar", "/notifications", "/actions/agency", "/agencies", "/account", "/switch-partnership"]


def test_a_person_works_in_one_partnership_at_a_time_and_switches_from_the_header(client, world, login_as, db):
    login_as(world["person"])
    dashboard = _text(client, "/")
    assert "Westminster Test Partnership" in dashboard
    assert 'href="/switch-partnership"' in dashboard
    assert world["w_review"][1] in dashboard
    assert world["c_review"][1] not in dashboard
    assert client.get(f"/reviews/{world['c_review'][0]}").status_code == 404
    assert client.get("/admin/users").status_code == 403  # a coordinator here, an administrator in Camden

    assert _switch(client, world["camden"]).status_code == 302
    dashboard = _text(client, "/")
    assert "Camden Test Partnership" in dashboard
    assert world["c_review"][1] in dashboard
    assert world["w_review"][1] not in dashboard
    assert client.get(f"/reviews/{world['w_review'][0]}").status_code == 404
    users = _text(client, "/admin/users")
    assert "Cam Only" in users
    assert "Wes Only" not in users
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "auth.partnership_switched"))
    assert event.partnership_id == world["camden"]
    assert event.data == {"from": world["westminster"], "to": world["camden"]}
    # The next sign-in lands where they last worked.
    assert db.scalar(select(User.last_partnership_id).where(User.id == world["person"].id)) == world["camden"]


def test_every_page_shows_only_the_partnership_the_person_works_in(client, world, login_as):
    login_as(world["person"])
    for url in PAGES:
        html = _text(client, url)
        for leak in (world["c_review"][1], "Adult Corvid", "Camden-only news", "Cam Only"):
            assert leak not in html, f"{url} shows {leak} while working in Westminster"
    _switch(client, world["camden"])
    assert "Camden-only news for Dana" in _text(client, "/notifications")
    for url in PAGES:
        html = _text(client, url)
        for leak in (world["w_review"][1], "Adult Wren", "Wes Only"):
            assert leak not in html, f"{url} shows {leak} while working in Camden"


def test_a_notification_of_the_other_partnership_does_not_open_from_this_one(client, world, login_as, db):
    login_as(world["person"])
    notification_id = db.scalar(select(Notification.id).where(Notification.user_id == world["person"].id))
    assert client.get(f"/notifications/{notification_id}").status_code == 404
    _switch(client, world["camden"])
    assert client.get(f"/notifications/{notification_id}").status_code == 303


def test_a_form_from_a_tab_left_in_the_other_partnership_is_kept_not_acted_on(client, world, login_as, db):
    login_as(world["person"])
    _switch(client, world["camden"])
    page = _text(client, "/agencies/new")  # the Camden tab
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert f'name="dhr_partnership" value="{world["camden"]}"' in page
    _switch(client, world["westminster"])  # another tab moves the session to Westminster

    stale = client.post(
        "/agencies/new",
        data={
            "csrf_token": token,
            "dhr_page": "/agencies/new",
            "dhr_partnership": str(world["camden"]),
            "name": "Camden Fire Station",
            "code": "CFS",
            "kind": "fire",
        },
    )
    assert stale.status_code == 302
    assert "/switch-partnership?back=" in stale.headers["Location"]
    assert db.scalar(select(Agency.id).where(Agency.code == "CFS")) is None  # acted on in neither
    warning = _text(client, stale.headers["Location"])
    assert "Nothing was saved. That page was for Camden Test Partnership" in warning

    back = _switch(client, world["camden"], next="/agencies/new")
    assert back.headers["Location"] == "/agencies/new"
    assert 'value="Camden Fire Station"' in _text(client, "/agencies/new")


def test_switching_to_a_partnership_the_person_does_not_work_for_is_refused(client, world, login_as, db):
    other = db.run(lambda: create_partnership(name="Elsewhere").id)
    login_as(world["person"])
    response = _switch(client, other)
    assert response.status_code == 200
    assert "Elsewhere" not in response.get_data(as_text=True)
    assert "Select a partnership you work for" in response.get_data(as_text=True)
    assert "Westminster Test Partnership" in _text(client, "/")
    sessions = db.scalars(select(UserSession.partnership_id).where(UserSession.user_id == world["person"].id))
    assert set(sessions) == {world["westminster"]}


def test_someone_with_an_account_is_added_not_invited_again(client, world, login_as, db):
    login_as(world["camden_admin"])
    form = {
        "csrf_token": csrf_token(client),
        "email": "WES@example.test",
        "name": "Typed name is not used",
        "agency": str(world["met_c"]),
        "roles": ["board_member"],
    }
    response = client.post("/admin/users/invite", data=form)
    assert response.status_code == 302
    person = db.scalar(select(User).where(User.email == "wes@example.test"))
    assert person.name == "Wes Only"
    assert db.scalar(
        select(Membership).where(Membership.user_id == person.id, Membership.partnership_id == world["camden"])
    )
    assert db.scalar(select(OutboxMessage.subject).where(OutboxMessage.to_address == "wes@example.test")).startswith(
        "You have been added to Camden Test Partnership"
    )
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "user.added_to_partnership"))
    assert event.partnership_id == world["camden"]
    again = client.post("/admin/users/invite", data=form | {"csrf_token": csrf_token(client)})
    assert "wes@example.test is already a user in Camden Test Partnership" in again.get_data(as_text=True)


def test_deactivating_a_person_in_one_partnership_leaves_them_working_in_the_other(
    client, world, login_as, new_client, db
):
    in_camden = new_client()
    login_as(world["person"], in_camden)
    _switch(in_camden, world["camden"])
    login_as(world["person"])  # a second browser, in Westminster where they last worked before... now Camden
    _switch(client, world["westminster"])

    admin = new_client()
    login_as(world["camden_admin"], admin)
    response = admin.post(f"/admin/users/{world['person'].id}/deactivate", data={"csrf_token": csrf_token(admin)})
    assert response.status_code == 302
    assert in_camden.get("/").status_code == 302  # their Camden session ended
    assert "Westminster Test Partnership" in _text(client, "/")  # their Westminster one goes on
    assert "Camden Test Partnership" not in _text(client, "/switch-partnership")
    assert db.scalar(select(User.active).where(User.id == world["person"].id)) is True


def test_a_system_administrator_adds_a_person_to_any_partnership(client, world, login_as, db):
    def _support():
        person = create_user(create_partnership(name="Support home"), email="support@example.test")
        person.system_admin = True
        return person

    login_as(db.run(_support))
    page = _text(client, "/admin/people/add")
    assert "Camden Test Partnership" in page
    assert "Westminster Test Partnership" in page

    def add(email):
        return client.post(
            "/admin/people/add",
            data={
                "csrf_token": csrf_token(client),
                "email": email,
                "partnership": str(world["camden"]),
                "roles": ["coordinator"],
            },
        )

    unknown = add("nobody@example.test").get_data(as_text=True)
    assert "There is no account for this email address" in unknown
    assert 'value="nobody@example.test"' in unknown
    assert add("wes@example.test").status_code == 302
    person = db.scalar(select(User).where(User.email == "wes@example.test"))
    membership = next(m for m in person.memberships if m.partnership_id == world["camden"])
    assert membership.role_set == frozenset({Role.COORDINATOR})
    assert (
        db.scalar(select(AuditEvent.partnership_id).where(AuditEvent.action == "user.added_to_partnership"))
        == (world["camden"])
    )


def test_two_step_verification_is_required_if_any_of_their_partnerships_requires_it(world, db):
    from dhr.auth import two_step
    from dhr.partnerships.models import Partnership

    def required():
        return two_step.required(_db.session.get(User, world["westminster_only"].id))

    assert db.run(required) is False

    def add_to_camden_which_requires_it():
        _db.session.get(Partnership, world["camden"]).two_step_for_everyone = True
        person = _db.session.get(User, world["westminster_only"].id)
        person.memberships.append(Membership(partnership_id=world["camden"]))

    db.run(add_to_camden_which_requires_it)
    assert db.run(required) is True  # though Westminster, where they last worked, asks nothing of them


def test_each_partnership_has_its_own_calendar_feed_showing_only_its_dates(client, world, login_as, new_client):
    login_as(world["person"])

    def make_feed():
        html = client.post("/calendar/feed", data={"csrf_token": csrf_token(client)}).get_data(as_text=True)
        return re.search(r"/calendar/feed/([A-Za-z0-9_-]+)\.ics", html).group(0)

    westminster_feed = make_feed()
    _switch(client, world["camden"])
    camden_feed = make_feed()
    assert westminster_feed != camden_feed

    calendar_app = new_client()  # Outlook, with no session
    westminster = calendar_app.get(westminster_feed).get_data(as_text=True)
    camden = calendar_app.get(camden_feed).get_data(as_text=True)
    assert world["w_review"][1] in westminster
    assert world["c_review"][1] not in westminster
    assert world["c_review"][1] in camden
    assert world["w_review"][1] not in camden
