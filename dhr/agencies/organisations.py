"""Organisation verbs: find or add the shared organisation behind an agency, and correct its details."""

import re

from sqlalchemy import func, select

from dhr.agencies.models import Agency, AgencyKind, Organisation
from dhr.audit.services import diff, record
from dhr.core.errors import DomainError
from dhr.extensions import db

# ODS codes are 3 to 10 letters and digits: RV3 (an NHS trust), QRV (an ICB), E85124 (a GP practice).
_ODS_CODE = re.compile(r"^[A-Z0-9]{3,10}$")


class OrganisationError(DomainError):
    """An organisation rule was broken; the message is fit to show the user."""


def normalise_ods_code(code: str | None) -> str | None:
    """ODS codes are upper case with no spaces; an empty one means none."""
    code = re.sub(r"\s+", "", code or "").upper()
    return code or None


def valid_ods_code(code: str | None) -> bool:
    """True for no code, or a code shaped like an ODS code."""
    return code is None or bool(_ODS_CODE.match(code))


def tidy_name(name: str) -> str:
    """The name with runs of spaces made single, as organisations are matched by it."""
    return " ".join(name.split())


def by_ods_code(code: str | None) -> Organisation | None:
    """The organisation with this ODS code, if any."""
    code = normalise_ods_code(code)
    return db.session.scalar(select(Organisation).where(Organisation.ods_code == code)) if code else None


def by_name(name: str, kind: AgencyKind) -> Organisation | None:
    """The organisation of this name (ignoring case and spacing) and kind, if any; the oldest when several."""
    return db.session.scalar(
        select(Organisation)
        .where(func.lower(Organisation.name) == tidy_name(name).lower(), Organisation.kind == kind)
        .order_by(Organisation.id)
        .limit(1)
    )


def organisation_for(*, name: str, kind: AgencyKind, ods_code: str | None = None) -> Organisation:
    """The shared organisation an agency belongs to: found by ODS code, else by name and kind, else added."""
    ods_code = normalise_ods_code(ods_code)
    if not valid_ods_code(ods_code):
        raise OrganisationError("Enter an ODS code of 3 to 10 letters and numbers, like RV3", field="ods_code")
    found = by_ods_code(ods_code) or by_name(name, kind)
    if found is not None:
        if ods_code and found.ods_code is None:
            found.ods_code = ods_code
        return found
    organisation = Organisation(name=tidy_name(name), kind=kind, ods_code=ods_code)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def partnership_count(organisation_id: int) -> int:
    """How many partnerships have an agency for this organisation."""
    return db.session.scalar(
        select(func.count(func.distinct(Agency.partnership_id))).where(Agency.organisation_id == organisation_id)
    )


def sharing_counts(organisation_ids: list[int]) -> dict[int, int]:
    """For each organisation id, how many partnerships take part through it: one query for a whole list."""
    if not organisation_ids:
        return {}
    rows = db.session.execute(
        select(Agency.organisation_id, func.count(func.distinct(Agency.partnership_id)))
        .where(Agency.organisation_id.in_(organisation_ids))
        .group_by(Agency.organisation_id)
    )
    return dict(rows.all())  # a Result has keys(), so dict() would read it as a mapping


def not_yet_in(partnership_id: int) -> list[Organisation]:
    """Organisations some other partnership works with and this one has no agency for, by name."""
    taken = select(Agency.organisation_id).where(
        Agency.partnership_id == partnership_id, Agency.organisation_id.is_not(None)
    )
    return list(
        db.session.scalars(select(Organisation).where(Organisation.id.not_in(taken)).order_by(Organisation.name))
    )


def all_organisations() -> list[Organisation]:
    """Every organisation, by name."""
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name, Organisation.id)))


def _snapshot(organisation: Organisation) -> dict:
    return {"name": organisation.name, "kind": organisation.kind.value, "ods_code": organisation.ods_code}


def update_organisation(
    organisation: Organisation, *, name: str, kind: AgencyKind, ods_code: str | None, actor
) -> None:
    """Correct a shared organisation's name, kind or ODS code; every partnership's agency keeps its own name."""
    ods_code = normalise_ods_code(ods_code)
    if not valid_ods_code(ods_code):
        raise OrganisationError("Enter an ODS code of 3 to 10 letters and numbers, like RV3", field="ods_code")
    holder = by_ods_code(ods_code)
    if holder is not None and holder.id != organisation.id:
        raise OrganisationError(f"The ODS code {ods_code} already belongs to {holder.name}", field="ods_code")
    before = _snapshot(organisation)
    organisation.name, organisation.kind, organisation.ods_code = tidy_name(name), kind, ods_code
    changes = diff(before, _snapshot(organisation))
    if changes:
        record(
            "organisation.updated",
            f"{actor.name} updated organisation {organisation.name}",
            actor=actor,
            obj=organisation,
            data=changes,
        )
    db.session.flush()
