"""Demo drafts: the Adult Q review's overview report, part written, with comments and two versions."""

from sqlalchemy import func, select

from dhr.auth.membership import members_of
from dhr.auth.models import User
from dhr.drafting import equality, services
from dhr.drafting.models import DraftSection
from dhr.drafting.prefill import prefill
from dhr.drafting.structure import EXECUTIVE_SUMMARY, OVERVIEW
from dhr.evidence.models import ChronologyEntry
from dhr.extensions import db
from dhr.reviews.models import PersonRole
from dhr.reviews.queries import review_of_victim

VICTIM = "Adult Q"  # found by pseudonym: a reference follows the notification year, so it moves with the date


def _texts(victim: int, perpetrator: int, marac: int | None, ae: int | None) -> dict[str, str]:
    marac_cite = f" [[entry:{marac}]]" if marac else ""
    ae_cite = f" [[entry:{ae}]]" if ae else ""
    return {
        "tribute": (
            f"[[person:{victim}]]'s family describe her as warm, funny and fiercely loyal. She loved cooking for "
            "friends and was training to be a teaching assistant.\n\nThe panel offers its condolences to her family."
        ),
        "introduction": (
            f"This review examines the contact agencies had with [[person:{victim}]] and [[person:{perpetrator}]] "
            f"before [[person:{victim}]]'s death.\n\n[[person:{perpetrator}]] was charged with her murder.\n\n"
            # A place and a name the register does not know: the names to check before publishing list both.
            f"They lived in Paddington, where a neighbour, Mrs Okonjo, twice called the police."
        ),
        "equality_and_diversity": (
            "The panel considered all nine protected characteristics under the Equality Act 2010: age, disability, "
            "gender reassignment, marriage and civil partnership, pregnancy and maternity, race, religion or belief, "
            "sex and sexual orientation.\n\n"
            f"[[person:{victim}]] was a woman in her thirties; sex is the characteristic most relevant to her risk."
        ),
        "analysis": (
            "### Key line of enquiry 1: knowledge of risk\n\n"
            f"The police knew of escalating abuse: a high-risk DASH led to a MARAC referral{marac_cite}.\n\n"
            f"[[person:{victim}]] attended A&E with a facial injury and said she fell{ae_cite}. Professional "
            "curiosity was not shown: nobody asked about coercive control.\n\n"
            "Coercive control is defined in section 76 of the Serious Crime Act 2015 as a pattern of controlling or "
            "coercive behaviour in an intimate or family relationship."
        ),
        "lessons": (
            "Emergency department staff did not use routine enquiry about domestic abuse.\n\n"
            "The MARAC action plan was not shared with the GP."
        ),
        "recommendations": (
            "The acute trust should introduce routine enquiry in the emergency department (see 18.1).\n\n"
            "The MARAC coordinator should share action plans with GPs within five working days (see 18.2)."
        ),
    }


def seed_drafting(partnership) -> int:
    """Write part of the demo overview report once; returns the number of sections written."""
    review = review_of_victim(partnership.id, VICTIM)
    if review is None or db.session.scalar(
        select(func.count()).select_from(DraftSection).where(DraftSection.review_id == review.id)
    ):
        return 0
    users = {u.email.split("@")[0]: u for u in db.session.scalars(select(User).where(members_of(partnership.id)))}
    chair, panel = users["chair"], users["panel"]
    victim = next(p for p in review.people if p.role is PersonRole.VICTIM)
    perpetrator = next(p for p in review.people if p.role is PersonRole.PERPETRATOR)
    entries = {
        e.event_type: e.id
        for e in db.session.scalars(select(ChronologyEntry).where(ChronologyEntry.review_id == review.id))
    }
    texts = _texts(victim.id, perpetrator.id, entries.get("MARAC"), entries.get("A&E attendance"))
    first = ["tribute", "introduction", "timescales", "confidentiality", "panel", "analysis"]
    for key in first:
        spec = OVERVIEW.section(key)
        services.save_section(
            review, OVERVIEW, spec, body=texts.get(key) or prefill(review, key), base_revision=0, actor=chair
        )
    services.save_version(review, OVERVIEW, note="First draft for panel meeting 3", actor=chair)
    for key in ("equality_and_diversity", "lessons", "recommendations", "contributors", "dissemination"):
        spec = OVERVIEW.section(key)
        services.save_section(
            review, OVERVIEW, spec, body=texts.get(key) or prefill(review, key), base_revision=0, actor=chair
        )
    analysis = services.section_of(review, OVERVIEW, "analysis")
    services.save_section(
        review,
        OVERVIEW,
        OVERVIEW.section("analysis"),
        body=analysis.body + "\n\nThe GP was not told of the MARAC outcome.",
        base_revision=analysis.revision,
        actor=chair,
    )
    services.save_version(review, OVERVIEW, note="After panel meeting 3", actor=chair)
    comment = services.add_comment(
        review,
        OVERVIEW,
        OVERVIEW.section("analysis"),
        paragraph="16.2",
        body="Did the A&E staff know of the MARAC referral?",
        actor=panel,
    )
    services.resolve_comment(review, comment, resolution="Answered in 16.4", actor=chair)
    from dhr.reports import names_to_check

    names_to_check.confirm(review, [names_to_check.key("Paddington")], actor=chair)
    services.add_comment(
        review,
        OVERVIEW,
        OVERVIEW.section("equality_and_diversity"),
        paragraph="11.2",
        body="Please analyse how her age and any disability affected access to services, not only list them.",
        actor=panel,
    )
    services.save_section(
        review,
        EXECUTIVE_SUMMARY,
        EXECUTIVE_SUMMARY.section("panel"),
        body=prefill(review, "panel"),
        base_revision=0,
        actor=chair,
    )
    # Part-way: disability is not judged yet (the panel member's comment above asks for it).
    equality.save_judgements(review, {k: v for k, v in EQUALITY.items() if k != "Disability"}, actor=chair)
    return 12 + _seed_published_report(partnership, chair)


