"""Letters as plain data: the Home Office decision notification, the scoping letter and the IMR and chronology
request to an agency, the first letter to a family member, and the covering letter to the Domestic Abuse
Commissioner (domain.md §4.2).

Letters are drafts for the coordinator or chair to check and send: always marked OFFICIAL-SENSITIVE. People are
named by pseudonym unless the caller asks for real names (an agency cannot search its records for a pseudonym).
Anything the record does not hold yet is written as a bracketed gap, such as "[date not recorded]".
"""

from dataclasses import dataclass

from dhr.core.dates import london_today
from dhr.reports.context import MARKING, Marking, long_date, review_title

LETTERS = ("home-office-decision", "scoping", "imr-request", "family", "commissioner")
YOURS = "Yours sincerely"


@dataclass(frozen=True)
class Line:
    """One paragraph of a letter, or one item of a bulleted list."""

    text: str
    bullet: bool = False


@dataclass(frozen=True)
class Letter:
    """A letter: who from and to, the subject line, the body and the signature."""

    kind: str
    marking: Marking
    sender: str
    reference: str
    date: str
    addressee: tuple[str, ...]
    salutation: str
    subject: str
    body: tuple[Line, ...]
    signatory: tuple[str, ...]
    closing: str = YOURS


def _gap(what: str) -> str:
    return f"[{what} not recorded]"


def _title(review) -> str:
    return review_title(review)


def _person(person, real_names: bool, *, birth: bool = False) -> str:
    if person is None:
        return _gap("name")
    if not real_names or not person.real_name:
        return person.pseudonym
    born = f" (born {long_date(person.date_of_birth)})" if birth and person.date_of_birth else ""
    return person.real_name + born


def _perpetrator(review):
    from dhr.reviews.models import PersonRole

    return next((p for p in review.people if p.role is PersonRole.PERPETRATOR), None)


def _member(review, *roles):
    for role in roles:
        member = next((m for m in review.members if m.role is role and m.user.active), None)
        if member is not None:
            return member
    return None


def _signatory(review) -> tuple[str, ...]:
    """The partnership's named signatory from its settings: the same on every letter, whoever downloads it."""
    partnership = review.partnership
    if not partnership.signatory_name:
        return ("[signatory not set in the partnership settings]", partnership.name)
    return tuple(line for line in (partnership.signatory_name, partnership.signatory_role, partnership.name) if line)


def _letter(review, kind: str, *, addressee, salutation: str, subject: str, body, signatory) -> Letter:
    return Letter(
        kind=kind,
        marking=Marking(draft=True, version_label="", status=""),
        sender=review.partnership.name,
        reference=review.reference,
        date=long_date(london_today()),
        addressee=tuple(addressee),
        salutation=salutation,
        subject=subject,
        body=tuple(line if isinstance(line, Line) else Line(line) for line in body),
        signatory=signatory,
    )


def _subject(review, real_names: bool) -> str:
    names = [_person(v, real_names) for v in review.victims] or [_person(None, real_names)]
    deaths = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{_title(review)} into the death{'s' if len(names) > 1 else ''} of {deaths} ({review.reference})"


def decision_letter(review, *, real_names: bool = False) -> Letter:
    """Telling the Home Office whether the partnership will hold a review, and why."""
    from dhr.reviews.models import Decision

    victim = _person(review.victim, real_names)
    died = f"{review.date_of_death:%B %Y}" if review.date_of_death else _gap("date of death")
    notifier = review.notifying_agency.name if review.notifying_agency else _gap("notifying agency")
    if review.decision is None:
        decision = f"{review.partnership.name} has not yet decided whether to hold a review {_gap('decision')}."
    elif review.decision is Decision.DIRECTED:
        decision = (
            f"On {long_date(review.decided_on)} {review.partnership.name} established a {_title(review)} into the "
            f"death of {victim}, as the Secretary of State directed under section 9(2) of the Domestic Violence, "
            "Crime and Victims Act 2004."
        )
    elif review.decision.holds_review:
        decision = (
            f"On {long_date(review.decided_on)} {review.partnership.name} decided to hold a "
            f"{_title(review)} into the death of {victim}."
        )
    else:
        decision = (
            f"On {long_date(review.decided_on)} {review.partnership.name} decided not to hold a "
            f"{_title(review)} into the death of {victim}."
        )
    body = [
        (
            f"I am writing to tell you of the partnership's decision following the death of {victim}, who died in "
            f"{died}. The death was notified to the partnership on {long_date(review.notified_on)} by {notifier}. "
            f"The death is recorded as: {review.category.label.lower()}."
        ),
        decision,
        f"The reasons for the decision: {review.decision_rationale.strip() or _gap('rationale')}",
    ]
    if review.decision_maker:
        body.append(f"The decision was made by {review.decision_maker}.")
    body.append(f"Please quote the reference {review.reference} in any reply.")
    return _letter(
        review,
        "home-office-decision",
        addressee=("Domestic Homicide Review Team", "Home Office"),
        salutation="Dear Domestic Homicide Review Team",
        subject=_subject(review, real_names),
        body=body,
        signatory=_signatory(review),
    )


def _agency_addressee(involvement) -> tuple[tuple[str, ...], str]:
    agency = involvement.agency
    if agency.senior_contact_name:
        return (agency.senior_contact_name, agency.name), f"Dear {agency.senior_contact_name}"
    return (agency.name,), "Dear colleague"


def _scope(review) -> str:
    if review.scope_from or review.scope_to:
        start, end = long_date(review.scope_from) or _gap("start"), long_date(review.scope_to) or _gap("end")
        return f"from {start} to {end}"
    return "over the last five years, and any earlier contact you consider relevant"


