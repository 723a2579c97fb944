"""The record as plain dataclasses for the Word documents: no ORM objects and no Flask past this module.

Text is rendered here (tokens become pseudonyms, or real names when the caller allows it), so the docx layer
only lays out strings. A preview or publication context is always pseudonymised.
"""

import dataclasses
import re
from dataclasses import dataclass
from datetime import date

from dhr.core.dates import LONDON, london_today
from dhr.core.errors import DomainError
from dhr.drafting import paragraphs, services, tokens
from dhr.drafting.structure import EXECUTIVE_SUMMARY, OVERVIEW, DocumentSpec

KINDS = ("overview", "executive-summary", "action-plan", "chronology")
DRAFT, PREVIEW, PUBLICATION = "draft", "preview", "publication"
VERSIONS = (DRAFT, PREVIEW, PUBLICATION)
PSEUDONYMISED = frozenset({PREVIEW, PUBLICATION})
WORKING = 0  # as a version number: the sections as they stand, not a saved version
MARKING = "OFFICIAL-SENSITIVE"
NOT_FOR_PUBLICATION = "NOT FOR PUBLICATION"
RECOMMENDATIONS_KEY = "recommendations"
REVIEW_TITLES = {"DHR": "Domestic Homicide Review", "DARDR": "Domestic Abuse Related Death Review"}
ACTION_PLAN_COLUMNS = (
    "Recommendation",
    "Scope of recommendation",
    "Action to take",
    "Lead agency",
    "Key milestones achieved in enacting recommendation",
    "Target date",
    "Completion date and outcome",
)
CHRONOLOGY_COLUMNS = (
    "Date",
    "Agency",
    "Service or team",
    "Source reference",
    "People involved",
    "Event or contact type",
    "What happened",
    "Action taken or outcome",
    "Comment",
    "Submission version",
)


class ReportError(DomainError):
    """The document cannot be produced as asked (an unknown kind or version, or real names on a publication)."""


@dataclass(frozen=True)
class Marking:
    """How a document is marked: a draft carries the protective marking and its version; a publication nothing."""

    draft: bool
    version_label: str
    status: str = "DRAFT"  # what the second header line says before the version ('' for panel papers)
    marking: str = MARKING  # the first header line and the footer's: a preview says NOT FOR PUBLICATION

    @property
    def header_lines(self) -> tuple[str, ...]:
        """The header text, top to bottom."""
        if not self.draft:
            return ()
        return tuple(line for line in (self.marking, f"{self.status} {self.version_label}".strip()) if line)

    @property
    def footer_marking(self) -> str:
        """The marking written above the page number on a draft."""
        return self.marking if self.draft else ""


@dataclass(frozen=True)
class Cover:
    """The front page: partnership, kind of review, document, whose death, month and year, chair, author."""

    partnership: str
    review_title: str
    document_title: str
    subject: str
    death: str
    chair: str
    author: str
    version: str
    issued: str
    reference: str


@dataclass(frozen=True)
class Para:
    """One rendered block of a section: a numbered paragraph ('16.2'), or an unnumbered subheading."""

    number: str
    text: str
    heading: bool = False


@dataclass(frozen=True)
class Section:
    """One section of a drafted document, in the Home Office order, with its rendered paragraphs."""

    key: str
    number: str
    title: str
    paragraphs: tuple[Para, ...]
    optional: bool = False


@dataclass(frozen=True)
class GlossaryTerm:
    """An abbreviation and what it stands for."""

    term: str
    meaning: str


@dataclass(frozen=True)
class Action:
    """One action towards a recommendation: the Home Office columns after the recommendation and its scope."""

    action: str = ""
    lead_agency: str = ""
    milestones: str = ""
    target_date: str = ""
    completion: str = ""  # the completion date and outcome, once completed: never a status
    status: str = ""  # where an open action stands ('On track', 'Overdue'), shown with the milestones


