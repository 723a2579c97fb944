"""Single sign-on verbs: route an address to its provider, match the provider's person to an account, and the
administrator's set-up. Services take the actor, write an audit event, and flush; the view commits."""

from dataclasses import dataclass

from sqlalchemy import delete, func, select

from dhr.agencies.models import Agency
from dhr.audit.services import diff, record
from dhr.auth.models import Membership, User
from dhr.core import clock
from dhr.core.errors import DomainError
from dhr.extensions import db
from dhr.partnerships.models import Partnership
from dhr.sso.client import Identity, SsoError, forget_cached
from dhr.sso.models import IdentityProvider, SsoLink


class ProviderError(DomainError):
    """A provider's settings break a rule; the message is fit to show."""


def domain_of(email: str) -> str:
    """The part of an address after the @, lower-cased."""
    return email.strip().lower().rpartition("@")[2]


def _organisation_of(provider: IdentityProvider) -> int | None:
    """The organisation whose staff sign in at this provider: its agency's, if it was set up for one."""
    return provider.agency.organisation_id if provider.agency is not None else None


def _organisations_in(partnership_ids: set[int]) -> set[int]:
    """The organisations that take part in these partnerships."""
    if not partnership_ids:
        return set()
    found = db.session.scalars(
        select(Agency.organisation_id).where(Agency.partnership_id.in_(partnership_ids), Agency.active.is_(True))
    )
    return {organisation_id for organisation_id in found if organisation_id is not None}


def partnerships_served_by(provider: IdentityProvider) -> set[int]:
    """Whose people may sign in at this provider: its own partnership's, and, for an organisation's provider,
    those of every partnership that organisation takes part in (it is set up once, where it was first needed)."""
    served = {provider.partnership_id}
    organisation_id = _organisation_of(provider)
    if organisation_id is not None:
        served |= set(
            db.session.scalars(
                select(Agency.partnership_id).where(Agency.organisation_id == organisation_id, Agency.active.is_(True))
            )
        )
    return served


def provider_for_email(email: str) -> IdentityProvider | None:
    """The active provider for this address: for an account, one of its own partnerships' or one an organisation
    taking part in them set up (its own partnerships' first); for an address with no account, the one partnership
    that lists the domain and lets single sign-on make accounts. Never a provider with no tie to the account's
    partnerships, so one partnership cannot claim another's people."""
    domain = domain_of(email)
    if not domain:
        return None
    candidates = [
        provider
        for provider in db.session.scalars(
            select(IdentityProvider).where(IdentityProvider.active.is_(True)).order_by(IdentityProvider.id)
        )
        if domain in provider.email_domains
    ]
    owner = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if owner is not None:
        theirs = {membership.partnership_id for membership in owner.memberships}
        own = [p for p in candidates if p.partnership_id in theirs]
        taking_part = _organisations_in(theirs)
        shared = [p for p in candidates if _organisation_of(p) in taking_part]
        return next(iter(own + shared), None)
    open_to_new = {
        p.partnership_id
        for p in candidates
        if db.session.scalar(select(Partnership.sso_creates_accounts).where(Partnership.id == p.partnership_id))
    }
    if len(open_to_new) != 1:
        return None
    return next(p for p in candidates if p.partnership_id in open_to_new)


def _linked(provider: IdentityProvider, subject: str) -> User | None:
    return db.session.scalar(
        select(User)
        .join(SsoLink, SsoLink.user_id == User.id)
        .where(SsoLink.provider_id == provider.id, SsoLink.subject == subject)
    )


def linked_as(user: User, provider: IdentityProvider, subject: str) -> bool:
    """True if this account is already this provider's subject."""
    found = db.session.scalar(
        select(SsoLink.id).where(
            SsoLink.user_id == user.id, SsoLink.provider_id == provider.id, SsoLink.subject == subject
        )
    )
    return found is not None


def link(user: User, provider: IdentityProvider, subject: str) -> None:
    """Record that this provider's subject is this account."""
    existing = db.session.scalar(select(SsoLink).where(SsoLink.user_id == user.id))
    if existing is not None:
        # One account, one provider subject: a second organisation account must not take over this one.
        raise SsoError("linked_elsewhere", "Your account is already linked to another organisation account")
    db.session.add(SsoLink(user_id=user.id, provider_id=provider.id, subject=subject, linked_at=clock.now()))
    record(
        "auth.sso_linked",
        f"{user.name}'s account was linked to {provider.name} at their first single sign-on",
        actor=user,
        obj=user,
        data={"provider": provider.id},
    )


@dataclass(frozen=True)
class Match:
    """The account a provider's person signs in to, and whether they must first prove it is theirs."""

    user: User
    confirm: bool = False


def account_for(provider: IdentityProvider, identity: Identity) -> Match:
    """The account this provider's person signs in to; linked at the first sign-in by verified email.

    An invited account that has no password yet is linked at once. One that has a password must be confirmed
    with it (and its two-step code) once, so an address alone never takes over an account someone uses.
    Refused: an unverified address or one outside the provider's domains, no account where the partnership
    does not let single sign-on make one, a deactivated account, and system administrators, who see every
    partnership and sign in only with a password and two-step verification.
    """
    user = _linked(provider, identity.subject)
    confirm = False
    if user is None:
        if not identity.email or domain_of(identity.email) not in provider.email_domains:
            raise SsoError("email_outside_domains", "Your organisation did not give an address we can use")
        if not (identity.email_verified or provider.emails_verified_by_provider):
            raise SsoError(
                "unverified_email", "Your organisation has not confirmed your email address, so it cannot be matched"
            )
        served = partnerships_served_by(provider)
        user = db.session.scalar(
            select(User).where(
                User.id.in_(select(Membership.user_id).where(Membership.partnership_id.in_(served))),
                func.lower(User.email) == identity.email,
            )
        )
        if user is None:
            user = _create(provider, identity)
            link(user, provider, identity.subject)
        elif user.has_password or user.has_two_step:
            confirm = True
        else:
            link(user, provider, identity.subject)
    if user.system_admin:
        raise SsoError("system_admin", "System administrators sign in with a password and two-step verification")
    if not user.active:
        raise SsoError("deactivated", "Your account has been deactivated. Ask your partnership's administrator")
    db.session.flush()
    return Match(user, confirm)


