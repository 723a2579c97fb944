"""The readiness checker: one function per QA criterion, each passing or failing with what to fix and where."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from dhr import privacy
from dhr.clocks.engine import add_months
from dhr.clocks.six_months import GUIDANCE_MONTHS
from dhr.core.dates import london_today
from dhr.core.wording import counted
from dhr.drafting import paragraphs
from dhr.drafting.equality import CHARACTERISTICS, SECTION_KEY, judgements_of, with_judgements
from dhr.drafting.equality import problems as equality_problems
from dhr.drafting.models import DraftSection
from dhr.drafting.record import extra_names
from dhr.drafting.structure import DOCUMENTS, EXECUTIVE_SUMMARY, OVERVIEW
from dhr.extensions import db
from dhr.panel.checks import chairs_declared
from dhr.permissions import ReviewRole
from dhr.readiness import rules
from dhr.readiness.models import ReadinessOverride


@dataclass(frozen=True)
class Outcome:
    """What one check found: pass or fail, what it saw, and the overview section where it can be fixed."""

    passed: bool
    detail: str
    section: str | None = None
    page: str | None = None  # an endpoint taking review_id where it is fixed, when that is not a draft section
    slug: str = "overview"  # the drafted document `section` is in


@dataclass(frozen=True)
class CheckResult:
    """A check's outcome on a review, with any override the coordinator recorded."""

    key: str
    title: str
    outcome: Outcome
    override: ReadinessOverride | None = None
    lapsed: ReadinessOverride | None = None  # an override of an earlier, different finding

    @property
    def overridable(self) -> bool:
        """Failing, and a check a coordinator may let stand with a reason."""
        return not self.outcome.passed and self.key not in NEVER_OVERRIDDEN

    @property
    def satisfied(self) -> bool:
        """Passed, or failed with a recorded reason to submit anyway."""
        return self.outcome.passed or self.override is not None


class Draft:
    """The saved text of both documents of one review, loaded once for every check."""

    def __init__(self, review):
        self.review = review
        rows = db.session.scalars(select(DraftSection).where(DraftSection.review_id == review.id))
        self.texts: dict[str, dict[str, str]] = {}
        for row in rows:
            self.texts.setdefault(row.document, {})[row.section_key] = row.body
        # Section 11 as the report prints it: the drafted text, then the equality judgements.
        overview = self.texts.setdefault(OVERVIEW.slug, {})
        overview[SECTION_KEY] = with_judgements(overview.get(SECTION_KEY, ""), review.id)
        if not overview[SECTION_KEY]:
            del overview[SECTION_KEY]

    def overview(self, key: str) -> str:
        """One overview section's text ('' if unwritten)."""
        return self.texts.get(OVERVIEW.slug, {}).get(key, "").strip()

    def summary(self, key: str) -> str:
        """One Executive Summary section's text ('' if unwritten)."""
        return self.texts.get(EXECUTIVE_SUMMARY.slug, {}).get(key, "").strip()


def _plain(text: str) -> str:
    """Text compared as words: case, punctuation and spacing aside."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _words(text: str, words) -> bool:
    return any(re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE) for word in words)


def tribute(draft: Draft) -> Outcome:
    """A tribute to the victim opens both the Overview Report (its preface) and the Executive Summary (section 1),
    or the family log records the family's reason for none."""
    from dhr.drafting.record import family_tribute, no_tribute_reason

    if no_tribute_reason(draft.review):
        # The reason stays in the family log, which names relatives; this page is seen by panel members.
        return Outcome(True, "The family chose to give no tribute; the family log records why.", "tribute")
    preface = draft.overview("tribute")
    if not preface:
        if family_tribute(draft.review):
            return Outcome(False, "The family gave a tribute but the preface does not include it yet.", "tribute")
        return Outcome(
            False,
            "Write the preface with a tribute and condolences, or record in the family log the family's reason for "
            "giving none.",
            "tribute",
        )
    opening = paragraphs.split(preface)[0]
    if _plain(opening) not in _plain(draft.summary("review_process")):
        return Outcome(
            False,
            "The Executive Summary does not carry the tribute: add the preface's tribute to its section 1.",
            "review_process",
            slug=EXECUTIVE_SUMMARY.slug,
        )
    return Outcome(True, "The preface and the Executive Summary carry the tribute.", "tribute")


def evidence(draft: Draft) -> Outcome:
    """No agency request is outstanding: every one requested is submitted and accepted."""
    from dhr.evidence.outstanding import describe, outstanding

    waiting = outstanding(draft.review.id)
    if waiting:
        return Outcome(False, f"Outstanding: {describe(waiting)}.", page="evidence.matrix")
    return Outcome(True, "Every agency's requested evidence is accepted.", page="evidence.matrix")


