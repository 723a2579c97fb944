"""The findings a recommendation can answer: the overview report's conclusions (17.x) and lessons (18.x), as the
working draft numbers them."""

from dhr.drafting import paragraphs
from dhr.drafting import services as drafting
from dhr.drafting.structure import OVERVIEW
from dhr.recommendations.services import RecommendationError

SECTIONS = (("17", "conclusions", "conclusions"), ("18", "lessons", "lessons to be learnt"))


def findings_of(review) -> dict[str, str]:
    """Paragraph number -> text of sections 17 and 18 of the overview's working text (tokens left as written)."""
    saved = drafting.sections_of(review, OVERVIEW)
    found = {}
    for number, key, _title in SECTIONS:
        row = saved.get(key)
        for paragraph in paragraphs.number(number, row.body if row else ""):
            if not paragraph.heading:
                found[paragraph.number] = paragraph.text
    return found


def check_answers(answers: list[str], findings: dict[str, str]) -> None:
    """Refuse a paragraph that a written section 17 or 18 does not have. A section not yet written is not
    checked: recommendations are often drafted before the conclusions (the readiness check catches it later)."""
    for number, _key, title in SECTIONS:
        written = [n for n in findings if n.startswith(f"{number}.")]
        wrong = [a for a in answers if a.startswith(f"{number}.") and written and a not in findings]
        if wrong:
            last = written[-1]
            raise RecommendationError(
                f"Section {number} ({title}) has paragraphs {number}.1 to {last}: there is no {', '.join(wrong)}"
                if len(written) > 1
                else f"Section {number} ({title}) has only paragraph {last}: there is no {', '.join(wrong)}",
                "answers",
            )


def drafted_not_recorded(review, recorded: list[str]) -> dict[str, str]:
    """Paragraph number -> text of the draft's section 19 paragraphs not yet recorded as recommendations, so a
    recommendation written in the report can start from its text rather than be typed again."""
    saved = drafting.sections_of(review, OVERVIEW).get("recommendations")
    known = {" ".join(text.lower().split()) for text in recorded}
    return {
        paragraph.number: paragraph.text
        for paragraph in paragraphs.number("19", saved.body if saved else "")
        if not paragraph.heading and " ".join(paragraph.text.lower().split()) not in known
    }