def _create(provider: IdentityProvider, identity: Identity) -> User:
    partnership = db.session.get(Partnership, provider.partnership_id)
    if partnership is None or not partnership.sso_creates_accounts:
        raise SsoError(
            "no_account", f"There is no account for {identity.email}. Ask your partnership's administrator to add you"
        )
    taken = db.session.scalar(select(User.id).where(func.lower(User.email) == identity.email))
    if taken is not None:
        raise SsoError("account_elsewhere", "Your account belongs to another partnership")
    user = User(
        partnership_id=provider.partnership_id,
        agency_id=provider.agency_id,
        email=identity.email,
        name=identity.name or identity.email.split("@")[0],
        password_hash=None,
    )
    db.session.add(user)
    db.session.flush()
    record(
        "user.created_by_sso",
        f"An account for {user.name} was made at their first single sign-on, with no roles",
        actor=user,
        obj=user,
        data={"provider": provider.id},
    )
    return user


def _domains(text: str) -> list[str]:
    domains = sorted({d.strip().lower().lstrip("@") for d in text.replace(",", " ").split() if d.strip()})
    if not domains:
        raise ProviderError("Enter at least one email domain, such as westminster.gov.uk")
    return domains


def _snapshot(provider: IdentityProvider) -> dict:
    return {
        "name": provider.name,
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "email_domains": ", ".join(provider.email_domains),
        "emails_verified_by_provider": provider.emails_verified_by_provider,
        "agency": provider.agency_id,
        "active": provider.active,
    }


def save_provider(
    provider: IdentityProvider | None,
    *,
    partnership: Partnership,
    name: str,
    issuer: str,
    client_id: str,
    client_secret: str,
    email_domains: str,
    emails_verified_by_provider: bool,
    agency_id: int | None,
    active: bool,
    actor: User,
) -> IdentityProvider:
    """Add a provider, or change one; a blank secret keeps the one stored. The secret never reaches the log."""
    before = _snapshot(provider) if provider is not None else {}
    if provider is None:
        if not client_secret:
            raise ProviderError("Enter the client secret")
        provider = IdentityProvider(partnership_id=partnership.id, client_secret=client_secret)
        db.session.add(provider)
    elif client_secret:
        provider.client_secret = client_secret
    if provider.id is not None and (provider.issuer != issuer.strip() or provider.client_id != client_id.strip()):
        # Another issuer's subjects are other people: links made under the old one must not carry over.
        db.session.execute(delete(SsoLink).where(SsoLink.provider_id == provider.id))
    provider.name, provider.issuer, provider.client_id = name, issuer.strip(), client_id.strip()
    provider.email_domains = _domains(email_domains)
    provider.emails_verified_by_provider = emails_verified_by_provider
    provider.agency_id, provider.active = agency_id, active
    db.session.flush()
    forget_cached()
    changes = diff(before, _snapshot(provider)) if before else _snapshot(provider)
    if client_secret and before:
        changes["client_secret"] = "replaced"  # noqa: S105 - says that it changed, never what it is
    record(
        "sso.provider_saved",
        f"{actor.name} {'changed' if before else 'added'} the sign-in provider {provider.name}",
        actor=actor,
        obj=partnership,
        data=changes,
    )
    return provider


def set_sign_in_choices(partnership: Partnership, *, password_sign_in: bool, sso_creates_accounts: bool, actor: User):
    """Whether passwords still work, and whether a first single sign-on may make an account."""
    before = {
        "password_sign_in": partnership.password_sign_in,
        "sso_creates_accounts": partnership.sso_creates_accounts,
    }
    partnership.password_sign_in, partnership.sso_creates_accounts = password_sign_in, sso_creates_accounts
    after = {"password_sign_in": password_sign_in, "sso_creates_accounts": sso_creates_accounts}
    record(
        "sso.choices_saved",
        f"{actor.name} changed how people sign in",
        actor=actor,
        obj=partnership,
        data=diff(before, after),
    )
    db.session.flush()


def providers_of(partnership_id: int) -> list[IdentityProvider]:
    """The partnership's providers, by name."""
    return list(
        db.session.scalars(
            select(IdentityProvider)
            .where(IdentityProvider.partnership_id == partnership_id)
            .order_by(IdentityProvider.name)
        )
    )


def shared_with(partnership_id: int) -> list[IdentityProvider]:
    """Providers other partnerships set up for an organisation that takes part in this one: its people with those
    email domains sign in there too."""
    taking_part = _organisations_in({partnership_id})
    others = db.session.scalars(
        select(IdentityProvider)
        .where(IdentityProvider.partnership_id != partnership_id, IdentityProvider.agency_id.is_not(None))
        .order_by(IdentityProvider.name)
    )
    return [provider for provider in others if _organisation_of(provider) in taking_part]


def any_provider() -> bool:
    """True if any partnership has an active provider."""
    return db.session.scalar(select(IdentityProvider.id).where(IdentityProvider.active.is_(True)).limit(1)) is not None
