"""Terms of reference and parallel process verbs. Each takes an explicit actor, audits and flushes; views commit.

Agreed versions never change: every verb on a version checks it is still a draft. Agreeing a version copies its
date and scope period onto the review, which the evidence guard and the chronology filter read.
"""

from datetime import date

from sqlalchemy import select

from dhr.audit.services import record
from dhr.core.models import apply_changes
from dhr.extensions import db
from dhr.terms.models import ParallelProcess, TermsAgency, TermsLine, TermsVersion
from dhr.terms.stages import ProcessStatus, TermsStatus
from dhr.terms.workflow import (
    TermsError,
    move_process,
    require_draft,
    versions_of,
)

# Versions


def start_draft(review, *, actor) -> TermsVersion:
    """Start the next version: a copy of the latest one, or for the first, the agencies from the agency matrix."""
    existing = versions_of(review)
    if any(version.is_draft for version in existing):
        draft = next(version for version in existing if version.is_draft)
        raise TermsError(f"{draft.label} is already a draft: change that instead")
    latest = existing[-1] if existing else None
    version = TermsVersion(
        review_id=review.id,
        number=(latest.number + 1) if latest else 1,
        status=TermsStatus.DRAFT,
        scope_from=latest.scope_from if latest else None,
        scope_to=latest.scope_to if latest else review.date_of_death,
        purpose=latest.purpose if latest else "",
        created_by_id=actor.id,
    )
    db.session.add(version)
    if latest is not None:
        version.lines = [TermsLine(number=line.number, text=line.text) for line in latest.lines]
        version.agencies = [
            TermsAgency(agency_id=row.agency_id, included=row.included, reason=row.reason) for row in latest.agencies
        ]
    db.session.flush()
    if latest is None:
        add_agencies_from_matrix(version, actor=actor, audit=False)
    record(
        "terms.draft_started",
        f"{actor.name} started {version.label} of the terms of reference for {review.reference}",
        actor=actor,
        obj=version,
        review=review,
        data={"number": version.number, "copied_from": latest.number if latest else None},
    )
    return version


def update_draft(version: TermsVersion, *, actor, scope_from: date | None, scope_to: date | None, purpose: str) -> list:
    """Change a draft's scope period and purpose; returns the names of what changed."""
    require_draft(version)
    if scope_from and scope_to and scope_to < scope_from:
        raise TermsError("The scope period must end on or after it starts", "scope_to")
    changed = apply_changes(
        version,
        {"scope_from": scope_from, "scope_to": scope_to, "purpose": purpose.strip()},
        ("scope_from", "scope_to", "purpose"),
    )
    if changed:
        record(
            "terms.draft_updated",
            f"{actor.name} changed {version.label} of the terms of reference",
            actor=actor,
            obj=version,
            review=version.review,
            data={"changed": changed},
        )
    db.session.flush()
    return changed


def discard_draft(version: TermsVersion, *, actor) -> None:
    """Throw a draft away; the agreed versions are untouched."""
    require_draft(version)
    review = version.review
    record(
        "terms.draft_discarded",
        f"{actor.name} discarded draft {version.label} of the terms of reference for {review.reference}",
        actor=actor,
        obj=version,
        review=review,
        data={"number": version.number},
    )
    db.session.delete(version)
    db.session.flush()


# Key lines of enquiry


def _renumber(version: TermsVersion, ordered: list[TermsLine]) -> None:
    """Give the lines 1, 2, 3... in this order. Through negative numbers, so the unique pair never clashes."""
    for index, line in enumerate(ordered, start=1):
        line.number = -index
    db.session.flush()
    for line in ordered:
        line.number = -line.number
    db.session.flush()
    db.session.expire(version, ["lines"])


def _line_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise TermsError("Enter the line of enquiry", "text")
    return text


