"""Sections the record already knows, written out as editable starting text (people always as tokens)."""

from collections.abc import Callable

from dhr.permissions import ReviewRole
from dhr.reviews.stages import ReviewStage

MEMBER_ORDER = (ReviewRole.CHAIR, ReviewRole.AUTHOR, ReviewRole.PANEL_MEMBER, ReviewRole.COORDINATOR)
DISSEMINATION = (
    "The family of {victim}",
    "{partnership} board members",
    "The Home Office",
    "The Domestic Abuse Commissioner",
    "The Mayor's Office for Policing and Crime",
)


def _date(value) -> str:
    return f"{value.day} {value:%B %Y}" if value else "not yet recorded"


def _victim(review) -> str:
    victim = review.victim
    return f"[[person:{victim.id}]]" if victim else "the victim"


def _pauses(review) -> list[str]:
    lines, started, reason = [], None, None
    for change in sorted(review.stage_changes, key=lambda c: (c.effective_on, c.id or 0)):
        if change.to_stage is ReviewStage.PAUSED:
            started, reason = change.effective_on, change.pause_reason
        elif change.from_stage is ReviewStage.PAUSED and started:
            lines.append(
                f"The review was paused from {_date(started)} to {_date(change.effective_on)} "
                f"because of the {reason.label.lower() if reason else 'other proceedings'}, a delay of "
                f"{(change.effective_on - started).days} days."
            )
            started = None
    if started:
        lines.append(f"The review has been paused since {_date(started)} because of the {reason.label.lower()}.")
    return lines


def timescales(review) -> str:
    """Decision, set-up and completion dates, and the delays the stage history explains."""
    paragraphs = [
        (
            f"{review.partnership.name} was notified of the death of {_victim(review)} on "
            f"{_date(review.notified_on)}. The decision to hold a review was made on {_date(review.decided_on)}."
        )
    ]
    chair = next((m for m in review.members if m.role is ReviewRole.CHAIR), None)
    if chair and chair.appointed_on:
        # As recorded on the panel page: the day someone was added to the review is not the day they were appointed.
        paragraphs.append(f"The independent chair was appointed on {_date(chair.appointed_on)}.")
    from dhr.meetings.queries import panel_meeting_dates

    meetings = panel_meeting_dates(review)
    if meetings:
        times = f"{len(meetings)} time{'s' if len(meetings) != 1 else ''}"
        paragraphs.append(
            f"The panel first met on {_date(meetings[0])} and met {times} in all: "
            f"{', '.join(_date(day) for day in meetings)}."
        )
    if review.terms_of_reference_agreed_on:
        paragraphs.append(f"The panel agreed the terms of reference on {_date(review.terms_of_reference_agreed_on)}.")
    paragraphs.extend(_pauses(review))
    return "\n\n".join(paragraphs)


def confidentiality(review) -> str:
    """The pseudonyms used, written as tokens so the names never enter the text."""
    named = [f"[[person:{p.id}]] ({p.role.label.lower()})" for p in review.people if p.pseudonym]
    text = (
        "The findings of this review are confidential until the Home Office Quality Assurance Panel has approved it "
        "for publication. Information is available only to participating officers and professionals and their line "
        "managers."
    )
    if named:
        text += (
            "\n\nTo protect the identity of those involved, the following pseudonyms are used: "
            + ", ".join(named)
            + "."
        )
    return text


def contributors(review) -> str:
    """An introduction to the contributors: the report prints them as a table (name, role, agency, independence)."""
    supplied = [i for i in review_involvements(review) if i.output.value != "none"]
    if not supplied:
        return ""
    count = len(supplied)
    return (
        f"{count} agenc{'y' if count == 1 else 'ies'} contributed to the review. The table below gives each "
        "contribution's author, their role and agency, and whether they were independent of the case and its "
        "management."
    )


def review_involvements(review):
    """The review's agency involvements (imported late: evidence depends on reviews, not the reverse)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from dhr.evidence.models import AgencyInvolvement
    from dhr.extensions import db

    return db.session.scalars(
        select(AgencyInvolvement)
        .where(AgencyInvolvement.review_id == review.id)
        .options(selectinload(AgencyInvolvement.agency), selectinload(AgencyInvolvement.imr_versions))
    ).all()


def panel(review) -> str:
    """An introduction to the panel and its independence: the report prints the members as a table (name, role,
    agency, independence), one row a person."""
    from dhr.panel.queries import panel as members_of

    members = members_of(review)
    if not members:
        return ""
    people = {m.user_id for m in members}
    declared = [m for m in members if m.independence_declared_on]
    text = (
        f"The review panel had {len(people)} member{'s' if len(people) != 1 else ''}, listed in the table below with "
        "their roles, their agencies and when they declared their independence."
    )
    if len(declared) == len(members):
        text += (
            f"\n\nEach panel member declared their independence from the case: none had direct involvement with "
            f"{_victim(review)} or the line management of those who did."
        )
    return text


def author(review) -> str:
    """Who chaired the review and wrote the report, with the chair's statement of independence."""
    chairs = [m for m in review.members if m.role is ReviewRole.CHAIR]
    authors = [m.user.name for m in review.members if m.role is ReviewRole.AUTHOR]
    if not chairs:
        return ""
    text = f"The independent chair of the review was {' and '.join(m.user.name for m in chairs)}."
    if authors:
        text += f" The overview report was written by {' and '.join(authors)}."
    statements = [m.independence_statement for m in chairs if m.independence_statement]
    return "\n\n".join([text, *statements])


