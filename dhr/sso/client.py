"""The OpenID Connect relying party: discovery, the authorization code flow with PKCE (S256), and the ID token's
checks (signature from the provider's published keys, issuer, audience, expiry on our clock, nonce).

Every failure is an SsoError whose reason is a short code for the audit log; its message is fit to show.
"""

import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from flask import current_app
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import KeySet

from dhr.core import clock
from dhr.sso.models import IdentityProvider

SCOPES = "openid email profile"
_cache: dict[str, tuple[float, Any]] = {}


class SsoError(Exception):
    """Single sign-on did not work; `reason` is for the audit log, the message for the person."""

    def __init__(self, reason: str, message: str = "We could not sign you in through your organisation") -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Started:
    """An authorization request on its way: where to send the browser, and what to check on its return."""

    url: str
    state: str
    nonce: str
    verifier: str


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in."""

    subject: str
    email: str
    email_verified: bool
    name: str
    amr: list[str] = field(default_factory=list)


def _fetch(url: str) -> Any:
    """GET a JSON document from the provider, cached for SSO_CACHE_SECONDS."""
    cached = _cache.get(url)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    try:
        response = requests.get(url, timeout=current_app.config["SSO_TIMEOUT_SECONDS"])
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise SsoError("provider_unreachable", "Your organisation's sign-in service did not answer. Try again") from exc
    _cache[url] = (time.monotonic() + current_app.config["SSO_CACHE_SECONDS"], document)
    return document


def forget_cached() -> None:
    """Drop cached discovery documents and keys (a provider's settings changed)."""
    _cache.clear()


def allowed_url(url: str) -> bool:
    """HTTPS with a host and no credentials; plain HTTP only to this machine, and only where the configuration
    allows it (the test suite's provider)."""
    parts = urlsplit(url)
    if parts.username or parts.password or not parts.hostname:
        return False
    if parts.scheme == "https":
        return True
    loopback = parts.scheme == "http" and parts.hostname in {"127.0.0.1", "localhost"}
    return loopback and bool(current_app.config["SSO_ALLOW_HTTP_LOOPBACK"])


def metadata(issuer: str) -> dict[str, Any]:
    """The provider's discovery document; its issuer must be exactly the one configured, every endpoint HTTPS."""
    if not allowed_url(issuer):
        raise SsoError("insecure_endpoint")
    document = _fetch(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if not isinstance(document, dict) or document.get("issuer") != issuer:
        raise SsoError("discovery_mismatch")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(document.get(key), str):
            raise SsoError("discovery_incomplete")
        if not allowed_url(document[key]):
            raise SsoError("insecure_endpoint")
    return document


def _session(provider: IdentityProvider, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        provider.client_id,
        provider.client_secret,
        scope=SCOPES,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        timeout=current_app.config["SSO_TIMEOUT_SECONDS"],
    )


def start(provider: IdentityProvider, redirect_uri: str) -> Started:
    """Begin the authorization code flow with PKCE, a fresh state and a fresh nonce."""
    meta = metadata(provider.issuer)
    verifier = generate_token(64)
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    url, _ = _session(provider, redirect_uri).create_authorization_url(
        meta["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier
    )
    return Started(url=url, state=state, nonce=nonce, verifier=verifier)


def _keys(meta: dict[str, Any]) -> KeySet:
    try:
        return KeySet.import_key_set(_fetch(meta["jwks_uri"]))
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise SsoError("bad_keys") from exc


def _claims(provider: IdentityProvider, meta: dict[str, Any], id_token: str, nonce: str) -> dict[str, Any]:
    """The ID token's claims, after every check; an SsoError names the first that failed."""
    try:
        token = jwt.decode(id_token, _keys(meta), algorithms=["RS256", "ES256", "PS256"])
    except (JoseError, ValueError) as exc:
        forget_cached()  # the provider may have rotated its keys: the next attempt fetches them again
        raise SsoError("bad_signature") from exc
    claims = dict(token.claims)
    registry = jwt.JWTClaimsRegistry(
        now=lambda: int(clock.now().timestamp()),
        leeway=current_app.config["SSO_CLOCK_LEEWAY_SECONDS"],
        iss={"essential": True, "value": provider.issuer},
        sub={"essential": True},
        exp={"essential": True},
    )
    try:
        registry.validate(claims)
    except ExpiredTokenError as exc:
        raise SsoError("expired_token") from exc
    except JoseError as exc:
        raise SsoError("bad_claims") from exc
    audiences = claims.get("aud")
    audiences = [audiences] if isinstance(audiences, str) else list(audiences or [])
    if provider.client_id not in audiences or (len(audiences) > 1 and claims.get("azp") != provider.client_id):
        raise SsoError("wrong_audience")
    if not isinstance(claims.get("nonce"), str) or not secrets.compare_digest(claims["nonce"], nonce):
        raise SsoError("nonce_mismatch")
    return claims


def finish(provider: IdentityProvider, redirect_uri: str, *, code: str, verifier: str, nonce: str) -> Identity:
    """Exchange the code (with the PKCE verifier) and check the ID token; who signed in."""
    meta = metadata(provider.issuer)
    try:
        token = _session(provider, redirect_uri).fetch_token(
            meta["token_endpoint"], code=code, code_verifier=verifier, grant_type="authorization_code"
        )
    except (OAuthError, requests.RequestException, ValueError) as exc:
        raise SsoError("token_refused") from exc
    id_token = token.get("id_token")
    if not isinstance(id_token, str):
        raise SsoError("no_id_token")
    claims = _claims(provider, meta, id_token, nonce)
    email = claims.get("email") if isinstance(claims.get("email"), str) else ""
    amr = claims.get("amr")
    return Identity(
        subject=str(claims["sub"])[:255],
        email=email.strip().lower()[:254],
        email_verified=claims.get("email_verified") is True,
        name=str(claims.get("name") or "")[:200],
        amr=[str(method)[:20] for method in amr][:10] if isinstance(amr, list) else [],
    )