def action_plan(draft: Draft) -> Outcome:
    """An action plan exists: the recommendations are recorded, and every one has at least one action."""
    from sqlalchemy import func

    from dhr.actions.models import Action
    from dhr.recommendations.models import Recommendation

    rows = db.session.execute(
        select(Recommendation.number, func.count(Action.id))
        .outerjoin(Action, Action.recommendation_id == Recommendation.id)
        .where(Recommendation.review_id == draft.review.id)
        .group_by(Recommendation.id, Recommendation.number)
        .order_by(Recommendation.number)
    ).all()
    page = "recommendations.list_recommendations"
    if not rows:
        return Outcome(
            False,
            "Record the recommendations, each with its actions: the action plan is built from them.",
            page=page,
        )
    without = [f"R{number}" for number, count in rows if not count]
    if without:
        return Outcome(False, "Agree at least one action for: " + ", ".join(without) + ".", page=page)
    return Outcome(True, f"{sum(c for _, c in rows)} actions answer the {len(rows)} recommendations.", page=page)


def single_agency(draft: Draft) -> Outcome:
    """Every recommendation the accepted IMRs make is recorded as a single-agency recommendation of its agency, so
    the report carries them with the panel's own."""
    from dhr.recommendations.from_imrs import imr_recommendations

    found = imr_recommendations(draft.review)
    page = "recommendations.list_recommendations"
    waiting = [
        f"{item.involvement.agency.name} ({len(item.waiting)} of {len(item.texts)})" for item in found if item.waiting
    ]
    if waiting:
        return Outcome(False, "Record the IMRs' recommendations: " + ", ".join(waiting) + ".", page=page)
    if not found:
        return Outcome(True, "No accepted IMR makes recommendations.", page=page)
    total = sum(len(item.texts) for item in found)
    return Outcome(True, f"All {total} single-agency recommendations from the IMRs are in the report.", page=page)


def terms_in_body(draft: Draft) -> Outcome:
    """Section 4 sets out the terms of reference, with every key line of enquiry: not only the appendix."""
    from dhr.terms.queries import current_terms

    text = draft.overview("terms_of_reference")
    if not text:
        return Outcome(
            False,
            "Write section 4: the terms of reference belong in the body of the report, not only in an appendix.",
            "terms_of_reference",
        )
    version = current_terms(draft.review)
    body = _plain(text)
    missing = [str(line.number) for line in (version.lines if version else ()) if _plain(line.text) not in body]
    if missing:
        return Outcome(False, "Section 4 leaves out lines of enquiry " + ", ".join(missing) + ".", "terms_of_reference")
    return Outcome(True, "Section 4 sets out the terms of reference.", "terms_of_reference")


def perpetrator(draft: Draft) -> Outcome:
    """The perpetrator's side was considered: their account sought, or the reason it was not recorded."""
    from dhr.family.queries import engagement_for
    from dhr.reviews.models import PersonRole

    if not any(person.role is PersonRole.PERPETRATOR for person in draft.review.people):
        return Outcome(True, "No perpetrator is in the people register.", page="reviews.people")
    engagement = engagement_for(draft.review)
    if engagement is None or not engagement.perpetrator_contact.considered:
        return Outcome(
            False,
            "Record whether the perpetrator's account was sought, and if not, why not.",
            page="family.overview",
        )
    return Outcome(True, f"The perpetrator: {engagement.perpetrator_contact.label.lower()}.", page="family.overview")


def family_section(draft: Draft) -> Outcome:
    """Section 6 is written, or the family log explains why nobody took part."""
    from dhr.drafting.record import no_engagement_reason

    if draft.overview("involvement_of_family"):
        return Outcome(True, "Section 6 describes the family's involvement.", "involvement_of_family")
    if no_engagement_reason(draft.review):
        # The reason itself stays in the family log: it can name relatives, and panel members see this page.
        return Outcome(True, "The family did not take part; the family log records why.", "involvement_of_family")
    return Outcome(
        False,
        "Write section 6, or record in the family log why the family did not take part.",
        "involvement_of_family",
    )


def equality(draft: Draft) -> Outcome:
    """Section 11 analyses equality and diversity: every protected characteristic judged, a paragraph of analysis
    for each judged relevant and the reason for each judged not. A keyword cannot show analysis; a judgement can."""
    found = equality_problems(judgements_of(draft.review.id))
    page = "drafting.edit_equality"
    if len(found) == len(CHARACTERISTICS) and all(line.endswith("not judged") for line in found):
        return Outcome(False, "Judge each of the nine protected characteristics for section 11.", page=page)
    if found:
        return Outcome(False, "Section 11: " + "; ".join(found) + ".", page=page)
    relevant = sum(1 for row in judgements_of(draft.review.id).values() if row.relevant)
    return Outcome(
        True, f"All nine characteristics judged: {relevant} analysed, {9 - relevant} with a reason.", page=page
    )


