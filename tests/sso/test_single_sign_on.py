"""Single sign-on against a real OpenID Connect provider on localhost (tests/sso/oidc_provider.py): discovery, the
code flow with PKCE, linking by verified email, and every way it must refuse: a state or nonce mismatch, an
expired token, a wrong audience, a forged signature, an unverified email, a deactivated user, no account."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import func, select

from dhr.audit.models import AuditEvent
from dhr.auth.models import Membership, MembershipRole, User, UserSession
from dhr.extensions import db as _db
from dhr.partnerships.models import Partnership
from dhr.permissions import Role
from dhr.sso import client as sso_client
from dhr.sso.models import IdentityProvider, SsoLink
from tests.conftest import csrf_token
from tests.factories import PASSWORD, create_partnership, create_user
from tests.sso.oidc_provider import CLIENT_ID, CLIENT_SECRET, OidcProvider

EMAIL = "jo.whitfield@council.example"


@pytest.fixture
def provider():
    sso_client.forget_cached()
    with OidcProvider() as running:
        yield running
    sso_client.forget_cached()


@pytest.fixture
def world(db, provider):
    def _make():
        partnership = create_partnership()
        chair = create_user(partnership, email=EMAIL, name="Jo Whitfield", password=None)
        admin = create_user(partnership, Role.ADMIN, email="admin@council.example", name="Ada Admin")
        row = IdentityProvider(
            partnership_id=partnership.id,
            name="Council Example",
            issuer=provider.issuer,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            email_domains=["council.example"],
            emails_verified_by_provider=False,
        )
        _db.session.add(row)
        _db.session.flush()
        return {"partnership": partnership.id, "chair": chair.id, "admin": admin.id, "provider": row.id}

    return db.run(_make)


def _leave_for_provider(client, email=EMAIL):
    response = client.post("/sign-in/organisation", data={"csrf_token": csrf_token(client), "email": email})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def _come_back(client, authorize_url, **bend):
    """The browser visits the provider, which sends it back to us with a code; `bend` alters that answer."""
    answer = requests.get(authorize_url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    query = {key: values[0] for key, values in parse_qs(back.query).items()}
    query.update(bend)
    return client.get(back.path, query_string=query)


def _sso(client, provider, subject="entra-oid-1", **claims):
    claims = {"email": EMAIL, "email_verified": True, "name": "Jo Whitfield", **claims}
    provider.sign_in_as(subject, **claims)
    return _come_back(client, _leave_for_provider(client))


def _reason(db) -> str:
    event = db.scalar(
        select(AuditEvent).where(AuditEvent.action == "auth.sso_failed").order_by(AuditEvent.id.desc()).limit(1)
    )
    return event.data["reason"] if event else ""


def _signed_in(client) -> bool:
    return client.get("/").status_code == 200


def test_discovery_and_the_code_flow_with_pkce_sign_in_an_invited_person(client, provider, world, db):
    authorize = _leave_for_provider(client)
    assert authorize.startswith(f"{provider.issuer}/authorize?")
    args = parse_qs(urlsplit(authorize).query)
    assert args["code_challenge_method"] == ["S256"]
    assert len(args["code_challenge"][0]) == 43
    assert args["nonce"][0]
    assert args["state"][0]
    assert args["scope"] == ["openid email profile"]

    provider.sign_in_as("entra-oid-1", email=EMAIL, email_verified=True, name="Jo Whitfield", amr=["pwd", "mfa"])
    back = _come_back(client, authorize)
    assert back.status_code == 302
    assert back.headers["Location"] == "/"
    assert provider.pkce_checked == 1
    assert _signed_in(client)
    assert db.scalar(select(UserSession.second_step)) == "sso:pwd+mfa"
    assert db.scalar(select(SsoLink.subject).where(SsoLink.user_id == world["chair"])) == "entra-oid-1"
    assert "auth.sso_linked" in set(db.scalars(select(AuditEvent.action)))


def test_the_link_holds_when_the_address_changes_at_the_provider(app, provider, world, db):
    assert _sso(app.test_client(), provider).status_code == 302
    later = app.test_client()
    assert _sso(later, provider, email="jo.whitfield-smith@council.example").status_code == 302
    assert _signed_in(later)
    assert db.scalar(select(func.count()).select_from(SsoLink)) == 1


def test_a_state_mismatch_is_refused(client, provider, world, db):
    provider.sign_in_as("entra-oid-1", email=EMAIL, email_verified=True)
    response = _come_back(client, _leave_for_provider(client), state="forged-state")
    assert response.status_code == 400
    assert _reason(db) == "state_mismatch"
    assert not _signed_in(client)


def test_a_callback_that_was_not_started_here_or_is_replayed_is_refused(app, client, provider, world, db):
    provider.sign_in_as("entra-oid-1", email=EMAIL, email_verified=True)
    authorize = _leave_for_provider(client)
    answer = requests.get(authorize, allow_redirects=False, timeout=10)
    back = urlsplit(answer.headers["Location"])
    stranger = app.test_client()
    assert stranger.get(back.path + "?" + back.query).status_code == 400
    assert _reason(db) == "no_flow"
    assert client.get(back.path + "?" + back.query).status_code == 302
    assert client.get(back.path + "?" + back.query).status_code == 400  # the flow is used up


def test_a_nonce_mismatch_is_refused(client, provider, world, db):
    provider.tamper = {"nonce": "a-nonce-from-another-sign-in"}
    assert _sso(client, provider).status_code == 400
    assert _reason(db) == "nonce_mismatch"
    assert not _signed_in(client)


def test_an_expired_token_is_refused(client, provider, world, db, frozen_clock):
    provider.now = lambda: int(frozen_clock().timestamp())
    provider.token_lifetime = 120
    provider.sign_in_as("entra-oid-1", email=EMAIL, email_verified=True)
    authorize = _leave_for_provider(client)

    def _late_token_endpoint():
        frozen_clock.advance(minutes=4)  # past the token's two minutes and the one-minute leeway
        return int((frozen_clock() - timedelta(minutes=4)).timestamp())

    provider.now = _late_token_endpoint
    assert _come_back(client, authorize).status_code == 400
    assert _reason(db) == "expired_token"


def test_a_token_for_another_audience_is_refused(client, provider, world, db):
    provider.tamper = {"aud": "some-other-application"}
    assert _sso(client, provider).status_code == 400
    assert _reason(db) == "wrong_audience"


def test_a_token_signed_with_another_key_is_refused(client, provider, world, db):
    provider.sign_with_other_key = True
    assert _sso(client, provider).status_code == 400
    assert _reason(db) == "bad_signature"


def test_another_issuer_in_the_token_is_refused(client, provider, world, db):
    provider.tamper = {"iss": "https://login.example/other-tenant"}
    assert _sso(client, provider).status_code == 400
    assert _reason(db) == "bad_claims"


def test_an_unverified_email_is_refused_unless_the_provider_owns_its_domains(app, provider, world, db):
    assert _sso(app.test_client(), provider, email_verified=False).status_code == 400
    assert _reason(db) == "unverified_email"

    def _entra_style():
        _db.session.get(IdentityProvider, world["provider"]).emails_verified_by_provider = True

    db.run(_entra_style)
    entra = app.test_client()
    provider.sign_in_as("entra-oid-1", email=EMAIL, name="Jo Whitfield")  # no email_verified claim at all
    assert _come_back(entra, _leave_for_provider(entra)).status_code == 302


def test_an_address_outside_the_providers_domains_is_refused(client, provider, world, db):
    assert _sso(client, provider, email="jo@elsewhere.example", email_verified=True).status_code == 400
    assert _reason(db) == "email_outside_domains"


def test_a_deactivated_person_is_refused(client, provider, world, db):
    def _deactivate():
        _db.session.get(User, world["chair"]).active = False

    db.run(_deactivate)
    response = _sso(client, provider)
    assert response.status_code == 400
    assert "deactivated" in response.get_data(as_text=True)
    assert _reason(db) == "deactivated"
    assert not _signed_in(client)


def test_no_account_is_made_unless_the_partnership_allows_it_and_then_with_no_roles(app, provider, world, db):
    newcomer = "sam.new@council.example"
    assert _sso(app.test_client(), provider, subject="entra-oid-2", email=newcomer).status_code == 400
    assert _reason(db) == "no_account"
    assert db.scalar(select(User.id).where(User.email == newcomer)) is None

    def _allow():
        _db.session.get(Partnership, world["partnership"]).sso_creates_accounts = True

    db.run(_allow)
    second = app.test_client()
    assert _sso(second, provider, subject="entra-oid-2", email=newcomer, name="Sam New").status_code == 302
    made = db.scalar(select(User).where(User.email == newcomer))
    assert made.partnership_id == world["partnership"]
    assert made.password_hash is None
    assert (
        db.scalar(
            select(func.count()).select_from(MembershipRole).join(Membership).where(Membership.user_id == made.id)
        )
        == 0
    )
    assert "user.created_by_sso" in set(db.scalars(select(AuditEvent.action)))


def test_an_unknown_domain_is_told_to_use_a_password(client, world):
    response = client.post(
        "/sign-in/organisation", data={"csrf_token": csrf_token(client), "email": "someone@gmail.example"}
    )
    assert response.status_code == 200
    assert "does not sign in to DHR Case Manager this way" in response.get_data(as_text=True)


def test_a_discovery_document_for_another_issuer_is_refused(client, provider, world, db):
    def _trailing_slash():
        _db.session.get(IdentityProvider, world["provider"]).issuer = provider.issuer + "/"

    db.run(_trailing_slash)
    response = client.post("/sign-in/organisation", data={"csrf_token": csrf_token(client), "email": EMAIL})
    assert response.status_code == 200
    assert "could not sign you in" in response.get_data(as_text=True)


def test_a_partnership_can_turn_passwords_off_but_administrators_keep_theirs(app, client, world, db):
    def _passwords_off():
        partnership = _db.session.get(Partnership, world["partnership"])
        partnership.password_sign_in = False
        create_user(partnership, Role.COORDINATOR, email="coordinator@council.example")

    db.run(_passwords_off)
    form = {"csrf_token": csrf_token(client), "email": "coordinator@council.example", "password": PASSWORD}
    refused = client.post("/sign-in", data=form)
    assert refused.status_code == 200
    assert "turned off password sign-in" in refused.get_data(as_text=True)
    assert not _signed_in(client)
    admin = app.test_client()
    form = {"csrf_token": csrf_token(admin), "email": "admin@council.example", "password": PASSWORD}
    assert admin.post("/sign-in", data=form).status_code == 302


def test_the_sign_in_page_offers_organisation_sign_in_once_a_provider_exists(client, world):
    html = client.get("/sign-in").get_data(as_text=True)
    assert re.search(r'href="/sign-in/organisation[^"]*"[^>]*>\s*Sign in with your organisation', html)


def test_an_administrator_adds_and_changes_a_provider_and_the_secret_never_reaches_the_log(
    client, provider, world, db, login_as
):
    login_as(db.run(lambda: _db.session.get(User, world["admin"])))
    page = client.get("/admin/sign-in")
    assert "Council Example" in page.get_data(as_text=True)
    fields = {
        "csrf_token": csrf_token(client),
        "name": "NHS Trust",
        "issuer": provider.issuer,
        "client_id": "trust-app",
        "client_secret": "trust-secret-value",
        "email_domains": "trust.example, @Clinic.Example",
        "agency": "",
        "active": "y",
    }
    assert client.post("/admin/sign-in/providers/new", data=fields).status_code == 302
    added = db.scalar(select(IdentityProvider).where(IdentityProvider.name == "NHS Trust"))
    assert added.email_domains == ["clinic.example", "trust.example"]
    changed = {**fields, "client_secret": "", "client_id": "trust-app-2"}
    assert client.post(f"/admin/sign-in/providers/{added.id}", data=changed).status_code == 302
    assert db.scalar(select(IdentityProvider.client_secret).where(IdentityProvider.id == added.id)) == (
        "trust-secret-value"
    )
    logged = " ".join(str(e.data) for e in db.scalars(select(AuditEvent).where(AuditEvent.action.like("sso.%"))))
    assert "trust-app-2" in logged
    assert "trust-secret-value" not in logged


def _give_password(db, user_id):
    from dhr.auth.passwords import hash_password

    def _set():
        _db.session.get(User, user_id).password_hash = hash_password(PASSWORD)

    db.run(_set)


def test_an_account_with_a_password_is_linked_only_after_its_password_confirms_it(app, client, provider, world, db):
    _give_password(db, world["chair"])
    back = _sso(client, provider)
    assert back.headers["Location"] == "/sign-in/organisation/confirm"
    assert not _signed_in(client)
    assert db.scalar(select(func.count()).select_from(SsoLink)) == 0
    page = "/sign-in/organisation/confirm"
    wrong = client.post(page, data={"csrf_token": csrf_token(client), "password": "not-the-password"})
    assert "Enter your correct password" in wrong.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(SsoLink)) == 0
    assert client.post(page, data={"csrf_token": csrf_token(client), "password": PASSWORD}).status_code == 302
    assert _signed_in(client)
    assert db.scalar(select(SsoLink.user_id)) == world["chair"]

    later = app.test_client()
    assert _sso(later, provider).headers["Location"] == "/"  # linked now: no password again


def test_linking_an_account_with_two_step_verification_needs_its_code_too(client, provider, world, db, frozen_clock):
    import pyotp

    _give_password(db, world["chair"])

    def _enrol():
        from dhr.core import clock

        chair = _db.session.get(User, world["chair"])
        chair.totp_secret, chair.totp_confirmed_at = pyotp.random_base32(), clock.now()
        return chair.totp_secret

    secret = db.run(_enrol)
    provider.now = lambda: int(frozen_clock().timestamp())
    assert _sso(client, provider).headers["Location"] == "/sign-in/organisation/confirm"
    page = "/sign-in/organisation/confirm"
    no_code = client.post(page, data={"csrf_token": csrf_token(client), "password": PASSWORD, "code": ""})
    assert no_code.status_code == 200
    code = pyotp.TOTP(secret).at(frozen_clock())
    data = {"csrf_token": csrf_token(client), "password": PASSWORD, "code": code}
    assert client.post(page, data=data).status_code == 302
    assert _signed_in(client)


def test_a_system_administrator_never_signs_in_by_single_sign_on(client, provider, world, db):
    def _elevate():
        _db.session.get(User, world["chair"]).system_admin = True

    db.run(_elevate)
    assert _sso(client, provider).status_code == 400
    assert _reason(db) == "system_admin"
    assert not _signed_in(client)


def test_another_partnership_cannot_claim_this_partnerships_people(client, provider, world, db):
    """Partnership B lists the same domain for its own provider: the chair of partnership A is never sent there,
    and an address with no account goes nowhere unless exactly one partnership takes newcomers."""

    def _rival():
        rival = create_partnership(prefix="RIV")
        rival.sso_creates_accounts = True
        _db.session.add(
            IdentityProvider(
                partnership_id=rival.id,
                name="Rival",
                issuer=provider.issuer,
                client_id="rival",
                client_secret="rival-secret",
                email_domains=["council.example"],
                emails_verified_by_provider=True,
            )
        )
        _db.session.get(IdentityProvider, world["provider"]).active = False

    db.run(_rival)
    response = client.post("/sign-in/organisation", data={"csrf_token": csrf_token(client), "email": EMAIL})
    assert response.status_code == 200  # A's own provider is off: not routed to B's
    assert "does not sign in to DHR Case Manager this way" in response.get_data(as_text=True)
    newcomer = client.post(
        "/sign-in/organisation", data={"csrf_token": csrf_token(client), "email": "new.person@council.example"}
    )
    assert "client_id=rival" in newcomer.headers["Location"]  # only B takes newcomers


def test_changing_a_providers_issuer_drops_its_links(client, provider, world, db, login_as):
    assert _sso(client, provider).status_code == 302
    assert db.scalar(select(func.count()).select_from(SsoLink)) == 1
    admin = db.run(lambda: _db.session.get(User, world["admin"]))
    login_as(admin)
    fields = {
        "csrf_token": csrf_token(client),
        "name": "Council Example",
        "issuer": "https://login.example/another-tenant/v2.0",
        "client_id": CLIENT_ID,
        "client_secret": "",
        "email_domains": "council.example",
        "agency": "",
        "active": "y",
    }
    assert client.post(f"/admin/sign-in/providers/{world['provider']}", data=fields).status_code == 302
    assert db.scalar(select(func.count()).select_from(SsoLink)) == 0


@pytest.mark.parametrize(
    "issuer",
    [
        "http://login.example/tenant",
        "http://127.0.0.1.attacker.example/tenant",
        "https://user:pass@login.example/tenant",
        "ftp://login.example",
    ],
)
def test_an_issuer_must_be_https(client, world, db, login_as, issuer):
    login_as(db.run(lambda: _db.session.get(User, world["admin"])))
    fields = {
        "csrf_token": csrf_token(client),
        "name": "Bad",
        "issuer": issuer,
        "client_id": "x",
        "client_secret": "y",
        "email_domains": "bad.example",
        "agency": "",
    }
    response = client.post("/admin/sign-in/providers/new", data=fields)
    assert response.status_code == 200
    assert "Issuer must be an https:// address" in response.get_data(as_text=True)


def test_confirming_in_two_browsers_links_once_and_never_fails(app, provider, world, db):
    _give_password(db, world["chair"])
    phone, desktop = app.test_client(), app.test_client()
    for browser in (phone, desktop):
        assert _sso(browser, provider).headers["Location"] == "/sign-in/organisation/confirm"
    for browser in (phone, desktop):
        sent = browser.post(
            "/sign-in/organisation/confirm", data={"csrf_token": csrf_token(browser), "password": PASSWORD}
        )
        assert sent.status_code == 302
        assert _signed_in(browser)
    assert db.scalar(select(func.count()).select_from(SsoLink)) == 1


def _enrol_chair(db, world, *, password: bool):
    import pyotp

    from dhr.auth import two_step as rules

    if password:
        _give_password(db, world["chair"])

    def _enrol():
        from dhr.core import clock

        chair = _db.session.get(User, world["chair"])
        chair.totp_secret, chair.totp_confirmed_at = pyotp.random_base32(), clock.now()
        return chair.totp_secret, rules.replace_recovery_codes(chair)

    return db.run(_enrol)


def test_a_wrong_password_never_spends_a_recovery_code(client, provider, world, db):
    _secret, codes = _enrol_chair(db, world, password=True)
    _sso(client, provider)
    page = "/sign-in/organisation/confirm"
    data = {"csrf_token": csrf_token(client), "password": "not-the-password", "code": codes[0]}
    assert client.post(page, data=data).status_code == 200
    data = {"csrf_token": csrf_token(client), "password": PASSWORD, "code": codes[0]}
    assert client.post(page, data=data).status_code == 302  # the code was not used up by the failed attempt


def test_an_account_with_two_step_but_no_password_confirms_with_its_code(client, provider, world, db):
    _secret, codes = _enrol_chair(db, world, password=False)
    assert _sso(client, provider).headers["Location"] == "/sign-in/organisation/confirm"
    page = client.get("/sign-in/organisation/confirm").get_data(as_text=True)
    assert 'name="password"' not in page
    sent = client.post("/sign-in/organisation/confirm", data={"csrf_token": csrf_token(client), "code": codes[0]})
    assert sent.status_code == 302
    assert _signed_in(client)


def test_an_organisations_provider_serves_every_partnership_that_organisation_works_with(
    app, client, provider, db, login_as
):
    """Camden sets up the trust's provider for its CNWL agency; Westminster also works with CNWL, so a Westminster
    person at the trust's domain signs in there too. A partnership that does not work with the trust does not."""
    from dhr.agencies.models import AgencyKind
    from tests.factories import create_agency

    def _make():
        camden, westminster, elsewhere = create_partnership(), create_partnership(), create_partnership()
        trust = "Central and North West London NHS Foundation Trust"
        camden_trust = create_agency(camden, code="CNWL", name=trust, kind=AgencyKind.HEALTH)
        create_agency(westminster, code="CNWL", name=trust, kind=AgencyKind.HEALTH)
        nurse = create_user(westminster, email="nurse@trust.example", name="Nia Nurse", password=None)
        stranger = create_user(elsewhere, email="someone@trust.example", name="Sol Else", password=None)
        admin = create_user(westminster, Role.ADMIN, email="admin@westminster.example")
        _db.session.add(
            IdentityProvider(
                partnership_id=camden.id,
                agency_id=camden_trust.id,
                name="CNWL Entra ID",
                issuer=provider.issuer,
                client_id=CLIENT_ID,
                client_secret=CLIENT_SECRET,
                email_domains=["trust.example"],
            )
        )
        _db.session.flush()
        return {"nurse": nurse.id, "stranger": stranger.id, "admin": admin, "westminster": westminster.id}

    made = db.run(_make)
    provider.sign_in_as("trust-oid-1", email="nurse@trust.example", email_verified=True, name="Nia Nurse")
    assert _come_back(client, _leave_for_provider(client, "nurse@trust.example")).status_code == 302
    assert _signed_in(client)
    assert db.scalar(select(SsoLink.user_id).where(SsoLink.subject == "trust-oid-1")) == made["nurse"]

    other = app.test_client()
    refused = other.post(
        "/sign-in/organisation", data={"csrf_token": csrf_token(other), "email": "someone@trust.example"}
    )
    assert refused.status_code == 200  # no provider for them: their partnership does not work with the trust
    assert not _signed_in(other)

    admin_client = app.test_client()
    login_as(made["admin"], admin_client)
    settings = admin_client.get("/admin/sign-in").get_data(as_text=True)
    assert "Set up by another partnership for an organisation you work with" in settings
    assert "CNWL Entra ID, for Central and North West London NHS Foundation Trust" in settings


def test_a_chair_of_two_partnerships_signs_in_once_by_single_sign_on_and_works_in_both(client, provider, world, db):
    """Issue 17's "done when": one sign-in through the organisation, then both partnerships, one at a time."""

    def _second_partnership():
        other = create_partnership(name="Second Partnership For The Chair")
        chair = _db.session.get(User, world["chair"])
        chair.memberships.append(Membership(partnership_id=other.id))
        _db.session.flush()
        return other.id

    second = db.run(_second_partnership)
    assert _sso(client, provider).status_code == 302
    first_name = db.scalar(select(Partnership.name).where(Partnership.id == world["partnership"]))
    assert first_name in client.get("/").get_data(as_text=True)
    switched = client.post("/switch-partnership", data={"csrf_token": csrf_token(client), "partnership": str(second)})
    assert switched.status_code == 302
    assert "Second Partnership For The Chair" in client.get("/").get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(UserSession).where(UserSession.ended_at.is_(None))) == 1
