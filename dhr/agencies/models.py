"""Agency model."""

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dhr.core.enums import LabelledEnum
from dhr.core.models import IdMixin, TimestampMixin, enum_column
from dhr.extensions import db
from dhr.partnerships.models import Partnership


class AgencyKind(LabelledEnum):
    """The kind of organisation, used for grouping and for panel-composition checks."""

    POLICE = "police"
    LOCAL_AUTHORITY = "local_authority"
    HEALTH = "health"
    PROBATION = "probation"
    FIRE = "fire"
    VOLUNTARY = "voluntary"
    # Specialist domestic abuse services (IDVA, refuges, advocacy): a review panel should include one (domain §4.4).
    DOMESTIC_ABUSE = "domestic_abuse"
    OTHER = "other"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "police": "Police",
            "local_authority": "Local authority",
            "health": "Health",
            "probation": "Probation",
            "fire": "Fire and rescue",
            "voluntary": "Voluntary or community sector",
            "domestic_abuse": "Specialist domestic abuse service",
            "other": "Other",
        }


class Organisation(IdMixin, TimestampMixin, db.Model):
    """A body that takes part in reviews, shared by every partnership it serves.

    Each partnership's agency (dhr.agencies) is that partnership's participation in an organisation, with its own
    short code, contacts and responsible-authority flag.
    """

    __tablename__ = "organisations"

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[AgencyKind] = mapped_column(enum_column(AgencyKind, "agency_kind", length=20))
    # The NHS Organisation Data Service code (for example RV3), where the body has one.
    ods_code: Mapped[str | None] = mapped_column(String(10), unique=True)

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name}>"


class Agency(IdMixin, TimestampMixin, db.Model):
    """A partnership's participation in an organisation, identified within the partnership by a short code."""

    __tablename__ = "agencies"
    __table_args__ = (UniqueConstraint("partnership_id", "code"),)

    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[AgencyKind] = mapped_column(enum_column(AgencyKind, "agency_kind", length=20))
    responsible_authority: Mapped[bool] = mapped_column(Boolean, default=False)
    # Who overdue evidence requests escalate to.
    senior_contact_name: Mapped[str] = mapped_column(String(200), default="")
    senior_contact_email: Mapped[str] = mapped_column(String(254), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The shared body this agency is the partnership's part of. Always set by the services; nullable in the schema
    # only because SQLite cannot tighten a column of a table that others reference without rebuilding it.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)

    partnership: Mapped[Partnership] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    def __repr__(self) -> str:
        return f"<Agency {self.code}>"