def _glossary_terms(text: str) -> set[str]:
    terms = set()
    for line in text.splitlines():
        head = re.split(r"\s*[:\u2013\u2014]\s*|\s+-\s+", line, maxsplit=1)[0]
        if head.strip():
            terms.add(head.strip().lower())
    return terms


def definitions(draft: Draft) -> Outcome:
    """Every form of abuse the report refers to is defined, in the text or the glossary."""
    body = "\n".join(text for key, text in draft.texts.get(OVERVIEW.slug, {}).items() if key != "appendix_glossary")
    lowered = body.lower()
    glossary = _glossary_terms(draft.overview("appendix_glossary"))
    used = [term for term in rules.ABUSE_TERMS if _words(lowered, [term])]
    undefined = [
        term
        for term in used
        if term not in glossary and not any(p.format(term=term) in lowered for p in rules.DEFINITION_PATTERNS)
    ]
    if undefined:
        return Outcome(
            False,
            "Define where first used, or add to the glossary: " + ", ".join(undefined) + ".",
            "appendix_glossary",
        )
    if not used:
        return Outcome(True, "The report does not refer to a form of abuse that needs defining.")
    return Outcome(True, "Defined: " + ", ".join(used) + ".", "appendix_glossary")


_CITED = re.compile(r"\b(1[78]\.\d{1,3})\b")


def _findings(draft: Draft) -> set[str]:
    """The paragraph numbers sections 17 (conclusions) and 18 (lessons) have in the current draft."""
    return {
        p.number
        for section, key in (("17", "conclusions"), ("18", "lessons"))
        for p in paragraphs.number(section, draft.overview(key))
        if not p.heading
    }


def _recorded_recommendations(draft: Draft) -> Outcome | None:
    """With structured recommendations, each must answer a paragraph that section 17 or 18 has. None without."""
    from dhr.recommendations.models import Recommendation

    recorded = db.session.execute(
        select(Recommendation.number, Recommendation.answers)
        .where(Recommendation.review_id == draft.review.id)
        .order_by(Recommendation.number)
    ).all()
    if not recorded:
        return None
    known = _findings(draft)
    unlinked = [f"R{number}" for number, answers in recorded if not set(answers or ()) & known]
    page = "recommendations.list_recommendations"
    if unlinked:
        return Outcome(
            False,
            "Link each recommendation to a finding or lesson that section 17 or 18 has (a paragraph number such as "
            "18.2, on the Recommendations page): " + ", ".join(unlinked) + ".",
            page=page,
        )
    return Outcome(True, f"All {len(recorded)} recommendations answer a finding or lesson.", page=page)


def recommendations(draft: Draft) -> Outcome:
    """Each recommendation answers a conclusion or lesson (17.x or 18.x): the structured recommendations' links
    when the review has any, otherwise the citations in the text of section 19."""
    recorded = _recorded_recommendations(draft)
    if recorded is not None:
        return recorded
    numbered = [p for p in paragraphs.number("19", draft.overview("recommendations")) if not p.heading]
    if not numbered:
        return Outcome(False, "Write the recommendations in section 19.", "recommendations")
    known = _findings(draft)
    unlinked = [p.number for p in numbered if not (set(_CITED.findall(p.text)) & known)]
    if unlinked:
        return Outcome(
            False,
            "Cite the finding or lesson (a paragraph in section 17 or 18, e.g. 'see 18.2') in: "
            + ", ".join(unlinked)
            + ".",
            "recommendations",
        )
    return Outcome(True, f"All {len(numbered)} recommendations cite a finding or lesson.", "recommendations")


def panel(draft: Draft) -> Outcome:
    """Section 8 lists the panel, the review has a chair and panel, and every excluded agency has a reason."""
    from dhr.drafting.record import excluded_without_reason

    review = draft.review
    problems = []
    roles = {member.role for member in review.members}
    if ReviewRole.CHAIR not in roles or ReviewRole.PANEL_MEMBER not in roles:
        problems.append("appoint the chair and panel members")
    elif not chairs_declared(review):
        problems.append("record the chair's declaration of independence")
    elif any(m.appointed_on is None for m in review.members if m.role is ReviewRole.CHAIR):
        problems.append("record the date the chair was appointed (on the panel page)")
    if not draft.overview("panel"):
        problems.append("write section 8, the review panel members")
    from dhr.terms.queries import current_terms

    missing = excluded_without_reason(review)
    if current_terms(review) is None:
        problems.append("record the terms of reference, with the agencies included and excluded")
    elif missing:
        problems.append("record why these agencies were excluded: " + ", ".join(missing))
    if problems:
        return Outcome(False, "To do: " + "; ".join(problems) + ".", "panel")
    return Outcome(True, "The panel is recorded and every excluded agency has a reason.", "panel")


