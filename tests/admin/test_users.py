"""User administration: invite, edit roles and agency, deactivate, reactivate, reset; all audited."""

import pytest
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.auth.models import User
from dhr.extensions import db as _db
from dhr.mail.models import OutboxMessage
from dhr.permissions import Role
from tests.conftest import csrf_token
from tests.factories import create_agency, create_partnership, create_user


@pytest.fixture
def setup(db, client, login_as):
    def _make():
        partnership = create_partnership(name="Admin Test Partnership")
        agency = create_agency(partnership, code="MPS")
        admin = create_user(partnership, Role.ADMIN, name="Ada Admin")
        member = create_user(partnership, Role.COORDINATOR, name="Cora Coordinator", email="cora@example.test")
        return {"partnership": partnership, "agency": agency, "admin": admin, "member": member}

    world = db.run(_make)
    login_as(world["admin"])
    return world


def _post(client, url, **data):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


def _events(db, action):
    return db.scalars(select(AuditEvent).where(AuditEvent.action == action))


def test_user_list_shows_everyone_in_the_partnership_only(client, client_request, setup, db):
    db.run(lambda: create_user(create_partnership(), email="stranger@example.test"))
    page = client_request.get("/admin/users")
    text = page.get_text()
    assert "Cora Coordinator" in text
    assert "stranger@example.test" not in text