def scoping_letter(review, involvement, *, real_names: bool = False) -> Letter:
    """Asking an agency whether it knew the victim or the perpetrator, and to secure its records."""

    addressee, salutation = _agency_addressee(involvement)
    due = long_date(involvement.due_on) or "within 14 days"
    body = [
        (
            f"{review.partnership.name} is considering a {_title(review)} following the death of "
            f"{_person(review.victim, real_names)}. I am writing to every agency that may have known the people "
            "involved."
        ),
        "Please check your records for any contact with:",
        Line(f"{_person(review.victim, real_names, birth=True)} (the victim)", bullet=True),
        Line(f"{_person(_perpetrator(review), real_names, birth=True)} (the alleged perpetrator)", bullet=True),
        Line("any children of either of them", bullet=True),
        f"The period of interest is {_scope(review)}.",
        (
            f"Please tell me by {due} whether your agency had contact with the victim, the alleged perpetrator or "
            "any children, and give a short summary of that contact. Please secure your records now, so that "
            "nothing is lost or changed while the review takes place."
        ),
        (
            "This request is made under section 9 of the Domestic Violence, Crime and Victims Act 2004, which places "
            "a duty on your agency to have regard to the statutory guidance and to take part in the review."
        ),
    ]
    if not real_names:
        body.append("[The people are named here by pseudonym: send the version with real names to the agency.]")
    return _letter(
        review,
        "scoping",
        addressee=addressee,
        salutation=salutation,
        subject=_subject(review, real_names),
        body=body,
        signatory=_signatory(review),
    )


def imr_request_letter(review, involvement, *, lines_of_enquiry=(), real_names: bool = False) -> Letter:
    """Asking an agency for its IMR, chronology or short report, by when, against the terms of reference."""
    from dhr.evidence.export import HEADER

    addressee, salutation = _agency_addressee(involvement)
    output = involvement.output.label.lower()
    body = [
        (
            f"Thank you for your agency's help with the {_title(review)} into the death of "
            f"{_person(review.victim, real_names)}. The review panel has asked {involvement.agency.name} for: "
            f"{output}."
        ),
        (
            f"Please send it by {long_date(involvement.due_on) or _gap('due date')}. It should cover the period "
            f"{_scope(review)}."
        ),
    ]
    if lines_of_enquiry:
        body.append("Please address each of the panel's key lines of enquiry:")
        body.extend(Line(f"{number}. {text}", bullet=True) for number, text in lines_of_enquiry)
    body += [
        "A chronology should have one row for each contact, with these columns:",
        *(Line(column, bullet=True) for column in HEADER[:-1]),
        (
            "The author of an individual management review should be independent of the case and of the line "
            "management of the staff involved, and should say so in the report. A senior manager of your agency "
            "should sign the report off before it is sent."
        ),
        "Please use the pseudonyms of the people involved in anything you write for the review.",
    ]
    return _letter(
        review,
        "imr-request",
        addressee=addressee,
        salutation=salutation,
        subject=_subject(review, real_names),
        body=body,
        signatory=_signatory(review),
    )


def family_letter(review, contact, *, real_names: bool = False) -> Letter:
    """The first letter to a member of the family or a friend: condolences, what the review is, and support."""
    from dhr.permissions import ReviewRole

    victim = _person(review.victim, real_names)
    chair = _member(review, ReviewRole.CHAIR)
    chair_name = chair.user.name if chair else _gap("chair's name")
    advocacy = (
        f"{contact.advocate_name} of {contact.advocacy_organisation} has offered to support you."
        if contact.advocate_name and contact.advocacy_organisation
        else "Specialist advocacy is available free of charge, for example from Advocacy After Fatal Domestic "
        "Abuse (AAFDA), and I would be glad to put you in touch."
    )
    body = [
        f"I am very sorry for the loss of {victim}. Please accept my sincere condolences.",
        (
            f"{review.partnership.name} has decided to hold a {_title(review)}. Its purpose is to learn lessons about "
            "how local agencies work together, so that others may be better protected in future. It is not an inquiry "
            "into how someone died or into who is to blame: that is for the police, the courts and the coroner."
        ),
        (
            f"I am {chair_name}, the independent chair of the review. The panel would very much like to hear from you, "
            f"in whatever way suits you, about {victim}'s life and what you think could have been done differently. "
            "You can also give a tribute in your own words, help choose the name used for them in the report, and "
            "read the report before it is published."
        ),
        advocacy,
        (
            "I have enclosed the Home Office leaflet for families, which explains the review. Taking part is your "
            "choice, and you can change your mind at any time."
        ),
    ]
    return _letter(
        review,
        "family",
        addressee=(contact.name,),
        salutation=f"Dear {contact.name}",
        subject=_subject(review, real_names),
        body=body,
        signatory=(chair_name, "Independent chair", review.partnership.name),
    )


def commissioner_letter(review, *, versions: str = "", real_names: bool = False) -> Letter:
    """Sending the completed report to the Domestic Abuse Commissioner, as section 9 of the 2004 Act requires."""

    enclosed = versions or "the overview report, executive summary and action plan"
    body = [
        f"I enclose the completed {_title(review)} into the death of {_person(review.victim, real_names)}: {enclosed}.",
        (
            "I am sending it to you as section 9 of the Domestic Violence, Crime and Victims Act 2004 requires, as "
            "soon as reasonably practicable after the review was completed."
        ),
        (
            f"The report is {MARKING} until the Home Office Quality Assurance Panel has approved it for publication. "
            "Please do not share or publish it before then."
        ),
        f"Please quote the reference {review.reference} in any reply.",
    ]
    return _letter(
        review,
        "commissioner",
        addressee=("The Domestic Abuse Commissioner",),
        salutation="Dear Commissioner",
        subject=_subject(review, real_names),
        body=body,
        signatory=_signatory(review),
    )