@dataclass(frozen=True)
class Recommendation:
    """A numbered recommendation, where in the report it comes from, and its actions (rows of the action plan)."""

    number: str
    text: str
    paragraph: str = ""
    scope: str = ""
    actions: tuple[Action, ...] = ()

    @property
    def rows(self) -> tuple[Action, ...]:
        """At least one row per recommendation, even before any action is agreed."""
        return self.actions or (Action(),)


@dataclass(frozen=True)
class ActionPlanContext:
    """The action plan: one group of rows per recommendation, in number order."""

    cover: Cover
    marking: Marking
    recommendations: tuple[Recommendation, ...]


@dataclass(frozen=True)
class ChronologyRow:
    """One combined-chronology row as text, in CHRONOLOGY_COLUMNS order."""

    cells: tuple[str, ...]


@dataclass(frozen=True)
class ChronologyContext:
    """The combined chronology: every accepted agency's entries in time order, with where each came from."""

    cover: Cover
    marking: Marking
    rows: list[ChronologyRow]
    scope: str = ""


@dataclass(frozen=True)
class SectionTable:
    """A table the record gives a section, printed after the section's paragraphs."""

    key: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]


PANEL_COLUMNS = ("Name", "Role", "Agency", "Independence")
CONTRIBUTOR_COLUMNS = ("Name", "Role", "Agency", "Independence")


@dataclass(frozen=True)
class ReportContext:
    """An Overview Report or Executive Summary: cover, sections in order and, for the overview, its appendices."""

    kind: str
    cover: Cover
    marking: Marking
    sections: tuple[Section, ...]
    glossary: tuple[GlossaryTerm, ...] = ()
    action_plan: ActionPlanContext | None = None
    tables: tuple[SectionTable, ...] = ()

    def section(self, key: str) -> Section | None:
        """The section with this key, or None."""
        return next((s for s in self.sections if s.key == key), None)

    def table(self, key: str) -> SectionTable | None:
        """The record's table for the section with this key, or None."""
        return next((t for t in self.tables if t.key == key), None)


@dataclass(frozen=True)
class _Source:
    """The texts a document is built from: a saved version, or the working text."""

    label: str
    texts: dict[str, str]
    issued: date


def long_date(value: date | None) -> str:
    """'5 March 2026', or '' for no date."""
    return f"{value.day} {value:%B %Y}" if value else ""


def _source(review, document: DocumentSpec, number: int | None) -> _Source:
    versions = services.versions_of(review, document)
    if number is None and versions:
        number = versions[0].number
    if not number:
        texts = {key: row.body for key, row in services.sections_of(review, document).items()}
        return _Source("working text", texts, london_today())
    version = next((v for v in versions if v.number == number), None)
    if version is None:
        raise ReportError(f"{document.title} has no version v0.{number}")
    return _Source(version.label, dict(version.sections), version.saved_at.astimezone(LONDON).date())


def _working(review, document: DocumentSpec, number: int | None) -> bool:
    """True when the document is built from the working text rather than a saved version."""
    return number == WORKING or (number is None and not services.versions_of(review, document))


def _marking(version: str, label: str) -> Marking:
    if version not in VERSIONS:
        raise ReportError(f"Unknown version {version!r}: choose draft, preview or publication")
    if version == PREVIEW:
        # Every page says it, top and bottom, so no page of a preview can pass for the published report.
        return Marking(draft=True, version_label=label, status="PREVIEW", marking=NOT_FOR_PUBLICATION)
    return Marking(draft=version == DRAFT, version_label=label)


def _check_names(version: str, real_names: bool) -> None:
    if version in PSEUDONYMISED and real_names:
        raise ReportError(f"A {version} version is always pseudonymised")


def publication_date(review) -> date:
    """The date a publication carries: the day it was published, once recorded, else the day it is produced."""
    publication = getattr(review, "publication", None)
    return publication.published_on if publication is not None else london_today()


def _cover_facts(review, version: str, label: str, issued: date) -> tuple[str, date]:
    """The cover's version and date: a publication has no draft version number and carries its publication date."""
    if version == PUBLICATION:
        return "", publication_date(review)
    if version == PREVIEW:
        return f"{label}, preview: {NOT_FOR_PUBLICATION.lower()}", issued
    return label, issued