_NOT_RELEVANT = (
    "Nothing in the agencies' records or the family's account suggests it bore on events or on the help offered."
)
# The panel's judgements for the demo reports: two characteristics analysed, the rest with reasons.
EQUALITY = {
    "Age": (
        True,
        (
            "She was in her thirties and had been a care leaver until 21. Housing and the GP treated her as an adult "
            "without support needs, although her personal adviser had recorded that she found letters and appointments "
            "hard to manage; that affected how she could act on the advice agencies gave her."
        ),
    ),
    "Disability": (
        True,
        (
            "She had anxiety and depression, treated by her GP. The panel found that agencies read her missed "
            "appointments as disengagement rather than as a sign of her illness or of control by her partner, and that "
            "no agency considered whether she needed reasonable adjustments to take up the help offered."
        ),
    ),
    "Gender reassignment": (False, _NOT_RELEVANT),
    "Marriage and civil partnership": (
        False,
        "They were not married; the panel considered their relationship under sex.",
    ),
    "Pregnancy and maternity": (False, "She was not pregnant in the scope period and had no children."),
    "Race": (False, "Both were White British. " + _NOT_RELEVANT),
    "Religion or belief": (False, _NOT_RELEVANT),
    "Sex": (
        True,
        (
            "She was a woman killed by a male partner, the pattern of most domestic homicides. The panel considered "
            "whether agencies recognised the gendered risk: the police did, through the DASH assessment and the MARAC "
            "referral, but the emergency department did not ask about abuse when she attended with a facial injury."
        ),
    ),
    "Sexual orientation": (False, "Both were heterosexual. " + _NOT_RELEVANT),
}


PUBLISHED_VICTIM = "Mrs AA"  # approved by the QA panel and in action-plan monitoring


def _seed_published_report(partnership, chair) -> int:
    """A complete report for the approved review, so its version for publication downloads in the demo and reads as
    a real report: the chair's sections written, the record's sections from the record."""
    from dhr.drafting.published_texts import overview_texts, summary_texts

    review = review_of_victim(partnership.id, PUBLISHED_VICTIM)
    if review is None:
        return 0
    victim = next(p for p in review.people if p.role is PersonRole.VICTIM)
    son = next(p for p in review.people if p.role is PersonRole.PERPETRATOR)
    tokens = (f"[[person:{victim.id}]]", f"[[person:{son.id}]]")
    equality.save_judgements(review, PUBLISHED_EQUALITY, actor=chair)  # before the versions, which keep them
    written = 0
    for document, texts in ((OVERVIEW, overview_texts(*tokens)), (EXECUTIVE_SUMMARY, summary_texts(*tokens))):
        for spec in document.sections:
            if spec.key in ("appendix_action_plan", "appendix_glossary", "appendix_qa_letter"):
                continue
            body = texts.get(spec.key) or prefill(review, spec.key)
            if not body:
                continue
            services.save_section(review, document, spec, body=body, base_revision=0, actor=chair)
            written += 1
        services.save_version(review, document, note="Approved by the Home Office QA panel", actor=chair)
    _learning(review, chair)
    return written


def _learning(review, actor) -> None:
    """How the published review's learning was spread."""
    from datetime import timedelta

    from dhr.recommendations.learning import record_learning_event
    from dhr.recommendations.scopes import LearningKind

    published = review.publication.published_on if review.publication else None
    if published is None:
        return
    for days, kind, audience, reached, notes in (
        (14, LearningKind.SEVEN_MINUTE_BRIEFING, "Every agency's safeguarding leads", 120, "Sent with the report."),
        (45, LearningKind.LEARNING_EVENT, "GP practices and adult social care teams in Westminster", 38, ""),
    ):
        record_learning_event(
            review,
            kind=kind,
            held_on=published + timedelta(days=days),
            audience=audience,
            reached=reached,
            notes=notes,
            actor=actor,
        )


PUBLISHED_EQUALITY = {
    **dict.fromkeys(EQUALITY, (False, _NOT_RELEVANT)),
    "Age": (
        True,
        (
            "She was 74. Professionals saw her bruising and falls through her age, as frailty, and did not ask whether "
            "someone was hurting her; the research on older victims shows how often abuse by a family member is missed "
            "this way, and the panel found the same pattern in the GP's and the police's records."
        ),
    ),
    "Disability": (
        True,
        (
            "Her mobility was limited after a fall in 2022, so she depended on her son for shopping, money and getting "
            "to appointments. That dependence made it harder for her to seek help alone, and no agency offered to see "
            "her without him or to arrange transport so that she could come on her own."
        ),
    ),
    "Sex": (
        True,
        (
            "She was a woman killed by her son. The panel considered whether agencies saw adult family violence as "
            "domestic abuse at all: the police did, through the DASH assessment, but adult social care and the GP "
            "treated the harm as a carer under strain rather than as abuse."
        ),
    ),
    "Marriage and civil partnership": (False, "She was widowed; the abuse was by her son, not a partner."),
    "Race": (False, "Both were White British. " + _NOT_RELEVANT),
    "Pregnancy and maternity": (False, "Not applicable: she was 74."),
}