def test_invite_errors_keep_what_was_typed(client, setup):
    response = _post(
        client, "/admin/users/invite", email="not-an-email", name="Kept Name", agency="", roles=["coordinator"]
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Error: Invite a user" in html
    assert "Enter an email address in the correct format" in html
    assert 'value="Kept Name"' in html
    assert 'value="not-an-email"' in html
    assert 'value="coordinator" checked' in html


def test_invite_refuses_someone_already_in_the_partnership(client, setup):
    response = _post(client, "/admin/users/invite", email="CORA@example.test", name="Dup", agency="")
    assert "cora@example.test is already a user in " in response.get_data(as_text=True)


def test_invite_with_an_agency_and_roles(client, setup, db):
    response = _post(
        client,
        "/admin/users/invite",
        email="newbie@example.test",
        name="New Bie",
        agency=str(setup["agency"].id),
        roles=["coordinator", "board_member"],
    )
    assert response.status_code == 302
    user = db.scalar(select(User).where(User.email == "newbie@example.test"))
    assert user.agency_id == setup["agency"].id
    assert user.password_hash is None
    event = _events(db, "user.invited")[0]
    assert event.actor_id == setup["admin"].id
    assert event.data == {"roles": ["board_member", "coordinator"], "agency": "MPS"}
    assert db.scalar(select(OutboxMessage.to_address)) == "newbie@example.test"


def test_cannot_choose_another_partnerships_agency(client, setup, db):
    foreign = db.run(lambda: create_agency(create_partnership(), code="FOREIGN"))
    response = _post(client, "/admin/users/invite", email="x@example.test", name="X", agency=str(foreign.id))
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert db.scalar(select(User).where(User.email == "x@example.test")) is None


def test_extra_fields_are_not_mass_assigned(client, setup, db):
    _post(
        client,
        f"/admin/users/{setup['member'].id}/edit",
        name="Cora C",
        agency="",
        roles=["coordinator"],
        partnership_id="999",
        active="false",
        email="hijack@example.test",
        password_hash="x",
    )
    member = db.scalar(select(User).where(User.id == setup["member"].id))
    assert member.name == "Cora C"
    assert member.email == "cora@example.test"
    assert member.partnership_id == setup["partnership"].id
    assert member.active


def test_edit_roles_is_audited_with_what_changed(client, setup, db):
    response = _post(
        client,
        f"/admin/users/{setup['member'].id}/edit",
        name="Cora Coordinator",
        agency=str(setup["agency"].id),
        roles=["board_member"],
    )
    assert response.status_code == 302
    event = _events(db, "user.updated")[0]
    assert event.data["changed"] == ["agency", "roles"]
    assert event.data["before"]["roles"] == ["coordinator"]
    assert event.data["after"]["roles"] == ["board_member"]


def test_admin_cannot_remove_their_own_admin_role_or_deactivate_themselves(client, setup, db):
    admin_id = setup["admin"].id
    response = _post(client, f"/admin/users/{admin_id}/edit", name="Ada Admin", agency="", roles=["coordinator"])
    assert "You cannot remove your own administrator role" in response.get_data(as_text=True)
    response = _post(client, f"/admin/users/{admin_id}/deactivate")
    assert "You cannot deactivate your own account" in response.get_data(as_text=True)
    assert db.scalar(select(User.active).where(User.id == admin_id))


def test_deactivate_then_reactivate(client, setup, db):
    member_id = setup["member"].id
    assert _post(client, f"/admin/users/{member_id}/deactivate").status_code == 302
    assert db.scalar(select(User.active).where(User.id == member_id)) is False
    assert _post(client, f"/admin/users/{member_id}/reactivate").status_code == 302
    assert db.scalar(select(User.active).where(User.id == member_id)) is True
    assert [
        e.action
        for e in db.scalars(
            select(AuditEvent).where(AuditEvent.object_id == member_id, AuditEvent.object_type == "User")
        )
    ] == ["user.deactivated", "user.reactivated"]


def test_admin_can_send_a_reset_link_or_resend_an_invitation(client, setup, db):
    invited = db.run(
        lambda: create_user(_db.session.merge(setup["partnership"]), email="inv@example.test", password=None)
    )
    _post(client, f"/admin/users/{setup['member'].id}/send-password-link")
    _post(client, f"/admin/users/{invited.id}/send-password-link")
    subjects = db.scalars(select(OutboxMessage.subject).order_by(OutboxMessage.id))
    assert subjects[0] == "Reset your DHR Case Manager password"
    assert subjects[1].startswith("You have been invited")
    assert len(_events(db, "auth.password_reset_sent")) == 1


def test_view_user_shows_their_history(client, client_request, setup):
    _post(client, f"/admin/users/{setup['member'].id}/deactivate")
    page = client_request.get(f"/admin/users/{setup['member'].id}")
    assert "user.deactivated" in page.get_text()


def test_every_admin_page_passes_the_page_checks(client_request, setup):
    for url in (
        "/admin/users",
        "/admin/users/invite",
        f"/admin/users/{setup['member'].id}",
        f"/admin/users/{setup['member'].id}/edit",
        f"/admin/users/{setup['member'].id}/deactivate",
        "/agencies",
        "/agencies/new",
        "/admin/audit-log",
        "/admin/outbox",
        "/admin/settings",
        "/account",
        "/account/change-password",
        "/",
    ):
        client_request.get(url)


def test_deactivation_spends_outstanding_links(app, client, setup, db):
    import re

    _post(client, f"/admin/users/{setup['member'].id}/send-password-link")
    body = db.scalar(select(OutboxMessage.body).order_by(OutboxMessage.id.desc()))
    link = re.search(r"http://localhost(/reset-password/\S+)", body).group(1)
    _post(client, f"/admin/users/{setup['member'].id}/deactivate")
    _post(client, f"/admin/users/{setup['member'].id}/reactivate")
    assert app.test_client().get(link).status_code == 404


def test_reactivating_an_active_user_writes_nothing(client, setup, db):
    _post(client, f"/admin/users/{setup['member'].id}/reactivate")
    assert _events(db, "user.reactivated") == []


def test_inviting_someone_from_another_partnership_adds_them_without_saying_where_they_work(client, setup, db):
    from dhr.auth.models import Membership

    db.run(lambda: create_user(create_partnership(name="Elsewhere"), email="elsewhere@example.test"))
    response = _post(client, "/admin/users/invite", email="elsewhere@example.test", name="X", agency="")
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "already had an account: they have been added to" in html
    assert "Elsewhere" not in html
    person = db.scalar(select(User).where(User.email == "elsewhere@example.test"))
    assert db.scalar(
        select(Membership.id).where(
            Membership.user_id == person.id, Membership.partnership_id == setup["partnership"].id
        )
    )
