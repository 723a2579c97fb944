"""Agency verbs: add, edit, deactivate and reactivate, each audited."""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from dhr.agencies.models import Agency, AgencyKind, Organisation
from dhr.agencies.organisations import (
    OrganisationError,
    by_ods_code,
    normalise_ods_code,
    organisation_for,
    partnership_count,
    valid_ods_code,
)
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
        "ods_code": agency.organisation.ods_code if agency.organisation else None,
    }


def _joined_organisation(partnership_id: int, organisation_id: int) -> Organisation:
    """The organisation a new agency joins, refused if the partnership already has an agency for it."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise AgencyError("Select an organisation from the list", field="organisation")
    already = db.session.scalar(
        select(Agency).where(Agency.partnership_id == partnership_id, Agency.organisation_id == organisation.id)
    )
    if already is not None:
        raise AgencyError(
            f"{organisation.name} already takes part as {already.name} ({already.code})", field="organisation"
        )
    return organisation


def _set_ods_code(agency: Agency, ods_code: str | None) -> None:
    """Record the organisation's ODS code from an agency form; a shared organisation is corrected centrally."""
    organisation = agency.organisation
    ods_code = normalise_ods_code(ods_code)
    if organisation is None or ods_code == organisation.ods_code:
        return
    if not valid_ods_code(ods_code):
        raise AgencyError("Enter an ODS code of 3 to 10 letters and numbers, like RV3", field="ods_code")
    if partnership_count(organisation.id) > 1:
        raise AgencyError(
            f"{organisation.name} is shared with other partnerships: ask a system administrator to change its ODS code",
            field="ods_code",
        )
    holder = by_ods_code(ods_code)
    if holder is not None:
        raise AgencyError(f"The ODS code {ods_code} already belongs to {holder.name}", field="ods_code")
    organisation.ods_code = ods_code


def agencies_for(partnership_id: int, *, active_only: bool = False) -> list[Agency]:
    """The partnership's agencies, sorted by name."""
    query = (
        select(Agency)
        .where(Agency.partnership_id == partnership_id)
        .options(selectinload(Agency.organisation))
        .order_by(Agency.name)
    )
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
    organisation_id: int | None = None,
    ods_code: str | None = None,
) -> Agency:
    """Add an agency to the partnership's list, as its part of a shared organisation (chosen, or found or added)."""
    code = normalise_code(code)
    if _code_taken(partnership_id, code):
        raise AgencyError(f"An agency with the code {code} already exists")
    if organisation_id:
        organisation = _joined_organisation(partnership_id, organisation_id)
    else:
        try:
            organisation = organisation_for(name=name, kind=kind, ods_code=ods_code)
        except OrganisationError as error:
            raise AgencyError(str(error), field="ods_code") from error
    agency = Agency(
        organisation_id=organisation.id,
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
        data={"code": code, "kind": kind.value, "organisation_id": organisation.id},
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
    ods_code: str | None = None,
) -> None:
    """Change an agency's code, name, kind, responsible-authority flag, senior contact or organisation ODS code."""
    code = normalise_code(code)
    if _code_taken(agency.partnership_id, code, exclude_id=agency.id):
        raise AgencyError(f"An agency with the code {code} already exists")
    before = _snapshot(agency)
    if ods_code is not None:  # only the agency form has the field; "" clears the code
        _set_ods_code(agency, ods_code)
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