def add_line(version: TermsVersion, *, text: str, actor) -> TermsLine:
    """Add a line of enquiry at the end of a draft."""
    require_draft(version)
    review = version.review  # loaded before the line exists: a lazy load's flush would meet it half-made
    line = TermsLine(
        version=version, number=max((other.number for other in version.lines), default=0) + 1, text=_line_text(text)
    )
    record(
        "terms.line_added",
        f"{actor.name} added line of enquiry {line.number} to {version.label}",
        actor=actor,
        added=line,
        review=review,
        data={"number": line.number},
    )
    return line


def update_line(line: TermsLine, *, text: str, actor) -> bool:
    """Reword a line of enquiry in a draft; returns whether it changed."""
    version = line.version
    require_draft(version)
    text = _line_text(text)
    if text == line.text:
        return False
    line.text = text
    record(
        "terms.line_updated",
        f"{actor.name} reworded line of enquiry {line.number} of {version.label}",
        actor=actor,
        obj=line,
        review=version.review,
        data={"number": line.number},
    )
    db.session.flush()
    return True


def remove_line(line: TermsLine, *, actor) -> None:
    """Remove a line of enquiry from a draft; the lines after it move up a number."""
    version = line.version
    require_draft(version)
    number = line.number
    remaining = [other for other in version.lines if other is not line]
    db.session.delete(line)
    db.session.flush()
    _renumber(version, remaining)
    record(
        "terms.line_removed",
        f"{actor.name} removed line of enquiry {number} from {version.label}",
        actor=actor,
        obj=version,
        review=version.review,
        data={"number": number},
    )


def move_line_up(line: TermsLine, *, actor) -> None:
    """Swap a line of enquiry with the one before it, in a draft."""
    version = line.version
    require_draft(version)
    ordered = list(version.lines)
    at = ordered.index(line)
    if at == 0:
        raise TermsError("This is already the first line of enquiry")
    ordered[at - 1], ordered[at] = ordered[at], ordered[at - 1]
    number = line.number
    _renumber(version, ordered)
    record(
        "terms.line_moved",
        f"{actor.name} moved line of enquiry {number} of {version.label} up to {number - 1}",
        actor=actor,
        obj=line,
        review=version.review,
        data={"from": number, "to": number - 1},
    )


# Agencies in scope


def _scope_values(included: bool, reason: str) -> dict:
    reason = reason.strip()
    if not included and not reason:
        raise TermsError("Enter why the agency is excluded: the QA panel checks every exclusion", "reason")
    return {"included": included, "reason": reason}


def add_agency(version: TermsVersion, *, agency, included: bool, reason: str, actor) -> TermsAgency:
    """Include or exclude an agency in a draft."""
    require_draft(version)
    review = version.review
    if agency.partnership_id != review.partnership_id:
        raise TermsError("Choose one of the partnership's agencies", "agency")
    if any(row.agency_id == agency.id for row in version.agencies):
        raise TermsError(f"{agency.name} is already in {version.label}", "agency")
    row = TermsAgency(version=version, agency_id=agency.id, **_scope_values(included, reason))
    record(
        "terms.agency_added",
        f"{actor.name} {'included' if included else 'excluded'} {agency.code} in {version.label}",
        actor=actor,
        added=row,
        review=review,
        data={"agency": agency.code, "included": included},
    )
    return row


def update_agency(row: TermsAgency, *, included: bool, reason: str, actor) -> list[str]:
    """Change whether an agency is in scope, and why."""
    version = row.version
    require_draft(version)
    changed = apply_changes(row, _scope_values(included, reason), ("included", "reason"))
    if changed:
        record(
            "terms.agency_updated",
            f"{actor.name} changed {row.agency.code} in {version.label}",
            actor=actor,
            obj=row,
            review=version.review,
            data={"agency": row.agency.code, "changed": changed},
        )
    db.session.flush()
    return changed


def remove_agency(row: TermsAgency, *, actor) -> None:
    """Take an agency off a draft."""
    version = row.version
    require_draft(version)
    code = row.agency.code
    db.session.delete(row)
    record(
        "terms.agency_removed",
        f"{actor.name} removed {code} from {version.label}",
        actor=actor,
        obj=version,
        review=version.review,
        data={"agency": code},
    )
    db.session.flush()
    db.session.expire(version, ["agencies"])