def parallel_reviews(review) -> str:
    """Proceedings alongside the review, from the terms of reference, and the pauses they caused."""
    from dhr.terms.queries import parallel_processes

    lines = []
    for process in parallel_processes(review):
        line = f"{process.title}: {process.status.label.lower()}"
        if process.concluded_on:
            line += f", concluded on {_date(process.concluded_on)}"
        elif process.next_date:
            line += f", next date {_date(process.next_date)}"
        lines.append(line + (f". {process.outcome}" if process.outcome else "."))
    return "\n\n".join([*lines, *_pauses(review)])


def terms(review) -> str:
    """The scope period, the key lines of enquiry and the agencies included and excluded."""
    from dhr.terms.queries import current_terms

    version = current_terms(review)
    scope_from = version.scope_from if version else review.scope_from
    scope_to = version.scope_to if version else review.scope_to
    parts = []
    if scope_from or scope_to:
        parts.append(f"The review considered events from {_date(scope_from)} to {_date(scope_to)}.")
    if version is None:
        return "\n\n".join(parts)
    if version.purpose:
        parts.append(version.purpose)
    if version.lines:
        parts.append("The key lines of enquiry were:")
        parts.extend(f"{line.number}. {line.text}" for line in version.lines)
    excluded = [a for a in version.agencies if not a.included]
    if excluded:
        parts.append("The panel decided not to seek information from:")
        parts.extend(f"{a.agency.name}: {a.reason}" for a in excluded)
    return "\n\n".join(parts)


def dissemination(review) -> str:
    """The usual recipients plus every agency involved."""
    lines = [line.format(victim=_victim(review), partnership=review.partnership.name) for line in DISSEMINATION]
    lines.extend(sorted(i.agency.name for i in review_involvements(review)))
    return "The report will be shared with:\n\n" + "\n\n".join(lines)


def tribute(review) -> str:
    """The family's tribute in their own words, and the panel's condolences."""
    from dhr.drafting.record import family_tribute

    words = family_tribute(review)
    condolences = f"The panel offers its sincere condolences to the family and friends of {_victim(review)}."
    return f"{words}\n\n{condolences}" if words else condolences


def family_involvement(review) -> str:
    """Who from the family and friends took part and how, by relationship (never by name)."""
    from dhr.drafting.record import no_engagement_reason
    from dhr.family.queries import contacts_for, engagement_for

    reason = no_engagement_reason(review)
    if reason:
        return f"The family did not take part in the review. {reason}"
    contacts = contacts_for(review)
    if not contacts:
        return ""
    paragraphs = [
        (
            "The chair wrote to the family at the start of the review, with the Home Office leaflet, and offered "
            "specialist advocacy."
        )
    ]
    for contact in contacts:
        line = f"The {contact.relationship_to_victim.lower() or contact.kind.label.lower()} of {_victim(review)}"
        line += (
            f" was supported by an advocate from {contact.advocacy_organisation}."
            if contact.advocacy_organisation
            else " was contacted."
        )
        paragraphs.append(line)
    engagement = engagement_for(review)
    if engagement and engagement.draft_shared_on:
        paragraphs.append(f"The draft report was shared with the family on {_date(engagement.draft_shared_on)}.")
    return "\n\n".join(paragraphs)


PREFILL: dict[str, Callable] = {
    "tribute": tribute,
    "involvement_of_family": family_involvement,
    "timescales": timescales,
    "confidentiality": confidentiality,
    "terms_of_reference": terms,
    "contributors": contributors,
    "panel": panel,
    "author": author,
    "parallel_reviews": parallel_reviews,
    "dissemination": dissemination,
    "appendix_terms": terms,
    # The Executive Summary opens with the tribute too (the readiness check looks for it there).
    "review_process": tribute,
}


def prefill(review, key: str) -> str:
    """Starting text for a section the record knows about, or ''."""
    maker = PREFILL.get(key)
    return maker(review) if maker else ""
