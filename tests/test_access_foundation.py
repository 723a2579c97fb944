"""Access matrix for the foundation: every route x persona x (own / other partnership / missing object)."""

import itertools

import pytest

from tests.access import Route, expected_status, register, run_matrix
from tests.world import ADMINS, ALL_PERSONAS, SIGNED_IN, build_world, deactivate_persona

COORDINATING = ADMINS | {"coordinator"}
# Organisations are shared by every partnership, so only a system administrator corrects them.
SYSTEM_ADMINS = frozenset({"system_admin"})
_n = itertools.count(1)

R = Route
ROUTES = register(
    "foundation",
    [
        R("pages.health", "GET", lambda o: "/health", frozenset(), public=True),
        R("pages.accessibility", "GET", lambda o: "/accessibility", frozenset(), public=True),
        R("auth.sign_in", "GET", lambda o: "/sign-in", frozenset(), public=True),
        R(
            "auth.sign_in",
            "POST",
            lambda o: "/sign-in",
            frozenset(),
            public=True,
            data=lambda o: {"email": "nobody@example.test", "password": "not-the-password"},
        ),
        R("auth.forgot_password", "GET", lambda o: "/forgot-password", frozenset(), public=True),
        R(
            "auth.forgot_password",
            "POST",
            lambda o: "/forgot-password",
            frozenset(),
            public=True,
            data=lambda o: {"email": "nobody@example.test"},
        ),
        R("auth.reset_password", "GET", lambda o: "/reset-password/not-a-token", frozenset(), public=True, success=404),
        R(
            "auth.reset_password",
            "POST",
            lambda o: "/reset-password/not-a-token",
            frozenset(),
            public=True,
            success=404,
            data=lambda o: {"password": "a-long-enough-new-passphrase"},
        ),
        R("auth.accept_invite", "GET", lambda o: "/accept-invite/not-a-token", frozenset(), public=True, success=404),
        R(
            "auth.accept_invite",
            "POST",
            lambda o: "/accept-invite/not-a-token",
            frozenset(),
            public=True,
            success=404,
            data=lambda o: {"password": "a-long-enough-new-passphrase"},
        ),
        R("auth.sign_out", "POST", lambda o: "/sign-out", SIGNED_IN, success=302),
        R("auth.account", "GET", lambda o: "/account", SIGNED_IN),
        R("auth.change_password", "GET", lambda o: "/account/change-password", SIGNED_IN),
        R(
            "auth.change_password",
            "POST",
            lambda o: "/account/change-password",
            SIGNED_IN,
            data=lambda o: {"current_password": "wrong", "password": "a-long-enough-new-passphrase"},
        ),
        R("auth.keep_alive", "POST", lambda o: "/session/keep-alive", SIGNED_IN, success=204),
        # Without a correct password moments before, the second step sends everyone back to sign in.
        R("auth.two_step", "GET", lambda o: "/sign-in/two-step", frozenset(), public=True, success=302),
        R(
            "auth.two_step",
            "POST",
            lambda o: "/sign-in/two-step",
            frozenset(),
            public=True,
            success=302,
            data=lambda o: {"code": "123456"},
        ),
        R("auth.set_up_two_step", "GET", lambda o: "/sign-in/set-up-two-step", frozenset(), public=True, success=302),
        R(
            "auth.set_up_two_step",
            "POST",
            lambda o: "/sign-in/set-up-two-step",
            frozenset(),
            public=True,
            success=302,
            data=lambda o: {"code": "123456"},
        ),
        R("auth.account_two_step", "GET", lambda o: "/account/two-step", SIGNED_IN),
        R(
            "auth.account_two_step",
            "POST",
            lambda o: "/account/two-step",
            SIGNED_IN,
            data=lambda o: {"code": "000000"},
        ),
        R("auth.new_recovery_codes", "POST", lambda o: "/account/recovery-codes", SIGNED_IN, success=302),
        R("dashboard.index", "GET", lambda o: "/", SIGNED_IN),
        R("users.list_users", "GET", lambda o: "/admin/users", ADMINS),
        R("users.invite_user", "GET", lambda o: "/admin/users/invite", ADMINS),
        R(
            "users.invite_user",
            "POST",
            lambda o: "/admin/users/invite",
            ADMINS,
            success=302,
            data=lambda o: {"email": f"invitee{next(_n)}@example.test", "name": "New Person", "agency": ""},
        ),
        R("users.view_user", "GET", lambda o: f"/admin/users/{o['user']}", ADMINS, scoped=True),
        R("users.edit_user", "GET", lambda o: f"/admin/users/{o['user']}/edit", ADMINS, scoped=True),
        R(
            "users.edit_user",
            "POST",
            lambda o: f"/admin/users/{o['user']}/edit",
            ADMINS,
            scoped=True,
            success=302,
            data=lambda o: {"name": "Renamed Person", "agency": ""},
        ),
        R("users.deactivate_user", "GET", lambda o: f"/admin/users/{o['user']}/deactivate", ADMINS, scoped=True),
        R(
            "users.deactivate_user",
            "POST",
            lambda o: f"/admin/users/{o['user']}/deactivate",
            ADMINS,
            scoped=True,
            success=302,
        ),
        R(
            "users.reactivate_user",
            "POST",
            lambda o: f"/admin/users/{o['user']}/reactivate",
            ADMINS,
            scoped=True,
            success=302,
        ),
        R(
            "users.send_password_link",
            "POST",
            lambda o: f"/admin/users/{o['user']}/send-password-link",
            ADMINS,
            scoped=True,
            success=302,
        ),
        # The world's people have not set up two-step verification, so there is nothing to reset: back to the user.
        R(
            "users.reset_two_step",
            "GET",
            lambda o: f"/admin/users/{o['user']}/reset-two-step",
            ADMINS,
            scoped=True,
            success=302,
        ),
        R(
            "users.reset_two_step",
            "POST",
            lambda o: f"/admin/users/{o['user']}/reset-two-step",
            ADMINS,
            scoped=True,
            success=302,
        ),
        R("agencies.list_agencies", "GET", lambda o: "/agencies", COORDINATING),
        R("agencies.add_agency", "GET", lambda o: "/agencies/new", ADMINS),
        R(
            "agencies.add_agency",
            "POST",
            lambda o: "/agencies/new",
            ADMINS,
            success=302,
            data=lambda o: {"name": "New Agency", "code": f"NEW{next(_n)}", "kind": "police"},
        ),
        R("agencies.edit_agency", "GET", lambda o: f"/agencies/{o['agency']}/edit", ADMINS, scoped=True),
        R(
            "agencies.edit_agency",
            "POST",
            lambda o: f"/agencies/{o['agency']}/edit",
            ADMINS,
            scoped=True,
            success=302,
            data=lambda o: {"name": "Renamed Agency", "code": o["code"], "kind": "health"},
        ),
        R(
            "agencies.deactivate_agency",
            "POST",
            lambda o: f"/agencies/{o['agency']}/deactivate",
            ADMINS,
            scoped=True,
            success=302,
        ),
        R(
            "agencies.reactivate_agency",
            "POST",
            lambda o: f"/agencies/{o['agency']}/reactivate",
            ADMINS,
            scoped=True,
            success=302,
        ),
        R("switch.switch", "GET", lambda o: "/switch-partnership", SIGNED_IN),
        R(
            "switch.switch",
            "POST",
            lambda o: "/switch-partnership",
            SIGNED_IN,
            success=302,
            data=lambda o: {"partnership": str(o["partnership"].id)},
        ),
        R("organisations.list_organisations", "GET", lambda o: "/admin/organisations", SYSTEM_ADMINS),
        R("people.add_to_partnership", "GET", lambda o: "/admin/people/add", SYSTEM_ADMINS),
        R(
            "people.add_to_partnership",
            "POST",
            lambda o: "/admin/people/add",
            SYSTEM_ADMINS,
            success=302,
            data=lambda o: {"email": "admin@example.test", "partnership": str(o["partnership"].id)},
        ),
        R(
            "organisations.edit_organisation",
            "GET",
            lambda o: f"/admin/organisations/{o['organisation']}/edit",
            SYSTEM_ADMINS,
        ),
        R(
            "organisations.edit_organisation",
            "POST",
            lambda o: f"/admin/organisations/{o['organisation']}/edit",
            SYSTEM_ADMINS,
            success=302,
            data=lambda o: {"name": f"Corrected {next(_n)}", "kind": "health", "ods_code": ""},
        ),
        R("audit.audit_log", "GET", lambda o: "/admin/audit-log", ADMINS),
        R("mail.list_outbox", "GET", lambda o: "/admin/outbox", ADMINS),
        R("mail.view_message", "GET", lambda o: f"/admin/outbox/{o['message']}", ADMINS, scoped=True),
        R("partnerships.edit_settings", "GET", lambda o: "/admin/settings", ADMINS),
        R(
            "partnerships.edit_settings",
            "POST",
            lambda o: "/admin/settings",
            ADMINS,
            success=302,
            data=lambda o: {
                "name": o["partnership_name"] + " renamed",
                "reference_prefix": "NEW",
                "review_label": "DHR",
                "evidence_due_days": "42",
            },
        ),
    ],
)


def _status_for(route: Route, persona: str, relation: str) -> int:
    # Signed-in people who open the sign-in page are sent to their dashboard instead.
    if route.endpoint == "auth.sign_in" and persona in SIGNED_IN:
        return 302
    return expected_status(route, persona, relation)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_access_matrix(app, db, route):
    """Each persona gets exactly the expected status; denied writes change nothing."""
    world = db.run(build_world)

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate_persona, world)

    failures = run_matrix(
        app, db, route, ALL_PERSONAS, route.relations, _status_for, world.objects_for, world.users, after_login
    )
    assert not failures, "\n".join(failures)