def _member_names(review, role) -> str:
    return ", ".join(m.user.name for m in review.members if m.role is role)


def review_title(review) -> str:
    """'Domestic Abuse Related Death Review', joined by the review held with it: '... and Safeguarding Adults
    Review'."""
    title = REVIEW_TITLES.get(review.partnership.review_label.value, REVIEW_TITLES["DHR"])
    return f"{title} and {review.joint_with.label}" if review.joint_with else title


def partnerships_line(review) -> str:
    """The commissioning partnership, or for a review across partnerships, the lead and the others."""
    if not review.lead_partnership:
        return review.partnership.name
    others = [p.strip() for p in review.partner_partnerships.split(",") if p.strip()]
    joined = ", ".join(others) if others else review.partnership.name
    return f"{review.lead_partnership} (lead), with {joined}"


def deaths_of(review) -> str:
    """'into the death of Mrs AA', or 'into the deaths of A and B' for more than one victim; '' before any."""
    names = [v.pseudonym for v in review.victims if v.pseudonym]
    if not names:
        return ""
    if len(names) == 1:
        return f"into the death of {names[0]}"
    return "into the deaths of " + ", ".join(names[:-1]) + " and " + names[-1]


def _cover(review, title: str, label: str, issued: date) -> Cover:
    from dhr.permissions import ReviewRole

    return Cover(
        partnership=partnerships_line(review),
        review_title=review_title(review),
        document_title=title,
        subject=deaths_of(review),
        death=f"{review.date_of_death:%B %Y}" if review.date_of_death else "",
        chair=_member_names(review, ReviewRole.CHAIR),
        author=_member_names(review, ReviewRole.AUTHOR),
        version=label,
        issued=long_date(issued),
        reference=review.reference,
    )


# A number typed at the start of a paragraph ("1. What knowledge..."): a numbered section numbers it already.
_TYPED_NUMBER = re.compile(r"^\(?\d{1,2}[.)]\s+")


def _own_text(text: str, numbered: bool) -> str:
    """The paragraph's text without a number typed before it, where the document numbers the paragraph."""
    return _TYPED_NUMBER.sub("", text, count=1) if numbered else text


def _sections(document: DocumentSpec, texts: dict[str, str], context: tokens.TokenContext) -> tuple[Section, ...]:
    return tuple(
        Section(
            spec.key,
            spec.number,
            spec.title,
            tuple(
                Para(p.number, tokens.render_text(_own_text(p.text, bool(p.number)), context), p.heading)
                for p in paragraphs.number(spec.number, texts.get(spec.key, ""))
            ),
            spec.optional,
        )
        for spec in document.sections
    )


def recommendations_from(section: Section | None) -> tuple[Recommendation, ...]:
    """One recommendation per numbered paragraph of the recommendations section, numbered 1, 2, 3..."""
    if section is None:
        return ()
    numbered = [p for p in section.paragraphs if not p.heading]
    return tuple(Recommendation(str(n), p.text, paragraph=p.number) for n, p in enumerate(numbered, start=1))


def _recorded(review) -> list:
    """The review's structured recommendations in number order, with their actions (empty when there are none)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from dhr.actions.models import Action as PlanAction
    from dhr.extensions import db
    from dhr.recommendations.models import Recommendation as Recorded

    return list(
        db.session.scalars(
            select(Recorded)
            .where(Recorded.review_id == review.id)
            .order_by(Recorded.number)
            .options(selectinload(Recorded.actions).selectinload(PlanAction.lead_agency))
        )
    )


def _cited(text: str, answers) -> str:
    """The recommendation's text, ending with the findings it answers unless the text already cites them."""
    missing = [a for a in answers or [] if not re.search(rf"(?<![\d.]){re.escape(a)}(?![\d])", text)]
    return f"{text} (see {', '.join(missing)})" if missing else text


def _scope_label(recorded) -> str:
    """The action plan's scope column: 'Local', 'Regional', or 'National (Home Office)'."""
    from dhr.recommendations.scopes import Scope

    if recorded.scope is Scope.NATIONAL and recorded.target:
        return f"{recorded.scope.label} ({recorded.target})"
    return recorded.scope.label


