"""The Home Office DHR Library submission for one review: the facts the Library is searched by (date of death,
police force area, the victim's and perpetrator's demographics, relationship, method), with ages in bands and no
names or dates of birth, plus where and when the report was published."""

import csv
import io

from dhr.audit.services import record
from dhr.evidence.export import neutralise
from dhr.reports.context import REVIEW_TITLES, long_date
from dhr.reviews.facts import age_band
from dhr.reviews.models import PersonRole

COLUMNS = (
    "reference",
    "title",
    "month_of_death",
    "police_force_area",
    "victim_pseudonym",
    "victim_age_band",
    "victim_sex",
    "victim_ethnicity",
    "victim_disability",
    "perpetrator_age_band",
    "perpetrator_sex",
    "perpetrator_ethnicity",
    "relationship_type",
    "method_of_death",
    "children_present",
    "published_on",
    "web_address",
)


def _label(value) -> str:
    return value.label if value is not None else "Not recorded"


def library_row(review) -> dict[str, str]:
    """The review's Library entry as plain strings, in COLUMNS order."""
    victim = review.victim
    perpetrator = next((p for p in review.people if p.role is PersonRole.PERPETRATOR), None)
    publication = getattr(review, "publication", None)
    title = REVIEW_TITLES.get(review.partnership.review_label.value, REVIEW_TITLES["DHR"])
    return {
        "reference": review.reference,
        "title": f"{title} into the death of {victim.pseudonym}" if victim else title,
        "month_of_death": f"{review.date_of_death:%B %Y}" if review.date_of_death else "Not recorded",
        "police_force_area": review.police_force_area or "Not recorded",
        "victim_pseudonym": victim.pseudonym if victim else "",
        "victim_age_band": age_band(victim.age if victim else None),
        "victim_sex": _label(victim.sex if victim else None),
        "victim_ethnicity": _label(victim.ethnicity if victim else None),
        "victim_disability": _label(victim.disability if victim else None),
        "perpetrator_age_band": age_band(perpetrator.age if perpetrator else None),
        "perpetrator_sex": _label(perpetrator.sex if perpetrator else None),
        "perpetrator_ethnicity": _label(perpetrator.ethnicity if perpetrator else None),
        "relationship_type": _label(review.relationship_type),
        "method_of_death": _label(review.death_method),
        "children_present": _label(review.children_present),
        "published_on": long_date(publication.published_on) if publication else "Not published",
        "web_address": publication.web_address if publication else "",
    }


def library_csv(review, *, actor) -> bytes:
    """The entry as a two-row CSV (header and the review), audited: it carries the case facts, in bands."""
    row = library_row(review)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerow([neutralise(row[column]) for column in COLUMNS])
    record(
        "report.library_exported",
        f"{actor.name} exported the DHR Library entry of {review.reference}",
        actor=actor,
        obj=review,
        review_id=review.id,
        partnership_id=review.partnership_id,
    )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
