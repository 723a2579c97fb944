"""Access matrix for single sign-on: the public way in, and the administrator's settings and providers, each
tried as every persona on its own partnership's provider, the other partnership's and a missing one."""

import pytest

from dhr.extensions import db as _db
from dhr.sso.models import IdentityProvider
from tests.access import Route, expected_status, register, run_matrix
from tests.world import ADMINS, ALL_PERSONAS, build_world, deactivate_persona

R = Route
ROUTES = register(
    "sso",
    [
        R("sso.start", "GET", lambda o: "/sign-in/organisation", frozenset(), public=True),
        R(
            "sso.start",
            "POST",
            lambda o: "/sign-in/organisation",
            frozenset(),
            public=True,
            data=lambda o: {"email": "nobody@no-provider.example"},
        ),
        # Nobody started a sign-in here, so the return from a provider is refused for everyone.
        R(
            "sso.callback",
            "GET",
            lambda o: "/sign-in/organisation/callback?state=x&code=y",
            frozenset(),
            public=True,
            success=400,
        ),
        # Nobody is part-way through linking an account, so the confirmation step is refused for everyone.
        R("sso.confirm_link", "GET", lambda o: "/sign-in/organisation/confirm", frozenset(), public=True, success=400),
        R(
            "sso.confirm_link",
            "POST",
            lambda o: "/sign-in/organisation/confirm",
            frozenset(),
            public=True,
            success=400,
            data=lambda o: {"password": "not-the-password"},
        ),
        R("sso.settings", "GET", lambda o: "/admin/sign-in", ADMINS),
        R(
            "sso.settings",
            "POST",
            lambda o: "/admin/sign-in",
            ADMINS,
            success=302,
            data=lambda o: {"password_sign_in": "y"},
        ),
        R("sso.add_provider", "GET", lambda o: "/admin/sign-in/providers/new", ADMINS),
        R(
            "sso.add_provider",
            "POST",
            lambda o: "/admin/sign-in/providers/new",
            ADMINS,
            success=302,
            data=lambda o: _provider_form(),
        ),
        R("sso.edit_provider", "GET", lambda o: f"/admin/sign-in/providers/{o['provider']}", ADMINS, scoped=True),
        R(
            "sso.edit_provider",
            "POST",
            lambda o: f"/admin/sign-in/providers/{o['provider']}",
            ADMINS,
            scoped=True,
            success=302,
            data=lambda o: _provider_form(),
        ),
    ],
)


def _provider_form() -> dict:
    return {
        "name": "Council",
        "issuer": "https://login.example/tenant/v2.0",
        "client_id": "app",
        "client_secret": "secret-value",
        "email_domains": "council.example",
        "agency": "",
        "active": "y",
    }


def _world():
    world = build_world()
    for key in ("P1", "P2"):
        provider = IdentityProvider(
            partnership_id=world.objects[key]["partnership"].id,
            name=f"{key} provider",
            issuer="https://login.example/tenant/v2.0",
            client_id="app",
            client_secret="secret-value",
            email_domains=[f"{key.lower()}.example"],
            emails_verified_by_provider=False,
        )
        _db.session.add(provider)
        _db.session.flush()
        world.objects[key]["provider"] = provider.id
    return world


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_sso_access_matrix(app, db, route):
    """Each persona gets exactly the expected status; denied writes change nothing."""
    world = db.run(_world)

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate_persona, world)

    failures = run_matrix(
        app, db, route, ALL_PERSONAS, route.relations, expected_status, world.objects_for, world.users, after_login
    )
    assert not failures, "\n".join(failures)