def _completion(action) -> tuple[str, str]:
    """('Completion date and outcome', status): the date and the outcome once completed, with no status; otherwise
    nothing in that column, and where the action stands as its status."""
    from dhr.actions.stages import ActionStatus
    from dhr.actions.workflow import shown_status

    status = shown_status(action)
    if status is ActionStatus.COMPLETED:
        return f"{long_date(action.completed_on)}. {action.outcome}".strip(), ""
    return "", status.label


def recommendations_recorded(recorded: list, context: tokens.TokenContext) -> tuple[Recommendation, ...]:
    """The structured recommendations and their actions as the report and action plan show them (section 19's
    paragraph numbers follow the recommendation numbers)."""

    def text(value: str) -> str:
        return tokens.render_text(value or "", context)

    return tuple(
        Recommendation(
            str(item.number),
            _cited(text(item.text), item.answers),
            paragraph=f"19.{item.number}",
            scope=_scope_label(item),
            actions=tuple(
                Action(
                    action=text(action.action),
                    lead_agency=action.lead_agency.name,
                    milestones=text(action.milestones),
                    target_date=long_date(action.target_on),
                    completion=text(_completion(action)[0]),
                    status=_completion(action)[1],
                )
                for action in item.actions
            ),
        )
        for item in recorded
    )


def _section_19(section: Section, recommendations: tuple[Recommendation, ...]) -> Section:
    """A recommendations section (the overview's 19, the summary's 10) written from the recommendations, one
    numbered paragraph each, numbered as the recommendations are."""
    return dataclasses.replace(
        section, paragraphs=tuple(Para(f"{section.number}.{r.number}", r.text) for r in recommendations)
    )


def _plan_recommendations(review, sections: tuple[Section, ...], context) -> tuple[tuple[Section, ...], tuple]:
    """The sections (section 19 replaced when the review has structured recommendations) and the action plan's
    recommendations: structured ones when there are any, else one per paragraph of the drafted section 19."""
    recorded = _recorded(review)
    drafted = next(s for s in sections if s.key == RECOMMENDATIONS_KEY)
    if not recorded:
        return sections, recommendations_from(drafted)
    plan = recommendations_recorded(recorded, context)
    return tuple(_section_19(s, plan) if s.key == RECOMMENDATIONS_KEY else s for s in sections), plan


def _declared(day) -> str:
    return f"Declared {long_date(day)}" if day else "Not declared"


def panel_rows(review) -> tuple[tuple[str, ...], ...]:
    """The panel as rows of name, role, agency and independence: one row a person, with every role they hold (a
    chair who also writes the report appears once, as both)."""
    from dhr.panel.queries import panel as members_of

    people: dict[int, list] = {}
    for member in members_of(review):
        people.setdefault(member.user_id, []).append(member)
    rows = []
    for members in people.values():
        first = members[0]
        roles = " and ".join(dict.fromkeys(m.role.label for m in members))
        titles = [m.job_title for m in members if m.job_title]
        if not titles or titles[0].lower() == roles.lower():
            role = roles
        elif roles.lower() in titles[0].lower():
            role = titles[0]  # "Independent chair and overview report author" says more than "Independent chair"
        else:
            role = f"{roles} ({titles[0]})"
        agency = next((m.agency.name for m in members if m.agency is not None), "Independent")
        declared = min((m.independence_declared_on for m in members if m.independence_declared_on), default=None)
        rows.append((first.user.name, role, agency, _declared(declared)))
    return tuple(rows)


