"""Demo: Westminster City Council's Microsoft Entra ID provider, set up but not in use (the demo has no tenant)."""

from sqlalchemy import select

from dhr.agencies.models import Agency
from dhr.extensions import db
from dhr.partnerships.models import Partnership
from dhr.sso.models import IdentityProvider

DEMO_TENANT = "00000000-0000-4000-8000-000000000000"


def seed_sign_in(partnership: Partnership) -> int:
    """Add the council's provider once, switched off, so an administrator sees a full set-up. Returns 1 if added."""
    if db.session.scalar(select(IdentityProvider.id).where(IdentityProvider.partnership_id == partnership.id)):
        return 0
    council = db.session.scalar(select(Agency).where(Agency.partnership_id == partnership.id, Agency.code == "WCC"))
    _add_switched_off(partnership.id, council, "Westminster City Council", "11111111-2222-4333-8444-555555555555")
    return 1


def _add_switched_off(partnership_id: int, agency: Agency | None, name: str, client_id: str, domain: str = "") -> None:
    """A provider on the demo tenant, set up but switched off (no such tenant exists)."""
    db.session.add(
        IdentityProvider(
            partnership_id=partnership_id,
            agency_id=agency.id if agency else None,
            name=name,
            issuer=f"https://login.microsoftonline.com/{DEMO_TENANT}/v2.0",
            client_id=client_id,
            client_secret="demo-not-a-real-secret",  # noqa: S106 - the demo's placeholder; no tenant exists
            email_domains=[domain or "westminster.gov.uk"],
            emails_verified_by_provider=True,
            active=False,
        )
    )
    db.session.flush()


def seed_shared_provider(partnership: Partnership) -> int:
    """The neighbour's provider for CNWL, switched off: Westminster works with CNWL too, so its administrator sees
    it listed as set up by another partnership. Returns 1 if added."""
    from dhr.agencies.seed import NEIGHBOUR

    neighbour = db.session.scalar(select(Partnership).where(Partnership.name == NEIGHBOUR[0]))
    trust = neighbour and db.session.scalar(
        select(Agency).where(Agency.partnership_id == neighbour.id, Agency.code == "CNWL")
    )
    if trust is None or db.session.scalar(select(IdentityProvider.id).where(IdentityProvider.agency_id == trust.id)):
        return 0
    _add_switched_off(
        neighbour.id, trust, "CNWL (Microsoft Entra ID)", "66666666-7777-4888-9999-000000000000", "cnwl.nhs.uk"
    )
    return 1
