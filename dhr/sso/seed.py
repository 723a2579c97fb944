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
    db.session.add(
        IdentityProvider(
            partnership_id=partnership.id,
            agency_id=council.id if council else None,
            name="Westminster City Council",
            issuer=f"https://login.microsoftonline.com/{DEMO_TENANT}/v2.0",
            client_id="11111111-2222-4333-8444-555555555555",
            client_secret="demo-not-a-real-secret",  # noqa: S106 - the demo's placeholder; no tenant exists
            email_domains=["westminster.gov.uk"],
            emails_verified_by_provider=True,
            active=False,
        )
    )
    db.session.flush()
    return 1


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
    db.session.add(
        IdentityProvider(
            partnership_id=neighbour.id,
            agency_id=trust.id,
            name="CNWL (Microsoft Entra ID)",
            issuer=f"https://login.microsoftonline.com/{DEMO_TENANT}/v2.0",
            client_id="66666666-7777-4888-9999-000000000000",
            client_secret="demo-not-a-real-secret",  # noqa: S106 - the demo's placeholder; no tenant exists
            email_domains=["cnwl.nhs.uk"],
            emails_verified_by_provider=True,
            active=False,
        )
    )
    db.session.flush()
    return 1