def contributor_rows(review) -> tuple[tuple[str, ...], ...]:
    """Each agency that contributed, as name, role, agency and independence: the IMR's author where there is one,
    else what the agency supplied."""
    from dhr.drafting.prefill import review_involvements

    rows = []
    for involvement in sorted(review_involvements(review), key=lambda i: i.agency.name):
        if involvement.output.value == "none":
            continue
        imr = involvement.imr_versions[-1] if involvement.imr_versions else None
        if imr is not None and imr.author_name:
            independence = (
                "Independent of the case and its management" if imr.author_independent else "Not declared in the IMR"
            )
            rows.append((imr.author_name, imr.author_role or "IMR author", involvement.agency.name, independence))
        else:
            # A chronology is a copy of the agency's records: it has no author whose independence matters.
            rows.append(("No author named", involvement.output.label, involvement.agency.name, "Not applicable"))
    return tuple(rows)


def record_tables(review) -> tuple[SectionTable, ...]:
    """The tables the record gives the reports: the panel and the contributors."""
    tables = []
    panel = panel_rows(review)
    if panel:
        tables.append(SectionTable("panel", PANEL_COLUMNS, panel, (2, 2.6, 2.2, 1.6)))
    contributors = contributor_rows(review)
    if contributors:
        tables.append(SectionTable("contributors", CONTRIBUTOR_COLUMNS, contributors, (2, 2.4, 2.4, 1.6)))
    return tuple(tables)


def glossary_from(text: str, used_in: str = "", agencies: dict[str, str] | None = None) -> tuple[GlossaryTerm, ...]:
    """The drafted glossary ('TERM: meaning' per line), plus agency abbreviations used in the text but not defined."""
    terms: list[GlossaryTerm] = []
    for line in (text or "").replace("\r", "\n").split("\n"):
        line = line.strip()
        if not line:
            continue
        term, _, meaning = line.partition(":")
        terms.append(GlossaryTerm(term.strip(), meaning.strip()))
    defined = {t.term.upper() for t in terms}
    for code, name in sorted((agencies or {}).items()):
        if code and code.upper() not in defined and re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", used_in):
            terms.append(GlossaryTerm(code, name))
    return tuple(sorted(terms, key=lambda t: t.term.upper()))


def agency_names(review) -> dict[str, str]:
    """The partnership's agencies, code to name."""
    from sqlalchemy import select

    from dhr.agencies.models import Agency
    from dhr.extensions import db

    rows = db.session.execute(select(Agency.code, Agency.name).where(Agency.partnership_id == review.partnership_id))
    return {code: name for code, name in rows if code}


def _drafted(review, document: DocumentSpec, version: str, real_names: bool, number: int | None):
    _check_names(version, real_names)
    source = _source(review, document, number)
    marking = _marking(version, source.label)
    context = services.token_context(review, list(source.texts.values()), real_names=real_names)
    label, issued = _cover_facts(review, version, source.label, source.issued)
    return dataclasses.replace(source, label=label, issued=issued), marking, context


def overview_context(review, *, version: str = DRAFT, real_names: bool = False, number: int | None = None):
    """The Overview Report: cover, preface, sections 1-19 and appendices A (action plan), B (terms), C (glossary)."""
    from dhr.drafting import equality
    from dhr.drafting.prefill import prefill

    source, marking, _ = _drafted(review, OVERVIEW, version, real_names, number)
    texts = dict(source.texts)
    if _working(review, OVERVIEW, number):
        # A saved version keeps section 11 with its judgements; the working text adds today's.
        texts[equality.SECTION_KEY] = equality.with_judgements(texts.get(equality.SECTION_KEY, ""), review.id)
    if not texts.get("appendix_terms", "").strip():
        # The terms of reference are on the record even when nobody has drafted the appendix.
        texts["appendix_terms"] = prefill(review, "appendix_terms")
    context = services.token_context(review, list(texts.values()), real_names=real_names)
    sections, planned = _plan_recommendations(review, _sections(OVERVIEW, texts, context), context)
    cover = _cover(review, OVERVIEW.title, source.label, source.issued)
    body = "\n".join(p.text for s in sections for p in s.paragraphs)
    glossary_section = next(s for s in sections if s.key == "appendix_glossary")
    glossary_text = "\n".join(p.text for p in glossary_section.paragraphs)
    plan = ActionPlanContext(
        cover=_cover(review, "Action Plan", source.label, source.issued),
        marking=marking,
        recommendations=planned,
    )
    return ReportContext(
        kind="overview",
        cover=cover,
        marking=marking,
        sections=sections,
        glossary=glossary_from(glossary_text, body, agency_names(review)),
        action_plan=plan,
        tables=record_tables(review),
    )


