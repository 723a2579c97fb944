"""The national oversight export: the partnership's national-scope recommendations and what became of each
action, as JSON or CSV in the schema documented in docs/national-oversight-export.md.

It is pseudonymised: people appear only as the review's pseudonyms (person tokens render to them), no owner's
name is included, and any free text in which the leak scan finds a real name, alias or date of birth from the
partnership's people registers (or a family contact's name) is withheld rather than exported.
"""

import csv
import io
import json
from datetime import UTC, date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dhr import privacy
from dhr.actions.models import Action
from dhr.actions.stages import ActionStatus
from dhr.actions.workflow import shown_status
from dhr.audit.services import record
from dhr.core import clock
from dhr.core.dates import london_today
from dhr.drafting import tokens
from dhr.evidence.export import neutralise
from dhr.extensions import db
from dhr.recommendations.models import Recommendation
from dhr.recommendations.scopes import Scope
from dhr.recommendations.similarity import outcome_of
from dhr.reviews.facts import age_band
from dhr.reviews.models import Review

SCHEMA = "dhr-national-recommendations"
SCHEMA_VERSION = 2  # 2 added each recommendation's case facts (relationship, victim's age band and sex, force area)
WITHHELD = "[Withheld: this text names or identifies someone. Correct it in DHR Case Manager.]"
CSV_COLUMNS = (
    "review_reference",
    "review_stage",
    "recommendation",
    "number",
    "text",
    "multi_agency",
    "department",
    "department_name",
    "themes",
    "answers",
    "recommendation_status",
    "outcome_summary",
    "relationship_type",
    "victim_age_band",
    "victim_sex",
    "police_force_area",
    "action",
    "action_text",
    "lead_agency",
    "lead_agency_name",
    "milestones",
    "action_status",
    "rag",
    "target_date",
    "completion_date",
    "outcome",
)
# What a recommendation's status is, from its actions.
NO_ACTIONS, IN_PROGRESS, COMPLETED, SUPERSEDED = "no_actions", "in_progress", "completed", "superseded"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def recommendation_status(actions) -> str:
    """no_actions, in_progress (any action open), completed (all closed, at least one completed) or superseded."""
    if not actions:
        return NO_ACTIONS
    if any(action.status.is_open for action in actions):
        return IN_PROGRESS
    if any(action.status is ActionStatus.COMPLETED for action in actions):
        return COMPLETED
    return SUPERSEDED


def _needles(partnership_id: int) -> list[privacy.Needle]:
    """Every real name, alias and date of birth in the partnership's people registers, and its family contacts'
    names: a name from one review must not slip out through another review's text either (two queries)."""
    from dhr.family.models import FamilyContact
    from dhr.reviews.models import Person

    people = db.session.scalars(
        select(Person).join(Review, Review.id == Person.review_id).where(Review.partnership_id == partnership_id)
    ).all()
    contacts = db.session.scalars(
        select(FamilyContact.name)
        .join(Review, Review.id == FamilyContact.review_id)
        .where(Review.partnership_id == partnership_id)
    ).all()
    return privacy.needles_for(people, list(contacts))


class _Cleaner:
    """Renders person tokens as the review's pseudonyms and withholds any text the leak scan catches."""

    def __init__(self, review, needles: list[privacy.Needle]):
        people = {p.id: tokens.PersonRef(p.pseudonym, p.real_name, p.role.label.lower()) for p in review.people}
        self.context = tokens.TokenContext(people=people, entries={}, lines_of_enquiry={}, real_names=False)
        self.needles = needles
        self.withheld = 0

    def __call__(self, text: str) -> str:
        rendered = tokens.render_text(text or "", self.context)
        if self.needles and privacy.scan([("", rendered)], self.needles):
            self.withheld += 1
            return WITHHELD
        return rendered


def _action(action: Action, clean, today: date) -> dict:
    status = shown_status(action, today)
    return {
        "action": action.label,
        "text": clean(action.action),
        "lead_agency": action.lead_agency.code,
        "lead_agency_name": action.lead_agency.name,
        "milestones": clean(action.milestones),
        "status": status.value,
        "rag": status.rag.value,
        "target_date": _iso(action.target_on),
        "completion_date": _iso(action.completed_on) if action.status is ActionStatus.COMPLETED else None,
        "outcome": clean(action.outcome),
    }


def _recommendation(recommendation: Recommendation, review: Review, clean, today: date) -> dict:
    department = recommendation.department
    return {
        "review_reference": review.reference,
        "review_stage": review.stage.value,
        "recommendation": recommendation.label,
        "number": recommendation.number,
        "text": clean(recommendation.text),
        "multi_agency": recommendation.multi_agency,
        "department": department.value if department else None,
        "department_name": recommendation.target if department else "",
        "themes": [theme.slug for theme in recommendation.themes],
        "answers": list(recommendation.answers or []),
        "status": recommendation_status(recommendation.actions),
        "outcome_summary": outcome_of(recommendation.actions),
        "case": case_facts(review),
        "actions": [_action(action, clean, today) for action in recommendation.actions],
    }


