"""Report contexts built by hand, for testing the docx layer without a database."""

from dhr.drafting.structure import EXECUTIVE_SUMMARY, OVERVIEW
from dhr.reports import context as c

COVER = c.Cover(
    partnership="Westminster Community Safety Partnership",
    review_title="Domestic Abuse Related Death Review",
    document_title="Overview Report",
    subject="into the death of Adult A",
    death="March 2026",
    chair="Chair Person",
    author="Author Person",
    version="v0.3",
    issued="5 March 2026",
    reference="SWP-DARDR-2026-03",
)
DRAFT = c.Marking(draft=True, version_label="v0.3")
PUBLICATION = c.Marking(draft=False, version_label="v0.3")


def _paragraphs(spec, body: list[str]) -> tuple[c.Para, ...]:
    out, count = [], 0
    for text in body:
        if text.startswith("### "):
            out.append(c.Para("", text[4:], heading=True))
            continue
        count += 1
        out.append(c.Para(f"{spec.number}.{count}" if spec.number else "", text))
    return tuple(out)


def sections(document=OVERVIEW, texts: dict[str, list[str]] | None = None, skip=()) -> tuple[c.Section, ...]:
    """Every section of the document: the given texts, else two paragraphs and a subheading each."""
    texts = texts or {}
    out = []
    for spec in document.sections:
        if spec.key in skip:
            body = []
        else:
            body = texts.get(spec.key, [f"First paragraph of {spec.title}.", "### A subheading", "Second paragraph."])
        out.append(c.Section(spec.key, spec.number, spec.title, _paragraphs(spec, body), spec.optional))
    return tuple(out)


def plan(marking=DRAFT) -> c.ActionPlanContext:
    """Two recommendations, the first with two actions."""
    return c.ActionPlanContext(
        cover=COVER,
        marking=marking,
        recommendations=(
            c.Recommendation(
                "1",
                "Police to review DASH training.",
                scope="Local",
                actions=(
                    c.Action("Refresh training", "MPS", "Course written", "June 2026", ""),
                    c.Action("Audit DASH forms", "MPS", "", "September 2026", ""),
                ),
            ),
            c.Recommendation("2", "GPs to ask about domestic abuse."),
        ),
    )


def overview(marking=DRAFT, texts=None, skip=()) -> c.ReportContext:
    """An Overview Report with text in every section, a glossary and an action plan."""
    return c.ReportContext(
        kind="overview",
        cover=COVER,
        marking=marking,
        sections=sections(OVERVIEW, texts, skip),
        glossary=(c.GlossaryTerm("DASH", "Domestic Abuse, Stalking and Harassment"), c.GlossaryTerm("MPS", "Police")),
        action_plan=plan(marking),
    )


def executive_summary(marking=DRAFT) -> c.ReportContext:
    """An Executive Summary with text in every section."""
    return c.ReportContext("executive-summary", COVER, marking, sections(EXECUTIVE_SUMMARY))


def chronology(rows: int = 3, marking=DRAFT) -> c.ChronologyContext:
    """A combined chronology of `rows` made-up rows."""
    return c.ChronologyContext(
        cover=COVER,
        marking=marking,
        rows=[
            c.ChronologyRow(
                (
                    f"{n % 28 + 1} March 2025",
                    "Metropolitan Police Service",
                    "Emergency response",
                    f"CAD {n}",
                    "Adult A, Adult B",
                    "Call-out",
                    f"Officers attended after a neighbour called (row {n}).",
                    "DASH completed: standard risk.",
                    "",
                    "1",
                )
            )
            for n in range(rows)
        ],
    )