def executive_summary_context(review, *, version: str = DRAFT, real_names: bool = False, number: int | None = None):
    """The Executive Summary: cover and its ten sections in the Home Office order. Its recommendations (section 10)
    are the overview's and the action plan's: the recorded ones, or else the overview's section 19."""
    source, marking, context = _drafted(review, EXECUTIVE_SUMMARY, version, real_names, number)
    sections = _sections(EXECUTIVE_SUMMARY, source.texts, context)
    # The overview's recommendations as they stand for the same kind of copy: working text with working text.
    overview_number = WORKING if number == WORKING else None
    planned = action_plan_context(
        review, version=version, real_names=real_names, number=overview_number
    ).recommendations
    if planned:
        sections = tuple(_section_19(s, planned) if s.key == RECOMMENDATIONS_KEY else s for s in sections)
    return ReportContext(
        kind="executive-summary",
        cover=_cover(review, EXECUTIVE_SUMMARY.title, source.label, source.issued),
        marking=marking,
        sections=sections,
        tables=record_tables(review),
    )


def action_plan_context(review, *, version: str = DRAFT, real_names: bool = False, number: int | None = None):
    """The action plan: the structured recommendations with their actions, or, when the review has none, one row
    per paragraph of the overview's section 19."""
    source, marking, context = _drafted(review, OVERVIEW, version, real_names, number)
    _sections_used, planned = _plan_recommendations(review, _sections(OVERVIEW, source.texts, context), context)
    return ActionPlanContext(
        cover=_cover(review, "Action Plan", source.label, source.issued),
        marking=marking,
        recommendations=planned,
    )


def chronology_rows(entries, *, real_names: bool) -> list[ChronologyRow]:
    """Combined-chronology entries as rows of text, with the same columns as the spreadsheet export."""
    from dhr.evidence.export import rows

    return [ChronologyRow(tuple(row)) for row in rows(entries, real_names=real_names)]


def _accepted_entries_in_batches(review, batch: int = 2000):
    """The combined chronology's entries (as evidence.queries.accepted_entries), read a batch at a time so that a
    50,000-row chronology never has every entry object in memory at once."""
    from dhr.evidence.queries import accepted_query, in_time_order, with_sources
    from dhr.extensions import db

    query = in_time_order(with_sources(accepted_query(review))).execution_options(yield_per=batch)
    yield from db.session.scalars(query)


def chronology_context(review, *, version: str = DRAFT, real_names: bool = False, entries=None):
    """The combined chronology: accepted agencies' entries in time order, labelled with today's date."""

    _check_names(version, real_names)
    today = london_today()
    label = f"as at {long_date(today)}"
    scope = ""
    if review.scope_from or review.scope_to:
        start, end = long_date(review.scope_from) or "the start", long_date(review.scope_to) or "the death"
        scope = f"The review looks at the period from {start} to {end}."
    return ChronologyContext(
        cover=_cover(review, "Combined Chronology", *_cover_facts(review, version, label, today)),
        marking=_marking(version, label),
        rows=chronology_rows(
            _accepted_entries_in_batches(review) if entries is None else entries, real_names=real_names
        ),
        scope=scope,
    )


def context_for(review, kind: str, *, version: str = DRAFT, real_names: bool = False, number: int | None = None):
    """The context of one kind of document (see KINDS)."""
    if kind == "overview":
        return overview_context(review, version=version, real_names=real_names, number=number)
    if kind == "executive-summary":
        return executive_summary_context(review, version=version, real_names=real_names, number=number)
    if kind == "action-plan":
        return action_plan_context(review, version=version, real_names=real_names, number=number)
    if kind == "chronology":
        return chronology_context(review, version=version, real_names=real_names)
    raise ReportError(f"Unknown document {kind!r}: choose one of {', '.join(KINDS)}")
