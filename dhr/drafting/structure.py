"""The Home Office report structures (domain.md §3.1 and §3.2) as data: titles live here, not in templates.

The guidance is being revised, so a change of headings or order is a change to this file only.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SectionSpec:
    """One section: `number` is its paragraph prefix ("" for unnumbered front matter and appendices)."""

    key: str
    number: str
    title: str
    hint: str = ""
    optional: bool = False


@dataclass(frozen=True)
class DocumentSpec:
    """One drafted document: its URL slug, title and sections in order."""

    slug: str
    title: str
    sections: tuple[SectionSpec, ...]

    def section(self, key: str) -> SectionSpec | None:
        """The section with this key, or None."""
        return next((s for s in self.sections if s.key == key), None)


def _numbered(items: list[tuple[str, str, str]]) -> tuple[SectionSpec, ...]:
    return tuple(SectionSpec(key, str(n), title, hint) for n, (key, title, hint) in enumerate(items, start=1))


OVERVIEW = DocumentSpec(
    "overview",
    "Overview Report",
    (
        SectionSpec("tribute", "", "Preface, tribute and condolences", "The family's own words where they wish."),
        *_numbered(
            [
                ("introduction", "Introduction", "Summary of the circumstances that led to the review; pseudonyms."),
                ("timescales", "Timescales", "Decision date, first panel, completion and the reasons for any delay."),
                ("confidentiality", "Confidentiality", "Anonymisation, pseudonyms and who had sight of the draft."),
                ("terms_of_reference", "Terms of reference", "Scope period and key lines of enquiry."),
                ("methodology", "Methodology", "IMRs, chronologies, interviews and documents reviewed."),
                (
                    "involvement_of_family",
                    "Involvement of family, friends, work colleagues, neighbours and wider community",
                    "Who took part and how; if nobody did, explain why.",
                ),
                ("contributors", "Contributors to the review", "Agencies and what each supplied."),
                ("panel", "The review panel members", "Name, role and agency; independence."),
                ("author", "Author and chair of the overview report", "Independence and experience."),
                ("parallel_reviews", "Parallel reviews", "Criminal trial, inquest, IOPC, SAR, CSPR and others."),
                (
                    "equality_and_diversity",
                    "Equality and diversity",
                    "Consider all nine protected characteristics and intersectionality.",
                ),
                ("dissemination", "Dissemination", "Who receives the report."),
                ("background", "Background information (the facts)", ""),
                ("chronology", "Chronology", "A narrative chronology, not the raw table."),
                ("overview", "Overview", "A summary of agency involvement."),
                ("analysis", "Analysis", "Against each key line of enquiry; cite chronology rows."),
                ("conclusions", "Conclusions", ""),
                ("lessons", "Lessons to be learnt", ""),
                (
                    "recommendations",
                    "Recommendations",
                    "Numbered; each cites the finding or lesson it answers, e.g. (see 18.2).",
                ),
            ]
        ),
        SectionSpec(
            "appendix_action_plan",
            "",
            "Appendix A: Action plan",
            "A summary; the action plan is kept as its own document.",
        ),
        SectionSpec("appendix_terms", "", "Appendix B: Terms of reference"),
        SectionSpec("appendix_glossary", "", "Appendix C: Glossary", "One term per line: TERM: meaning."),
        SectionSpec("appendix_bibliography", "", "Appendix D: Bibliography and research", optional=True),
        SectionSpec("appendix_qa_letter", "", "Appendix E: Home Office QA letter", optional=True),
    ),
)

EXECUTIVE_SUMMARY = DocumentSpec(
    "executive-summary",
    "Executive Summary",
    _numbered(
        [
            ("review_process", "The review process", "Tribute, pseudonyms and a summary of the circumstances."),
            ("contributors", "Contributors to the review", ""),
            ("panel", "The review panel members", ""),
            ("author", "Chair of the review and author of the overview report", ""),
            ("terms_of_reference", "Terms of reference for the review", ""),
            ("summary_chronology", "Summary chronology", ""),
            ("key_issues", "Key issues arising from the review", ""),
            ("conclusions", "Conclusions", ""),
            ("lessons", "Lessons to be learned", ""),
            ("recommendations", "Recommendations from the review", ""),
        ]
    ),
)

DOCUMENTS: dict[str, DocumentSpec] = {doc.slug: doc for doc in (OVERVIEW, EXECUTIVE_SUMMARY)}
