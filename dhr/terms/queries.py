"""Reading the terms of reference and parallel processes: for the pages, the review page and the report.

The report drafting cites lines of enquiry (`lines_of_enquiry`) and fills sections 4 (terms of reference),
7 (agencies) and 10 (parallel reviews) from `current_terms`, `excluded_without_reason` and `parallel_processes`.
"""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr.extensions import db
from dhr.terms.models import ParallelProcess, TermsAgency, TermsVersion
from dhr.terms.stages import TermsStatus


def _loaded():
    # Built on use, not at import: building loader options configures the mappers, which needs every model.
    return (
        selectinload(TermsVersion.lines),
        selectinload(TermsVersion.agencies).selectinload(TermsAgency.agency),
    )


def all_versions(review) -> list[TermsVersion]:
    """Every version, oldest first, with lines and agencies loaded (three queries whatever the count)."""
    return list(
        db.session.scalars(
            select(TermsVersion)
            .where(TermsVersion.review_id == review.id)
            .options(*_loaded())
            .order_by(TermsVersion.number)
        )
    )


def current_terms(review) -> TermsVersion | None:
    """The latest agreed version, else the latest draft, with its lines and agency scopes loaded."""
    return db.session.scalar(
        select(TermsVersion)
        .where(TermsVersion.review_id == review.id)
        .options(*_loaded())
        .order_by((TermsVersion.status == TermsStatus.AGREED).desc(), TermsVersion.number.desc())
        .limit(1)
    )


def lines_of_enquiry(review) -> list[tuple[int, str]]:
    """The current terms' key lines of enquiry as (number, text), in order."""
    terms = current_terms(review)
    return [(line.number, line.text) for line in terms.lines] if terms else []


def unaccounted_agencies(version: TermsVersion) -> list[str]:
    """Agencies in the review's agency matrix that this version neither includes nor excludes."""
    from dhr.agencies.models import Agency
    from dhr.evidence.models import AgencyInvolvement

    listed = {row.agency_id for row in version.agencies}
    rows = db.session.execute(
        select(Agency.id, Agency.name)
        .join(AgencyInvolvement, AgencyInvolvement.agency_id == Agency.id)
        .where(AgencyInvolvement.review_id == version.review_id)
        .order_by(Agency.name)
    )
    return [name for agency_id, name in rows if agency_id not in listed]


def excluded_without_reason(review) -> list[str]:
    """Agencies left out of the current terms with no reason given: the QA panel asks about each.

    That is an excluded agency with a blank reason (the forms and the database refuse one, so normally none),
    or an agency in the review's agency matrix that the terms do not mention at all.
    """
    terms = current_terms(review)
    if terms is None:
        return []
    blank = [row.agency.name for row in terms.agencies if not row.included and not row.reason.strip()]
    return sorted(blank) + unaccounted_agencies(terms)


def matrix_differences(review, version: TermsVersion) -> list[str]:
    """Where the version and the live agency matrix disagree, in words the coordinator can act on."""
    from dhr.evidence.models import AgencyInvolvement
    from dhr.evidence.stages import OutputRequired

    matrix = {
        involvement.agency_id: involvement
        for involvement in db.session.scalars(
            select(AgencyInvolvement)
            .where(AgencyInvolvement.review_id == review.id)
            .options(selectinload(AgencyInvolvement.agency))
        )
    }
    notes = [f"{name} is in the agency matrix but not in {version.label}" for name in unaccounted_agencies(version)]
    for row in version.sorted_agencies():
        involvement = matrix.get(row.agency_id)
        if involvement is None:
            if row.included:
                notes.append(f"{row.agency.name} is included but is not in the agency matrix")
            continue
        asked = involvement.output is not OutputRequired.NONE
        if row.included and not asked:
            notes.append(f"{row.agency.name} is included but the agency matrix asks nothing of it")
        elif not row.included and asked:
            notes.append(
                f"{row.agency.name} is excluded but the agency matrix asks it for: {involvement.output.label.lower()}"
            )
    return notes


def parallel_processes(review) -> list[ParallelProcess]:
    """The review's parallel processes, in the order they were recorded."""
    return list(
        db.session.scalars(
            select(ParallelProcess).where(ParallelProcess.review_id == review.id).order_by(ParallelProcess.id)
        )
    )
