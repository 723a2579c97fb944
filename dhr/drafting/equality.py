"""Equality and diversity as the panel's judgements: each protected characteristic judged relevant, with its
analysis, or not relevant, with the reason. Section 11 of the overview report carries them after the drafted text,
so the report, the readiness check and the leak scan all read the same words."""

from sqlalchemy import select

from dhr.audit.services import record
from dhr.drafting.models import EqualityJudgement
from dhr.extensions import db

# The nine protected characteristics of the Equality Act 2010, in the Act's order.
CHARACTERISTICS = (
    "Age",
    "Disability",
    "Gender reassignment",
    "Marriage and civil partnership",
    "Pregnancy and maternity",
    "Race",
    "Religion or belief",
    "Sex",
    "Sexual orientation",
)
# A paragraph of analysis, not a word or a phrase: the QA panel's complaint is of lists.
MIN_ANALYSIS_WORDS = 30
SECTION_KEY = "equality_and_diversity"


def judgements_of(review_id: int) -> dict[str, EqualityJudgement]:
    """The review's judgements, by characteristic."""
    rows = db.session.scalars(select(EqualityJudgement).where(EqualityJudgement.review_id == review_id))
    return {row.characteristic: row for row in rows}


def save_judgements(review, answers: dict[str, tuple[bool, str]], *, actor) -> list[str]:
    """Store the judgements given ({characteristic: (relevant, text)}); returns the characteristics changed."""
    existing = judgements_of(review.id)
    changed = []
    for name in CHARACTERISTICS:
        if name not in answers:
            continue
        relevant, text = answers[name][0], answers[name][1].strip()
        row = existing.get(name)
        if row is None:
            row = EqualityJudgement(review_id=review.id, characteristic=name)
            db.session.add(row)
        elif (row.relevant, row.text) == (relevant, text):
            continue
        row.relevant, row.text, row.updated_by_id = relevant, text, actor.id
        changed.append(name)
    if changed:
        record(
            "drafting.equality_judged",
            f"{actor.name} recorded the equality and diversity judgements",
            actor=actor,
            review=review,
            data={"changed": changed},
        )
    db.session.flush()
    return changed


def words(text: str) -> int:
    """How many words the text has."""
    return len(text.split())


def problems(judgements: dict[str, EqualityJudgement]) -> list[str]:
    """What the judgements still lack, one line per characteristic ([] when complete)."""
    found = []
    for name in CHARACTERISTICS:
        row = judgements.get(name)
        if row is None:
            found.append(f"{name}: not judged")
        elif row.relevant and words(row.text) < MIN_ANALYSIS_WORDS:
            found.append(f"{name}: judged relevant, so it needs a paragraph of analysis ({MIN_ANALYSIS_WORDS} words)")
        elif not row.relevant and not row.text:
            found.append(f"{name}: judged not relevant, so it needs the reason")
    return found


def section_text(judgements: dict[str, EqualityJudgement]) -> str:
    """The judgements as section 11 prints them: a subheading and the analysis for each relevant characteristic,
    then those judged not relevant, each with the reason."""
    blocks = []
    for name in CHARACTERISTICS:
        row = judgements.get(name)
        if row is not None and row.relevant and row.text:
            blocks += [f"### {name}", row.text]
    others = [judgements[name] for name in CHARACTERISTICS if name in judgements and not judgements[name].relevant]
    others = [row for row in others if row.text]
    if others:
        blocks.append("### Characteristics the panel judged not relevant")
        blocks += [f"{row.characteristic}: {row.text}" for row in others]
    return "\n\n".join(blocks)


def with_judgements(drafted: str, review_id: int) -> str:
    """Section 11's drafted text followed by the judgements."""
    generated = section_text(judgements_of(review_id))
    return "\n\n".join(part for part in (drafted.strip(), generated) if part)