def case_facts(review: Review) -> dict:
    """The review's case facts as they may leave it: the victim's age in a band, never a name or a date."""
    victim = review.victim
    return {
        "relationship_type": review.relationship_type.value if review.relationship_type else None,
        "victim_age_band": age_band(victim.age if victim else None),
        "victim_sex": victim.sex.value if victim and victim.sex else None,
        "police_force_area": review.police_force_area or None,
    }


def national_recommendations(partnership) -> tuple[list[dict], int]:
    """Every national recommendation of the partnership's reviews, by review reference and number, as plain data;
    and how many texts were withheld."""
    rows = db.session.scalars(
        select(Recommendation)
        .join(Review, Review.id == Recommendation.review_id)
        .where(Review.partnership_id == partnership.id, Recommendation.scope == Scope.NATIONAL)
        .order_by(Review.reference, Recommendation.number)
        .options(
            selectinload(Recommendation.review).selectinload(Review.people),
            selectinload(Recommendation.themes),
            selectinload(Recommendation.actions).selectinload(Action.lead_agency),
        )
    ).all()
    today = london_today()
    needles = _needles(partnership.id) if rows else []
    cleaners: dict[int, _Cleaner] = {}
    out = []
    for recommendation in rows:
        review = recommendation.review
        clean = cleaners.setdefault(review.id, _Cleaner(review, needles))
        out.append(_recommendation(recommendation, review, clean, today))
    return out, sum(c.withheld for c in cleaners.values())


def document(partnership, recommendations: list[dict]) -> dict:
    """The JSON document: schema name and version, the partnership, when, and the recommendations."""
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "partnership": partnership.name,
        "generated_at": clock.now().astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "recommendations": recommendations,
    }


def to_json(partnership, recommendations: list[dict]) -> bytes:
    """The export as UTF-8 JSON."""
    return json.dumps(document(partnership, recommendations), ensure_ascii=False, indent=2).encode("utf-8")


def csv_rows(recommendations: list[dict]) -> list[list[str]]:
    """One row per action; a recommendation with no actions has one row with the action columns empty."""
    out = []
    for item in recommendations:
        head = [
            item["review_reference"],
            item["review_stage"],
            item["recommendation"],
            str(item["number"]),
            item["text"],
            "yes" if item["multi_agency"] else "no",
            item["department"] or "",
            item["department_name"],
            "; ".join(item["themes"]),
            "; ".join(item["answers"]),
            item["status"],
            item["outcome_summary"],
            item["case"]["relationship_type"] or "",
            item["case"]["victim_age_band"],
            item["case"]["victim_sex"] or "",
            item["case"]["police_force_area"] or "",
        ]
        for action in item["actions"] or [None]:
            tail = (
                [
                    action["action"],
                    action["text"],
                    action["lead_agency"],
                    action["lead_agency_name"],
                    action["milestones"],
                    action["status"],
                    action["rag"],
                    action["target_date"] or "",
                    action["completion_date"] or "",
                    action["outcome"],
                ]
                if action
                else [""] * 10
            )
            out.append(head + tail)
    return out


def to_csv(recommendations: list[dict]) -> bytes:
    """UTF-8 CSV with a byte-order mark; no cell can start a spreadsheet formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows([[neutralise(cell) for cell in row] for row in csv_rows(recommendations)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def filename(partnership, file_format: str) -> str:
    """'national-recommendations-2026-11-25.json'."""
    return f"national-recommendations-{london_today().isoformat()}.{file_format}"


def export(partnership, file_format: str, *, actor, via: str = "web") -> tuple[bytes, str]:
    """The export as bytes and its file name; audited."""
    if file_format not in ("csv", "json"):
        raise ValueError(f"Unknown format {file_format!r}: choose csv or json")
    recommendations, withheld = national_recommendations(partnership)
    data = to_csv(recommendations) if file_format == "csv" else to_json(partnership, recommendations)
    who = getattr(actor, "name", None) or "Someone"
    record(
        "recommendations.national_exported",
        f"{who} exported the national recommendations ({file_format}, {len(recommendations)} recommendations)",
        actor=actor if getattr(actor, "id", None) else None,
        partnership_id=partnership.id,
        data={
            "format": file_format,
            "recommendations": len(recommendations),
            "withheld": withheld,
            "via": via,
        },
    )
    return data, filename(partnership, file_format)
