"""Demo agency evidence: the agency matrices and chronologies of two demo reviews (Ms J and Adult Q)."""

from datetime import timedelta

from sqlalchemy import func, select

from dhr.agencies.seed import agency_of
from dhr.auth.seed import people_of
from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.permissions import ReviewRole
from dhr.reviews import services
from dhr.reviews.models import Review
from dhr.reviews.queries import review_of_victim

R = ReviewRole

# (victim pseudonym of the review, agency code, output, status, entries as (days before notification, text, event type))
EVIDENCE = [
    # The published review's contributors: two IMRs and three chronologies, all accepted before drafting.
    (
        "Mrs AA",
        "MPS",
        "imr",
        "accepted",
        [(800, "Neighbours reported shouting; Mrs AA said she had fallen.", "Call-out")],
    ),
    (
        "Mrs AA",
        "WCC-ASC",
        "imr",
        "accepted",
        [(700, "Care needs assessment; her son recorded as her carer.", "Assessment")],
    ),
    (
        "Mrs AA",
        "CNWL",
        "chronology",
        "accepted",
        [(650, "Son seen by the community mental health team.", "Appointment")],
    ),
    (
        "Ms J",
        "MPS",
        "imr",
        "in_progress",
        [
            (400, "Police called to a verbal argument at the home address. No offences disclosed.", "Call-out"),
            (210, "DASH risk assessment completed with Ms J: medium risk.", "DASH completed"),
            (95, "Ms J reported threats by text message; Mr K arrested and released under investigation.", "Arrest"),
        ],
    ),
    ("Ms J", "CNWL", "short_report", "requested", []),
    (
        "Ms J",
        "WCC-ASC",
        "chronology",
        "accepted",
        [
            (300, "Referral from the GP about Ms J's low mood; assessment offered and declined.", "Referral"),
        ],
    ),
    ("Ms J", "LFB", "none", "not_requested", []),
    # In the terms of reference but not yet asked: the matrix offers to send every request not yet sent.
    ("Ms J", "LAS", "chronology", "not_requested", []),
    (
        "Adult Q",
        "MPS",
        "imr",
        "accepted",
        [
            (500, "Neighbour reported shouting; officers attended, both parties spoken to.", "Call-out"),
            # Typed with her real name, as officers write: saved as her token, listed under "Names replaced".
            (200, "{real_name} called 999 from a neighbour's flat; she said she was safe.", "999 call"),
            (120, "MARAC referral made after a high-risk DASH.", "MARAC"),
        ],
    ),
    (
        "Adult Q",
        "CNWL",
        "short_report",
        "accepted",
        [
            (150, "Adult Q attended A&E with a facial injury, said she fell.", "A&E attendance"),
        ],
    ),
    # The ambulance service reports the police's call-out too: a possible duplicate for the chair to decide.
    (
        "Adult Q",
        "LAS",
        "chronology",
        "submitted",
        [
            (500, "Neighbour reported shouting; officers and ambulance attended, both parties spoken to.", "Call-out"),
            # Her mother, by name, before the family log knew her: listed under "Case text to check" once it does.
            (320, "Lucia Russo rang for an ambulance when her daughter collapsed at home.", "999 call"),
        ],
    ),
]


def seed_evidence(partnership) -> int:
    """Agency matrices and chronologies for two demo reviews (once)."""
    from dhr.evidence import services as evidence
    from dhr.evidence.fuzzy_dates import FuzzyDate, Precision
    from dhr.evidence.models import AgencyInvolvement
    from dhr.evidence.stages import Contact, EvidenceStatus, OutputRequired

    if db.session.scalar(
        select(func.count()).select_from(AgencyInvolvement).join(Review).where(Review.partnership_id == partnership.id)
    ):
        return 0
    people = people_of(partnership.id)
    coordinator = people["coordinator"]
    contributor_for = {"MPS": people["police"], "CNWL": people["health"], "LAS": people["ambulance"]}
    for victim, code, output, status, entries in EVIDENCE:
        review = review_of_victim(partnership.id, victim)
        agency = agency_of(partnership.id, code)
        if code in contributor_for and not any(
            m.user_id == contributor_for[code].id and m.agency_id == agency.id for m in review.members
        ):
            services.add_member(
                review, user=contributor_for[code], role=R.AGENCY_CONTRIBUTOR, agency=agency, actor=coordinator
            )
        if code == "WCC-ASC" and not any(
            m.role is R.AGENCY_CONTRIBUTOR and m.agency_id == agency.id for m in review.members
        ):
            services.add_member(
                review, user=people["panel"], role=R.AGENCY_CONTRIBUTOR, agency=agency, actor=coordinator
            )
        none = output == "none"
        involvement = evidence.involve_agency(
            review,
            agency=agency,
            actor=coordinator,
            contact_victim=Contact.NO if none else Contact.YES,
            contact_perpetrator=Contact.NO if none else Contact.YES,
            contact_children=Contact.UNKNOWN,
            records_secured_on=review.notified_on + timedelta(days=7),
            output=OutputRequired(output),
            exclusion_reason="Searched: no contact with the victim or the perpetrator." if none else "",
            due_on=london_today() + timedelta(days=10 if status != "accepted" else -20),
        )
        if none or status == "not_requested":
            continue
        evidence.send_request(involvement, actor=coordinator)
        author = contributor_for.get(code, people["panel"])
        victim = review.victim
        for days_before, text, event_type in entries:
            when = FuzzyDate(review.notified_on - timedelta(days=days_before), Precision.EXACT)
            evidence.add_entry(
                involvement,
                when=when,
                people=[victim] if victim else [],
                actor=author,
                details=text.replace("{real_name}", victim.real_name if victim else ""),
                event_type=event_type,
                service_team=agency.name,
                source_ref=f"{code}/{days_before:04d}",
            )
        if status == "submitted":
            evidence.submit(involvement, actor=author)
        if status == "accepted":
            if involvement.output in evidence.NEEDS_IMR:
                evidence.save_imr(
                    involvement,
                    actor=author,
                    author_name=author.name,
                    author_role=f"IMR author, {agency.name}",
                    sections={
                        "agency_details": f"{agency.name}. The author had no involvement with the case or the staff.",
                        "terms": "Scope: the three years before the death, as set by the terms of reference.",
                        "methodology": "Records reviewed; two practitioners interviewed; policies considered.",
                        "involvement": "Contact is set out in the chronology.",
                        "analysis": "Risk was assessed at each contact but not shared with partners.",
                        "good_practice": "Prompt response to each call.",
                        "lessons": "Share risk information with the MARAC at the first opportunity.",
                        "recommendations": "Refresh training on the DASH risk checklist.",
                    },
                    sign_off_name=agency.senior_contact_name or "Senior manager",
                    sign_off_role="Head of safeguarding",
                    sign_off_on=review.notified_on + timedelta(days=60),
                    attested=True,
                    author_independent=True,
                )
            evidence.submit(involvement, actor=author)
            evidence.accept(involvement, actor=coordinator)
        assert involvement.status is EvidenceStatus(status), (victim, code)
    db.session.flush()
    return len(EVIDENCE)
