"""Evidence verbs: involve an agency, send the request, add entries, submit, return and accept. All audited."""

import hashlib
from datetime import date, timedelta

from dhr.audit.services import record
from dhr.core.errors import DomainError
from dhr.core.models import apply_changes
from dhr.core.wording import counted
from dhr.evidence.fuzzy_dates import FuzzyDate
from dhr.evidence.models import AgencyInvolvement, ChronologyEntry
from dhr.evidence.stages import EDITABLE, EvidenceStatus, OutputRequired
from dhr.evidence.workflow import change_status
from dhr.extensions import db
from dhr.permissions import ReviewRole

S = EvidenceStatus
INVOLVEMENT_FIELDS = (
    "contact_victim",
    "contact_perpetrator",
    "contact_children",
    "records_secured_on",
    "output",
    "exclusion_reason",
    "due_on",
)
ENTRY_FIELDS = ("service_team", "source_ref", "event_type", "details", "outcome", "comment")


class EvidenceError(DomainError):
    """An evidence rule was broken; the message is fit to show the user."""


def default_due_on(review, today: date) -> date:
    """Today plus the partnership's usual time for evidence (six weeks unless changed)."""
    return today + timedelta(days=review.partnership.evidence_due_days)


def involve_agency(review, *, agency, actor, **fields) -> AgencyInvolvement:
    """Add an agency to the review's involvement matrix."""
    if agency.partnership_id != review.partnership_id:
        raise EvidenceError("Choose one of the partnership's agencies")
    if any(i.agency_id == agency.id for i in _involvements(review)):
        raise EvidenceError(f"{agency.name} is already in the matrix")
    involvement = AgencyInvolvement(review_id=review.id, agency_id=agency.id, **_fields(fields))
    record(
        "evidence.agency_involved",
        f"{actor.name} added {agency.code} to the agency matrix",
        actor=actor,
        added=involvement,
        review_id=review.id,
        partnership_id=review.partnership_id,
        data={"output": involvement.output.value},
    )
    return involvement


def update_involvement(involvement: AgencyInvolvement, *, actor, **fields) -> list[str]:
    """Change what is known and asked of the agency."""
    values = _fields(fields)
    if values["output"] is not involvement.output and involvement.status in (S.SUBMITTED, S.ACCEPTED):
        raise EvidenceError("What the agency owes cannot change after it has submitted. Return the submission first")
    changed = apply_changes(involvement, values, INVOLVEMENT_FIELDS)
    if changed:
        record(
            "evidence.involvement_updated",
            f"{actor.name} updated {involvement.agency.code} in the matrix",
            actor=actor,
            obj=involvement,
            review_id=involvement.review_id,
            partnership_id=involvement.agency.partnership_id,
            data={"changed": changed},
        )
    db.session.flush()
    return changed


def _fields(fields: dict) -> dict:
    values = {key: fields[key] for key in INVOLVEMENT_FIELDS}
    if values["output"] is OutputRequired.NONE and not values["exclusion_reason"].strip():
        raise EvidenceError("Enter why nothing is needed from this agency: the QA panel checks exclusions")
    if values["output"] is not OutputRequired.NONE:
        values["exclusion_reason"] = values["exclusion_reason"].strip()
    elif "due_on" in values:
        values["due_on"] = None  # nothing is owed, so nothing falls due
    return values


def _involvements(review) -> list[AgencyInvolvement]:
    from sqlalchemy import select

    return list(db.session.scalars(select(AgencyInvolvement).where(AgencyInvolvement.review_id == review.id)))


def contributors(review, agency_id: int):
    """The agency's contributors on this review."""
    return [
        m.user
        for m in review.members
        if m.role is ReviewRole.AGENCY_CONTRIBUTOR and m.agency_id == agency_id and m.user.active
    ]


def send_all_requests(review, *, actor) -> tuple[list[str], list[str]]:
    """Send every request not yet sent that can be; returns the agencies asked and, for each one that could not
    be, the agency and why ("Test Police: add a contributor from Test Police to the review's members first")."""
    sent, waiting = [], []
    for involvement in sorted(_involvements(review), key=lambda i: i.agency.name):
        if involvement.status is not S.NOT_REQUESTED or involvement.output is OutputRequired.NONE:
            continue
        try:
            send_request(involvement, actor=actor)  # refuses before it changes anything
        except EvidenceError as refused:
            waiting.append(f"{involvement.agency.name}: {str(refused)[0].lower()}{str(refused)[1:]}")
        else:
            sent.append(involvement.agency.name)
    return sent, waiting


