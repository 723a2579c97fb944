"""The demo shows a council's single sign-on set up but not in use, and the neighbour's provider for an NHS trust
both partnerships work with; neither is switched on, so the sign-in page stays password-only."""

from sqlalchemy import select

from dhr.extensions import db as _db
from dhr.seed import seed_demo
from dhr.sso.models import IdentityProvider


def test_the_demo_has_the_councils_provider_switched_off(app, db, client):
    db.run(seed_demo)
    with app.app_context():
        provider, shared = _db.session.scalars(select(IdentityProvider).order_by(IdentityProvider.id)).all()
        assert shared.name == "CNWL (Microsoft Entra ID)"
        assert shared.agency.organisation.ods_code == "RV3"
        assert not shared.active
        assert provider.name == "Westminster City Council"
        assert provider.agency.code == "WCC"
        assert provider.email_domains == ["westminster.gov.uk"]
        assert not provider.active
    assert "Sign in with your organisation" not in client.get("/sign-in").get_data(as_text=True)
    assert db.run(seed_demo)["users"] == 0  # seeding again adds nothing, the provider included
    assert len(db.scalars(select(IdentityProvider.id))) == 2
