"""Partnership model and its settings."""

from datetime import date

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from dhr.core.enums import LabelledEnum
from dhr.core.models import IdMixin, TimestampMixin, enum_column
from dhr.extensions import db


class ReviewLabel(LabelledEnum):
    """What the partnership calls its reviews: guidance is moving from DHR to DARDR."""

    DHR = "DHR"
    DARDR = "DARDR"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "DHR": "Domestic Homicide Review (DHR)",
            "DARDR": "Domestic Abuse Related Death Review (DARDR)",
        }


class GuidanceVersion(LabelledEnum):
    """Which statutory guidance the partnership's clocks follow."""

    SG2016 = "sg2016"
    DRAFT2024 = "draft2024"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "sg2016": "Statutory guidance 2016 (in force)",
            "draft2024": "Draft statutory guidance 2024 (consultation)",
        }


class Partnership(IdMixin, TimestampMixin, db.Model):
    """A Community Safety Partnership: the tenant that owns users, agencies and reviews."""

    __tablename__ = "partnerships"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    reference_prefix: Mapped[str] = mapped_column(String(12))
    review_label: Mapped[ReviewLabel] = mapped_column(
        enum_column(ReviewLabel, "review_label", length=8), default=ReviewLabel.DARDR
    )
    evidence_due_days: Mapped[int] = mapped_column(default=42)
    guidance: Mapped[GuidanceVersion] = mapped_column(
        enum_column(GuidanceVersion, "guidance_version", length=12), default=GuidanceVersion.SG2016
    )

    # The day the Victims and Prisoners Act 2024 s19 came into force, as the partnership records it: from then a
    # report also goes to the Secretary of State. Empty while s19 is not in force.
    s19_commenced_on: Mapped[date | None] = mapped_column(default=None)

    # Who signs the partnership's letters (the Home Office, agencies, the Commissioner), whoever downloads them.
    signatory_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    signatory_role: Mapped[str] = mapped_column(String(200), default="", server_default="")

    # A two-tier area (district and county councils) also owes the county community safety agreement (D05).
    two_tier: Mapped[bool] = mapped_column(default=False)
    # Two-step verification for every member, not only those who see real names and administrators.
    two_step_for_everyone: Mapped[bool] = mapped_column(default=False)
    # Single sign-on (dhr/sso): passwords stay as the fallback unless the partnership turns them off, and a first
    # single sign-on makes an account (with no roles) only if the partnership allows it.
    password_sign_in: Mapped[bool] = mapped_column(default=True)
    sso_creates_accounts: Mapped[bool] = mapped_column(default=False)

    def __repr__(self) -> str:
        return f"<Partnership {self.id} {self.name!r}>"