def send_request(involvement: AgencyInvolvement, *, actor) -> int:
    """Ask the agency for its evidence: each contributor is told, with a link. Returns how many were told."""
    if involvement.output is OutputRequired.NONE:
        raise EvidenceError("Nothing is needed from this agency, so there is nothing to request")
    review = involvement.review
    people = contributors(review, involvement.agency_id)
    if not people:
        raise EvidenceError(f"Add a contributor from {involvement.agency.name} to the review's members first")
    if involvement.due_on is None:
        raise EvidenceError("Set a due date first")
    # The request's audit event tells the agency's contributors (the notifications' table), by email as each chose.
    change_status(involvement, S.REQUESTED, actor=actor)
    return len(people)


def fingerprint(when: FuzzyDate, values: dict) -> str:
    """A stable hash of what an entry says, so the same row is never stored twice."""
    text = "|".join(
        [
            when.start.isoformat(),
            when.precision.value,
            str(when.end),
            str(when.at),
            str(when.approximate),
            *(" ".join(str(values.get(k, "")).split()).lower() for k in ENTRY_FIELDS),
        ]
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _require_editable(involvement: AgencyInvolvement) -> None:
    if involvement.status not in EDITABLE:
        raise EvidenceError(f"The chronology is {involvement.status.label.lower()} and cannot be changed")


def add_entry(involvement: AgencyInvolvement, *, when: FuzzyDate, people, actor, **values) -> ChronologyEntry:
    """Add one event to the agency's chronology; the request moves to in progress."""
    _require_editable(involvement)
    key = fingerprint(when, values)
    if any(entry.fingerprint == key for entry in involvement.entries):
        raise EvidenceError("This event is already in the chronology")
    entry = ChronologyEntry(
        involvement=involvement,
        review_id=involvement.review_id,
        date_start=when.start,
        date_end=when.end,
        precision=when.precision,
        approximate=when.approximate,
        time_of_day=when.at,
        fingerprint=key,
        created_by_id=actor.id,
        people=list(people),
        **{k: values.get(k, "") for k in ENTRY_FIELDS},
    )
    db.session.add(entry)
    if involvement.status in (S.REQUESTED, S.RETURNED):
        change_status(involvement, S.IN_PROGRESS, actor=actor)
    db.session.flush()
    record(
        "chronology.entry_added",
        f"{actor.name} added a chronology entry for {involvement.agency.code}",
        actor=actor,
        obj=entry,
        review_id=involvement.review_id,
        partnership_id=involvement.agency.partnership_id,
    )
    return entry


def update_entry(entry: ChronologyEntry, *, when: FuzzyDate, people, actor, **values) -> None:
    """Change an entry while the chronology is still the agency's to change."""
    involvement = entry.involvement
    _require_editable(involvement)
    key = fingerprint(when, values)
    if any(other.fingerprint == key and other.id != entry.id for other in involvement.entries):
        raise EvidenceError("This event is already in the chronology")
    entry.date_start, entry.date_end, entry.precision = when.start, when.end, when.precision
    entry.approximate, entry.time_of_day = when.approximate, when.at
    for key in ENTRY_FIELDS:
        setattr(entry, key, values.get(key, ""))
    entry.people = list(people)
    entry.fingerprint = key
    if involvement.status is S.RETURNED:
        change_status(involvement, S.IN_PROGRESS, actor=actor)
    record(
        "chronology.entry_updated",
        f"{actor.name} changed a chronology entry for {involvement.agency.code}",
        actor=actor,
        obj=entry,
        review_id=involvement.review_id,
        partnership_id=involvement.agency.partnership_id,
    )
    db.session.flush()


def delete_entry(entry: ChronologyEntry, *, actor) -> None:
    """Remove an entry while the chronology is still the agency's to change."""
    involvement = entry.involvement
    _require_editable(involvement)
    record(
        "chronology.entry_deleted",
        f"{actor.name} deleted a chronology entry for {involvement.agency.code}",
        actor=actor,
        obj=entry,
        review_id=involvement.review_id,
        partnership_id=involvement.agency.partnership_id,
    )
    involvement.entries.remove(entry)
    db.session.flush()


def submit(involvement: AgencyInvolvement, *, actor) -> None:
    """Hand the chronology to the review: it locks until the coordinator or chair returns it."""
    problem = submission_problem(involvement)
    if problem:
        raise EvidenceError(problem)
    involvement.submission_version += 1
    change_status(involvement, S.SUBMITTED, actor=actor, reason=f"Version {involvement.submission_version}")


def return_for_amendment(involvement: AgencyInvolvement, *, reason: str, actor) -> None:
    """Send the chronology back to the agency with reasons."""
    if not reason.strip():
        raise EvidenceError("Enter what the agency needs to change")
    change_status(involvement, S.RETURNED, actor=actor, reason=reason.strip())


def accept(involvement: AgencyInvolvement, *, actor) -> None:
    """Accept the chronology into the review's combined chronology."""
    problem = submission_problem(involvement)
    if problem:
        raise EvidenceError(f"This submission is not complete: {problem[0].lower()}{problem[1:]}")
    change_status(involvement, S.ACCEPTED, actor=actor, reason=f"Version {involvement.submission_version}")


def requests_for_contributor(user) -> list[AgencyInvolvement]:
    """Every request addressed to an agency the user contributes for, on reviews they belong to in the partnership
    they work in now, open work first."""
    from sqlalchemy import and_, select
    from sqlalchemy.orm import selectinload

    from dhr.reviews.models import Review, ReviewMember

    query = (
        select(AgencyInvolvement)
        .join(
            ReviewMember,
            and_(
                ReviewMember.review_id == AgencyInvolvement.review_id,
                ReviewMember.agency_id == AgencyInvolvement.agency_id,
            ),
        )
        .where(
            ReviewMember.user_id == user.id,
            ReviewMember.role == ReviewRole.AGENCY_CONTRIBUTOR,
            AgencyInvolvement.status != S.NOT_REQUESTED,
            AgencyInvolvement.review_id.in_(select(Review.id).where(Review.partnership_id == user.partnership_id)),
        )
        .options(selectinload(AgencyInvolvement.agency), selectinload(AgencyInvolvement.review))
        .order_by(AgencyInvolvement.due_on)
    )
    # Work still to do first, soonest due first; submitted and accepted ones after.
    found = list(db.session.scalars(query).unique())
    return sorted(found, key=lambda i: (i.status not in EDITABLE, i.due_on or date.max))


def remembered_mapping(agency_id: int) -> dict:
    """The column mapping this agency used in its last successful import."""
    from sqlalchemy import select

    from dhr.evidence.models import ChronologyImport

    last = db.session.scalar(
        select(ChronologyImport)
        .join(AgencyInvolvement)
        .where(AgencyInvolvement.agency_id == agency_id, ChronologyImport.imported_at.is_not(None))
        .order_by(ChronologyImport.imported_at.desc(), ChronologyImport.id.desc())
    )
    return dict(last.mapping) if last else {}


def start_import(involvement: AgencyInvolvement, *, upload, actor):
    """Keep an uploaded spreadsheet for the mapping and preview steps."""
    from dhr.evidence.models import ChronologyImport
    from dhr.files.store import stored_file

    _require_editable(involvement)
    stored = stored_file(upload, partnership_id=involvement.agency.partnership_id, actor=actor)
    batch = ChronologyImport(involvement=involvement, file=stored, uploaded_by_id=actor.id, mapping={})
    db.session.add_all([stored, batch])
    db.session.flush()
    record(
        "chronology.import_uploaded",
        f"{actor.name} uploaded {upload.filename} for {involvement.agency.code}",
        actor=actor,
        obj=batch,
        review_id=involvement.review_id,
        partnership_id=involvement.agency.partnership_id,
    )
    return batch


def _new_rows(involvement: AgencyInvolvement, rows) -> list:
    """(row, fingerprint) for each row the chronology does not hold yet; a row given twice in a file counts once."""
    known = {entry.fingerprint for entry in involvement.entries}
    new = []
    for row in rows:
        key = fingerprint(row.when, row.values)
        if key not in known:
            known.add(key)
            new.append((row, key))
    return new


def already_present(involvement: AgencyInvolvement, rows) -> set[int]:
    """Spreadsheet row numbers an import would skip as already in the chronology, before anything is imported."""
    new = {row.row for row, _ in _new_rows(involvement, rows)}
    return {row.row for row in rows if row.row not in new}


def import_rows(batch, rows, *, mapping: dict, actor) -> tuple[int, int]:
    """Add every parsed row (skipping ones already present); all or nothing. Returns (imported, duplicates)."""
    involvement = batch.involvement
    _require_editable(involvement)
    if batch.imported_at is not None:
        raise EvidenceError("This file has already been imported")
    new = _new_rows(involvement, rows)
    imported, duplicates = 0, len(rows) - len(new)
    for row, key in new:
        involvement.entries.append(
            ChronologyEntry(
                review_id=involvement.review_id,
                date_start=row.when.start,
                date_end=row.when.end,
                precision=row.when.precision,
                approximate=row.when.approximate,
                time_of_day=row.when.at,
                fingerprint=key,
                created_by_id=actor.id,
                people=list(row.people),
                **{k: row.values.get(k, "") for k in ENTRY_FIELDS},
            )
        )
        imported += 1
    from dhr.core import clock

    batch.mapping, batch.imported_rows, batch.duplicate_rows, batch.imported_at = (
        mapping,
        imported,
        duplicates,
        clock.now(),
    )
    if imported and involvement.status in (S.REQUESTED, S.RETURNED):
        change_status(involvement, S.IN_PROGRESS, actor=actor)
    record(
        "chronology.imported",
        f"{actor.name} imported {counted(imported, 'row')} for {involvement.agency.code} "
        f"({duplicates} already present)",
        actor=actor,
        obj=batch,
        review_id=involvement.review_id,
        partnership_id=involvement.agency.partnership_id,
        data={"imported": imported, "duplicates": duplicates},
    )
    db.session.flush()
    return imported, duplicates


def decide_duplicate(review, first, second, *, same_event: bool, actor):
    """Record the chair's decision on a suggested pair (replacing any earlier decision on it)."""
    from sqlalchemy import select

    from dhr.evidence.models import DuplicateDecision

    if first.review_id != review.id or second.review_id != review.id or first.id == second.id:
        raise EvidenceError("Both entries must belong to this review")
    first, second = sorted((first, second), key=lambda e: e.id)
    decision = db.session.scalar(
        select(DuplicateDecision).where(
            DuplicateDecision.first_entry_id == first.id, DuplicateDecision.second_entry_id == second.id
        )
    )
    if decision is None:
        decision = DuplicateDecision(
            review_id=review.id,
            first_entry_id=first.id,
            second_entry_id=second.id,
            same_event=same_event,
            decided_by_id=actor.id,
        )
        db.session.add(decision)
    else:
        decision.same_event, decision.decided_by_id = same_event, actor.id
    verdict = "the same event" if same_event else "two different events"
    record(
        "chronology.duplicate_decided",
        f"{actor.name} decided two chronology entries are {verdict}",
        actor=actor,
        obj=decision,
        review_id=review.id,
        partnership_id=review.partnership_id,
        data={"first": first.id, "second": second.id, "same_event": same_event},
    )
    db.session.flush()
    return decision


NEEDS_IMR = (OutputRequired.IMR, OutputRequired.SHORT_REPORT)


def save_imr(
    involvement: AgencyInvolvement,
    *,
    sections: dict[str, str],
    author_name: str,
    author_role: str,
    sign_off_name: str,
    sign_off_role: str,
    sign_off_on,
    attested: bool,
    actor,
    stored_file=None,
    author_independent: bool = False,
):
    """Save the IMR as a new version (earlier versions are kept as they were)."""
    from dhr.evidence.imr import SECTIONS
    from dhr.evidence.models import ImrVersion

    _require_editable(involvement)
    if involvement.output not in NEEDS_IMR:
        raise EvidenceError("This agency was asked for a chronology only, not an IMR")
    number = (involvement.latest_imr.number if involvement.latest_imr else 0) + 1
    version = ImrVersion(
        number=number,
        sections={k: (sections.get(k) or "").strip() for k in SECTIONS},
        author_name=author_name,
        author_role=author_role,
        sign_off_name=sign_off_name,
        sign_off_role=sign_off_role,
        sign_off_on=sign_off_on,
        attested=attested,
        author_independent=author_independent,
        file=stored_file,
        saved_by_id=actor.id,
    )
    involvement.imr_versions.append(version)
    if involvement.status in (S.REQUESTED, S.RETURNED):
        change_status(involvement, S.IN_PROGRESS, actor=actor)
    db.session.flush()
    record(
        "imr.saved",
        f"{actor.name} saved version {number} of {involvement.agency.code}'s IMR"
        + (" (signed off)" if version.signed_off else ""),
        actor=actor,
        obj=version,
        review_id=involvement.review_id,
        partnership_id=involvement.agency.partnership_id,
        data={"version": number, "signed_off": version.signed_off, "from_file": stored_file is not None},
    )
    return version


def submission_problem(involvement: AgencyInvolvement) -> str | None:
    """Why the agency cannot submit yet, or None."""
    if involvement.output in NEEDS_IMR:
        latest = involvement.latest_imr
        if latest is None:
            return f"Write or upload the {involvement.output.label.split(' and ')[0].lower()} before submitting"
        if not latest.signed_off:
            return "A senior manager must sign off the IMR (name, role, date and confirmation) before submitting"
    if not involvement.entries:
        return "Add at least one chronology entry before submitting"
    return None
