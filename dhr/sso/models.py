"""An OpenID Connect provider a partnership trusts, and the link from a provider's subject to an account."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.agencies.models import Agency
from dhr.auth.models import User
from dhr.core.models import IdMixin, TimestampMixin
from dhr.extensions import db


class IdentityProvider(IdMixin, TimestampMixin, db.Model):
    """Where people with these email domains sign in: Microsoft Entra ID for a council, say.

    Set up by the partnership's administrator, for the partnership's own staff or for one organisation's.
    """

    __tablename__ = "identity_providers"

    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    # The organisation whose staff sign in here; None for the partnership's own provider.
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    name: Mapped[str] = mapped_column(String(200))
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(200))
    client_secret: Mapped[str] = mapped_column(String(500))
    # Lower-case domains, such as "westminster.gov.uk": an address at one of them signs in here.
    email_domains: Mapped[list[str]] = mapped_column(JSON)
    # Microsoft Entra ID sends no email_verified claim: its tenant owns its domains. Only then may an address
    # without the claim be trusted, and only at one of email_domains.
    emails_verified_by_provider: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)

    agency: Mapped[Agency | None] = relationship()

    def __repr__(self) -> str:
        return f"<IdentityProvider {self.id} {self.name!r}>"


class SsoLink(IdMixin, db.Model):
    """This account is the provider's subject `subject`: made at the first single sign-on, by verified email."""

    __tablename__ = "sso_links"
    __table_args__ = (UniqueConstraint("provider_id", "subject"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("identity_providers.id"), index=True)
    subject: Mapped[str] = mapped_column(String(255))
    linked_at: Mapped[datetime]

    user: Mapped[User] = relationship()
    provider: Mapped[IdentityProvider] = relationship()
