"""Agency verbs: add, edit, deactivate and reactivate, each audited."""

from sqlalchemy import func, select

from dhr.agencies.models import Agency, AgencyKind
from dhr.audit.services import diff, record
from dhr.core.errors import DomainError
from dhr.extensions import db


class AgencyError(DomainError):
    """An agency rule was broken; the message is fit to show the user."""


def normalise_code(code: str) -> str:
    """Agency codes are upper-case, e.g. 'WCC-ASC'."""
    return code.strip().upper()


def _code_taken(partnership_id: int, code: str, exclude_id: int | None = None) -> bool:
    query = select(Agency.id).where(Agency.partnership_id == partnership_id, func.upper(Agency.code) == code)
    if exclude_id is not None:
        query = query.where(Agency.id != exclude_id)
    return db.session.scalar(query) is not None


def _snapshot(agency: Agency) -> dict:
    return {
        "code": agency.code,
        "name": agency.name,
        "kind": agency.kind.value,
        "responsible_authority": agency.responsible_authority,
        "senior_contact": f"{agency.senior_contact_name} <{agency.senior_contact_email}>",
    }


def agencies_for(partnership_id: int, *, active_only: bool = False) -> list[Agency]:
    """The partnership's agencies, sorted by name."""
    query = select(Agency).where(Agency.partnership_id == partnership_id).order_by(Agency.name)
    if active_only:
        query = query.where(Agency.active.is_(True))
    return list(db.session.scalars(query))


def create_agency(
    *,
    partnership_id: int,
    code: str,
    name: str,
    kind: AgencyKind,
    responsible_authority: bool,
    actor,
    senior_contact_name: str = "",
    senior_contact_email: str = "",
) -> Agency:
    """Add an agency to the partnership's list."""
    code = normalise_code(code)
    if _code_taken(partnership_id, code):
        raise AgencyError(f"An agency with the code {code} already exists")
    agency = Agency(
        partnership_id=partnership_id,
        code=code,
        name=name,
        kind=kind,
        responsible_authority=responsible_authority,
        senior_contact_name=senior_contact_name,
        senior_contact_email=senior_contact_email,
    )
    record(
        "agency.created",
        f"{actor.name} added agency {code} ({name})",
        actor=actor,
        added=agency,
        data={"code": code, "kind": kind.value},
    )
    return agency


def update_agency(
    agency: Agency,
    *,
    code: str,
    name: str,
    kind: AgencyKind,
    responsible_authority: bool,
    actor,
    senior_contact_name: str = "",
    senior_contact_email: str = "",
) -> None:
    """Change an agency's code, name, kind, responsible-authority flag or senior contact."""
    code = normalise_code(code)
    if _code_taken(agency.partnership_id, code, exclude_id=agency.id):
        raise AgencyError(f"An agency with the code {code} already exists")
    before = _snapshot(agency)
    agency.code, agency.name, agency.kind, agency.responsible_authority = code, name, kind, responsible_authority
    agency.senior_contact_name, agency.senior_contact_email = senior_contact_name, senior_contact_email
    record(
        "agency.updated",
        f"{actor.name} updated agency {code}",
        actor=actor,
        obj=agency,
        data=diff(before, _snapshot(agency)),
    )
    db.session.flush()


def set_agency_active(agency: Agency, active: bool, *, actor) -> None:
    """Deactivate an agency (it stays on past records) or bring it back."""
    if agency.active == active:
        return
    agency.active = active
    verb = "reactivated" if active else "deactivated"
    record(f"agency.{verb}", f"{actor.name} {verb} agency {agency.code}", actor=actor, obj=agency)
    db.session.flush()
