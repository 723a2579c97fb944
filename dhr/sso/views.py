"""Signing in through one's organisation (OpenID Connect), and the administrator's sign-in settings."""

import secrets

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from dhr.agencies.services import agencies_for
from dhr.audit.services import record
from dhr.auth import two_step
from dhr.auth.models import User
from dhr.auth.passwords import verify_password
from dhr.auth.sessions import marked_person
from dhr.auth.views import complete_sign_in, safe_next
from dhr.core import clock
from dhr.core.links import external_url
from dhr.core.saving import attempt
from dhr.extensions import db, limiter
from dhr.permissions import Permission, public, requires
from dhr.sso import client, services
from dhr.sso.forms import ConfirmLinkForm, OrganisationSignInForm, ProviderForm, SignInChoicesForm
from dhr.sso.models import IdentityProvider

bp = Blueprint("sso", __name__)
# In the signed cookie between leaving for the provider and coming back.
FLOW_KEY = "sso_flow"
# In the signed cookie while someone confirms, with their password, that an existing account is theirs.
LINK_KEY = "sso_link"


def _callback_url() -> str:
    return external_url("sso.callback")


@bp.route("/sign-in/organisation", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_ADDRESS_LIMIT"], methods=["POST"], scope="sso-start")
@public
def start():
    """Ask for the work email address, then send the person to their organisation's sign-in page."""
    form = OrganisationSignInForm()
    if form.validate_on_submit():
        provider = services.provider_for_email(form.email.data)
        if provider is None:
            form.email.errors.append(
                "Your organisation does not sign in to DHR Case Manager this way. Sign in with your password"
            )
        else:
            try:
                started = client.start(provider, _callback_url())
            except client.SsoError as problem:
                form.email.errors.append(str(problem))
            else:
                session[FLOW_KEY] = {
                    "provider": provider.id,
                    "state": started.state,
                    "nonce": started.nonce,
                    "verifier": started.verifier,
                    "at": clock.now().timestamp(),
                    "next": safe_next(request.args.get("next")),
                }
                return redirect(started.url)
    return render_template("sso/start.html", form=form)


def _refuse(reason: str, message: str, provider_id: int | None = None):
    record(
        "auth.sso_failed", "Sign-in through an organisation failed", data={"reason": reason, "provider": provider_id}
    )
    db.session.commit()
    return render_template("sso/failed.html", message=message), 400


@bp.route("/sign-in/organisation/callback")
@public
def callback():
    """The provider sends the person back here with a code: check everything, then sign them in."""
    flow = session.pop(FLOW_KEY, None)
    if not isinstance(flow, dict):
        return _refuse("no_flow", "Start signing in again: this sign-in was not started here, or has already been used")
    provider = db.session.get(IdentityProvider, flow.get("provider"))
    if provider is None or not provider.active:
        return _refuse("provider_gone", "Your organisation's sign-in is no longer set up here")
    if clock.now().timestamp() - float(flow.get("at", 0)) > current_app.config["SSO_FLOW_SECONDS"]:
        return _refuse("flow_expired", "Start signing in again: too long passed", provider.id)
    if not secrets.compare_digest(str(request.args.get("state", "")), str(flow.get("state"))):
        return _refuse("state_mismatch", "Start signing in again: the answer did not match this sign-in", provider.id)
    if request.args.get("error"):
        return _refuse("provider_refused", "Your organisation did not sign you in", provider.id)
    try:
        identity = client.finish(
            provider, _callback_url(), code=request.args.get("code", ""), verifier=flow["verifier"], nonce=flow["nonce"]
        )
        match = services.account_for(provider, identity)
    except client.SsoError as problem:
        db.session.rollback()
        return _refuse(problem.reason, str(problem), provider.id)
    how = ("sso:" + "+".join(identity.amr))[:40] if identity.amr else "sso"
    if match.confirm:
        db.session.commit()
        session[LINK_KEY] = {
            "user": match.user.id,
            "provider": provider.id,
            "subject": identity.subject,
            "how": how,
            "at": clock.now().timestamp(),
            "next": safe_next(flow.get("next")),
        }
        return redirect(url_for("sso.confirm_link"))
    return complete_sign_in(match.user, safe_next(flow.get("next")), second_step=how)


def _pending_link():
    """The account waiting to be linked, if the provider's answer came moments ago."""
    user = marked_person(LINK_KEY, current_app.config["SSO_FLOW_SECONDS"])
    pending = session.get(LINK_KEY)
    provider = db.session.get(IdentityProvider, pending.get("provider")) if user is not None else None
    if user is None or provider is None or not provider.active:
        return None, None
    return user, provider


def _link_key() -> str:
    pending = session.get(LINK_KEY)
    return f"link-{pending.get('user')}" if isinstance(pending, dict) else "link-none"


@bp.route("/sign-in/organisation/confirm", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["SIGN_IN_ACCOUNT_LIMIT"], key_func=_link_key, methods=["POST"], scope="sso-link"
)
@public
def confirm_link():
    """The first single sign-on to an account that already has a password: prove it is yours once, then link."""
    user, provider = _pending_link()
    if user is None:
        return _refuse("link_expired", "Start signing in again: too long passed")
    form = ConfirmLinkForm()
    if form.validate_on_submit():
        # An account made by single sign-on has no password: its two-step code alone confirms it.
        right_password = not user.has_password or verify_password(user.password_hash, form.password.data or "")
        # The code is only tried after the password, so a wrong password never spends a code.
        right = right_password and (not user.has_two_step or two_step.verify(user, form.code.data or "") is not None)
        if right:
            return _link_and_sign_in(user, provider, session[LINK_KEY])
        record("auth.sso_link_failed", f"{user.name} did not confirm linking {provider.name}", actor=user, obj=user)
        db.session.commit()
        wanted = " and ".join(
            what for what, asked in (("password", user.has_password), ("security code", user.has_two_step)) if asked
        )
        (form.password if user.has_password else form.code).errors.append(f"Enter your correct {wanted}")
    return render_template("sso/confirm-link.html", form=form, user=user, provider=provider)


def _link_and_sign_in(user: User, provider: IdentityProvider, pending: dict):
    """Link the account (unless another browser just did) and sign in; a link made meanwhile for another account
    or subject is refused, never a 500."""
    subject = str(pending["subject"])
    if not services.linked_as(user, provider, subject):
        try:
            services.link(user, provider, subject)
            db.session.flush()
        except (client.SsoError, IntegrityError) as problem:
            db.session.rollback()
            return _refuse(getattr(problem, "reason", "link_conflict"), "Your account is already linked", provider.id)
    return complete_sign_in(user, safe_next(pending.get("next")), second_step=str(pending.get("how")))


@bp.route("/admin/sign-in", methods=["GET", "POST"])
@requires(Permission.MANAGE_PARTNERSHIP)
def settings():
    """How the partnership's people sign in: passwords, and the organisations' providers."""
    partnership = current_user.partnership
    form = SignInChoicesForm(
        data={
            "password_sign_in": partnership.password_sign_in,
            "sso_creates_accounts": partnership.sso_creates_accounts,
        }
    )
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.set_sign_in_choices(
                partnership,
                password_sign_in=form.password_sign_in.data,
                sso_creates_accounts=form.sso_creates_accounts.data,
                actor=current_user._get_current_object(),
            ),
            form=form,
            field="password_sign_in",
            done="Sign-in settings saved",
            to=url_for("sso.settings"),
        )
    ):
        return saved
    return render_template(
        "sso/settings.html",
        form=form,
        providers=services.providers_of(partnership.id),
        shared=services.shared_with(partnership.id),
        callback=_callback_url(),
    )