def timescales(draft: Draft) -> Outcome:
    """A review beyond six months of the decision (as the guidance counts them) explains the delay in section 2."""
    review = draft.review
    if review.decided_on is None:
        return Outcome(False, "Record the decision to hold the review first.")
    end = review.signed_off_on or london_today()
    days = (end - review.decided_on).days
    text = draft.overview("timescales")
    if end <= add_months(review.decided_on, GUIDANCE_MONTHS):
        return Outcome(True, f"{counted(days, 'day')} from the decision: within six months.", "timescales")
    if text and any(re.search(rf"\b{word}\b", text, re.IGNORECASE) for word in rules.DELAY_WORDS):
        return Outcome(True, f"{counted(days, 'day')} from the decision; section 2 explains the delay.", "timescales")
    return Outcome(
        False,
        f"{counted(days, 'day')} from the decision, beyond six months: explain the reasons for the delay in section 2.",
        "timescales",
    )


def leak_scan(draft: Draft) -> Outcome:
    """No real name, alias or date of birth anywhere in either document."""
    review = draft.review
    needles = privacy.needles_for(review.people, extra_names(review))
    places = []
    for slug, sections in draft.texts.items():
        document = DOCUMENTS[slug]
        for key, body in sections.items():
            spec = document.section(key)
            if spec is None:
                continue
            for n, block in enumerate(paragraphs.split(body), start=1):
                places.append(
                    (f"{document.title} {spec.number}.{n}" if spec.number else f"{document.title}, {spec.title}", block)
                )
    found = privacy.scan(places, needles)
    if found:
        return Outcome(False, "Found " + "; ".join(f"{leak.description} in {leak.where}" for leak in found) + ".")
    return Outcome(True, f"No real name, alias or date of birth in {len(places)} paragraphs.")


CHECKS: tuple[tuple[str, str, Callable[[Draft], Outcome]], ...] = (
    ("evidence", "No agency evidence is outstanding", evidence),
    ("tribute", "A tribute opens both reports, or the family's reason for none is recorded", tribute),
    ("family", "Family engagement is written, or its absence explained", family_section),
    ("equality", "Equality and diversity is analysed for each protected characteristic", equality),
    ("definitions", "Forms of abuse are defined where they are referred to", definitions),
    ("terms", "The terms of reference are in the body of the report (section 4)", terms_in_body),
    ("perpetrator", "The perpetrator's account was sought, or why not is recorded", perpetrator),
    ("recommendations", "Every recommendation is linked to a finding or lesson", recommendations),
    ("single_agency", "The IMRs' single-agency recommendations are in the report", single_agency),
    ("action_plan", "An action plan exists, with an action for every recommendation", action_plan),
    ("panel", "Panel membership is recorded and excluded agencies have reasons", panel),
    ("timescales", "Time beyond six months is explained", timescales),
    ("leaks", "The leak scan finds no real names, aliases or dates of birth", leak_scan),
)
TITLES = {key: title for key, title, _ in CHECKS}
# Checks no reason can stand in for: a real name in a submitted report cannot be agreed away.
NEVER_OVERRIDDEN = frozenset({"leaks"})


def active_overrides(review) -> dict[str, ReadinessOverride]:
    """The overrides in force, by check."""
    rows = db.session.scalars(
        select(ReadinessOverride).where(
            ReadinessOverride.review_id == review.id, ReadinessOverride.withdrawn_at.is_(None)
        )
    )
    return {row.check_key: row for row in rows}


def run_checks(review) -> list[CheckResult]:
    """Every check on the review's current draft, with overrides attached.

    An override covers the finding it was recorded against: once the check finds something else (a new leak, a
    different missing characteristic), the override lapses and the check counts again.
    """
    draft, overrides = Draft(review), active_overrides(review)
    results = []
    for key, title, check in CHECKS:
        outcome, override = check(draft), None if key in NEVER_OVERRIDDEN else overrides.get(key)
        if outcome.passed or override is None or override.detail == outcome.detail:
            results.append(CheckResult(key, title, outcome, None if outcome.passed else override))
        else:
            results.append(CheckResult(key, title, outcome, None, lapsed=override))
    return results