def add_agencies_from_matrix(version: TermsVersion, *, actor, audit: bool = True) -> int:
    """Add each agency of the review's agency matrix that the draft does not list yet; returns how many.

    An agency asked for something is included; one asked for nothing is excluded with the matrix's reason.
    Agencies already in the draft are left as the panel wrote them.
    """
    from dhr.evidence.models import AgencyInvolvement
    from dhr.evidence.stages import OutputRequired

    require_draft(version)
    listed = {row.agency_id for row in version.agencies}
    involvements = db.session.scalars(
        select(AgencyInvolvement).where(AgencyInvolvement.review_id == version.review_id).order_by(AgencyInvolvement.id)
    ).all()
    added = []
    for involvement in involvements:
        if involvement.agency_id in listed:
            continue
        excluded = involvement.output is OutputRequired.NONE
        reason = involvement.exclusion_reason if excluded else f"Asked for: {involvement.output.label}"
        version.agencies.append(TermsAgency(agency_id=involvement.agency_id, included=not excluded, reason=reason))
        added.append(involvement.agency_id)
    db.session.flush()
    if audit and added:
        record(
            "terms.agencies_from_matrix",
            f"{actor.name} added {len(added)} agencies from the agency matrix to {version.label}",
            actor=actor,
            obj=version,
            review=version.review,
            data={"agency_ids": added},
        )
    return len(added)


# Parallel processes

PROCESS_FIELDS = ("kind", "description", "started_on", "next_date", "concluded_on", "outcome", "notes")


def _check_process(values: dict, status: ProcessStatus) -> None:
    from dhr.terms.stages import ProcessKind

    if values["kind"] is ProcessKind.OTHER and not values["description"]:
        raise TermsError("Enter what the process is", "description")
    if status is ProcessStatus.SCHEDULED and values["next_date"] is None:
        raise TermsError("Enter the date it is scheduled for", "next_date")
    if status is ProcessStatus.CONCLUDED and values["concluded_on"] is None:
        raise TermsError("Enter the date it concluded", "concluded_on")
    if values["started_on"] and values["concluded_on"] and values["concluded_on"] < values["started_on"]:
        raise TermsError("The date it concluded must be on or after the date it started", "concluded_on")


def add_process(review, *, status: ProcessStatus, actor, **fields) -> ParallelProcess:
    """Record a parallel process (trial, inquest, IOPC, SAR, CSPR...)."""
    values = {key: fields[key] for key in PROCESS_FIELDS}
    values["description"], values["outcome"], values["notes"] = (
        values["description"].strip(),
        values["outcome"].strip(),
        values["notes"].strip(),
    )
    _check_process(values, status)
    process = ParallelProcess(review_id=review.id, created_by_id=actor.id, **values)
    move_process(process, status, actor=actor)
    record(
        "terms.process_added",
        f"{actor.name} recorded a parallel process on {review.reference}: {process.kind.label} ({status.label})",
        actor=actor,
        added=process,
        review=review,
        data={"kind": process.kind.value, "status": status.value},
    )
    return process


def update_process(process: ParallelProcess, review, *, status: ProcessStatus, actor, **fields) -> list[str]:
    """Change a parallel process: its dates, outcome and notes, and its status through the transition table."""
    values = {key: fields[key] for key in PROCESS_FIELDS}
    for key in ("description", "outcome", "notes"):
        values[key] = values[key].strip()
    _check_process(values, status)
    before = process.status
    if status is not before:
        move_process(process, status, actor=actor)
    changed = apply_changes(process, values, PROCESS_FIELDS) + (["status"] if status is not before else [])
    if changed:
        # Field names only: outcomes and notes are case detail.
        record(
            "terms.process_updated",
            f"{actor.name} updated {process.kind.label.lower()} on {review.reference}"
            + (f": {before.label} to {status.label}" if status is not before else ""),
            actor=actor,
            obj=process,
            review=review,
            data={"changed": changed, "from": before.value, "to": status.value},
        )
    db.session.flush()
    return changed