def _provider_or_404(provider_id: int) -> IdentityProvider:
    provider = db.session.get(IdentityProvider, provider_id)
    if provider is None or provider.partnership_id != current_user.partnership_id:
        abort(404)
    return provider


def _provider_page(provider: IdentityProvider | None):
    partnership = current_user.partnership
    data = (
        {
            "name": provider.name,
            "issuer": provider.issuer,
            "client_id": provider.client_id,
            "email_domains": ", ".join(provider.email_domains),
            "agency": str(provider.agency_id or ""),
            "emails_verified_by_provider": provider.emails_verified_by_provider,
            "active": provider.active,
        }
        if provider is not None
        else {"active": True}
    )
    form = ProviderForm(data=data)
    form.set_agencies(agencies_for(partnership.id, active_only=True))
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.save_provider(
                provider,
                partnership=partnership,
                name=form.name.data,
                issuer=form.issuer.data,
                client_id=form.client_id.data,
                client_secret=form.client_secret.data or "",
                email_domains=form.email_domains.data,
                emails_verified_by_provider=form.emails_verified_by_provider.data,
                agency_id=form.chosen_agency_id(),
                active=form.active.data,
                actor=current_user._get_current_object(),
            ),
            form=form,
            field="email_domains",
            done="Sign-in provider saved",
            to=url_for("sso.settings"),
        )
    ):
        return saved
    return render_template("sso/provider.html", form=form, provider=provider, callback=_callback_url())


@bp.route("/admin/sign-in/providers/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_PARTNERSHIP)
def add_provider():
    """Set up an organisation's OpenID Connect provider."""
    return _provider_page(None)


@bp.route("/admin/sign-in/providers/<int:provider_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_PARTNERSHIP)
def edit_provider(provider_id: int):
    """Change a provider; a blank secret keeps the saved one."""
    return _provider_page(_provider_or_404(provider_id))


@bp.app_template_global("organisation_sign_in")
def organisation_sign_in() -> bool:
    """True once some partnership has set up a provider, so the sign-in page offers the way in."""
    return services.any_provider()
