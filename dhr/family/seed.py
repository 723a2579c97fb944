"""Demo family engagement logs for the Safer Westminster reviews at drafting or later. All names are invented.

Tributes use the pseudonym the family chose, never a real name: they are published with the report.
"""

from datetime import timedelta

from sqlalchemy import func, select

from dhr.auth.models import User
from dhr.core.dates import london_today
from dhr.extensions import db
from dhr.family import services, workflow
from dhr.family.models import FamilyEngagement
from dhr.family.stages import AttemptOutcome as O
from dhr.family.stages import (
    CommentStatus,
    ConsentStatus,
    ContactKind,
    Leaflet,
    NoEngagementReason,
    PerpetratorContact,
)
from dhr.family.stages import ContactMethod as M
from dhr.reviews.models import Review
from dhr.reviews.queries import review_of_victim
from dhr.reviews.stages import ReviewStage
from dhr.reviews.workflow import entered_on

AAFDA = "AAFDA (Advocacy After Fatal Domestic Abuse)"
NHS = "Victim Support National Homicide Service"
CHAIR = "Jo Whitfield (chair)"

# Each contact: name, relationship, kind, preferred method, details, advocate, organisation, leaflet,
# leaflet given (days ago), consent moves [(days ago, status, note)], attempts [(days ago, method, by, outcome, note)].
ADULT_Q = {
    "victim": "Adult Q",
    "pseudonym": "Bella",
    "tribute": (
        "Bella was the heart of our family. She was the first to laugh and the last to leave a party, and she "
        "never missed a Sunday phone call. She trained as a nurse because she wanted to look after people, and "
        "her patients remembered her. We want the review to help the next woman who is too frightened to ask "
        "for help."
    ),
    "tribute_from": "Her mother and sister",
    "shared_ago": 20,
    "shared_with": "Her mother and sister, at a meeting with the chair and their AAFDA advocate. "
    "They took copies to read in their own time.",
    "contacts": [
        (
            "Lucia Russo",
            "Mother",
            ContactKind.FAMILY,
            M.PHONE,
            "07700 900418",
            "Frances Lowe",
            AAFDA,
            Leaflet.FAMILY,
            206,
            [(197, ConsentStatus.GIVEN, "Agreed to take part and for her account to be used in the report.")],
            [
                (
                    206,
                    M.LETTER,
                    CHAIR,
                    O.OTHER,
                    "First letter, with the Home Office family leaflet and AAFDA's details.",
                ),
                (199, M.PHONE, CHAIR, O.NO_ANSWER, ""),
                (
                    197,
                    M.PHONE,
                    "Frances Lowe (AAFDA advocate)",
                    O.REACHED,
                    "Wants to take part; prefers to meet at home.",
                ),
                (150, M.IN_PERSON, CHAIR, O.REACHED, "Met at home with her advocate: talked about Bella's life."),
                (20, M.IN_PERSON, CHAIR, O.REACHED, "Draft shared at a meeting with her advocate."),
                (9, M.PHONE, CHAIR, O.REACHED, "Talked through her comments on the draft."),
            ],
        ),
        (
            "Elena Russo",
            "Sister",
            ContactKind.FAMILY,
            M.EMAIL,
            "elena.russo@example.com",
            "Frances Lowe",
            AAFDA,
            Leaflet.FAMILY,
            204,
            [(190, ConsentStatus.GIVEN, "Agreed by email, copied to her advocate.")],
            [
                (204, M.EMAIL, CHAIR, O.NO_ANSWER, "Introductory email with the leaflet attached."),
                (190, M.EMAIL, CHAIR, O.REACHED, "Replied: wants to be involved with her mother."),
                (45, M.VIDEO, CHAIR, O.REACHED, "Video call about the panel's emerging findings."),
                (20, M.IN_PERSON, CHAIR, O.REACHED, "Draft shared at the meeting with her mother."),
            ],
        ),
        (
            "Kirsty Adams",
            "Close friend from nursing college",
            ContactKind.FRIEND,
            M.TEXT_MESSAGE,
            "07700 900733",
            "",
            "",
            Leaflet.FRIENDS,
            150,
            [(120, ConsentStatus.GIVEN, "Happy to be interviewed; does not want to be named.")],
            [
                (150, M.TEXT_MESSAGE, CHAIR, O.MESSAGE_LEFT, "Introduced through Bella's sister."),
                (120, M.PHONE, CHAIR, O.REACHED, "Interviewed by phone about the last year of Bella's life."),
                (60, M.TEXT_MESSAGE, CHAIR, O.REACHED, "Offered an update; she asked to hear again after the panel."),
                (15, M.TEXT_MESSAGE, CHAIR, O.NO_ANSWER, "Offered a summary of the draft."),
            ],
        ),
    ],
    "comments": [
        (
            "Lucia Russo",
            8,
            "3.2",
            "The draft says Bella had little contact with her family in the last year. She phoned me every Sunday.",
            CommentStatus.ADDRESSED,
            "Paragraph 3.2 now records her weekly calls to her mother, from the family's account.",
        ),
        (
            "Elena Russo",
            6,
            "6.3",
            "The police should have told us about the earlier call-outs. We want the report to say so.",
            CommentStatus.OPEN,
            "",
        ),
        (
            "Elena Russo",
            6,
            "5.1",
            "Please name the officer who attended in March.",
            CommentStatus.NOT_ACCEPTED,
            (
                "Reports do not name individual practitioners. Paragraph 5.1 sets out what the force did, and "
                "recommendation 2 is addressed to the force."
            ),
        ),
    ],
}

MR_S = {
    "victim": "Mr S",
    "perpetrator": "not_approached",
    # The family asked to keep the initial the police used: they did not want a name that was not his.
    "pseudonym": "Mr S",
    "tribute": (
        "Mr S was a gentle and proud man who came to London with nothing and built a life for all of us. He "
        "grew tomatoes on the balcony and gave them to every neighbour. He was our father and grandfather, "
        "and we miss him every day."
    ),
    "tribute_from": "His daughter, on behalf of the family",
    "shared_stage": ReviewStage.FAMILY_SIGHT,
    "shared_with": "His daughter and son, with their National Homicide Service caseworker, two weeks before "
    "the panel's final meeting.",
    "contacts": [
        (
            "Amina Noor",
            "Daughter",
            ContactKind.FAMILY,
            M.PHONE,
            "07700 900152",
            "Dev Mistry",
            NHS,
            Leaflet.FAMILY,
            146,
            [(140, ConsentStatus.GIVEN, "Speaks for the family; wants to read the draft.")],
            [
                (146, M.LETTER, CHAIR, O.OTHER, "First letter with the family leaflet, through the caseworker."),
                (140, M.PHONE, "Dev Mistry (caseworker)", O.REACHED, "Agreed to meet the chair."),
                (100, M.IN_PERSON, CHAIR, O.REACHED, "Met at the caseworker's office."),
                (25, M.IN_PERSON, CHAIR, O.REACHED, "Draft shared."),
                (12, M.PHONE, CHAIR, O.REACHED, "Went through the family's comments."),
            ],
        ),
        (
            "Hassan Noor",
            "Son",
            ContactKind.FAMILY,
            M.THROUGH_ADVOCATE,
            "",
            "Dev Mistry",
            NHS,
            Leaflet.FAMILY,
            146,
            [(138, ConsentStatus.GIVEN, "")],
            [(138, M.THROUGH_ADVOCATE, CHAIR, O.REACHED, "Agreed through his caseworker to take part.")],
        ),
        (
            "Peter Walsh",
            "Neighbour",
            ContactKind.NEIGHBOUR,
            M.IN_PERSON,
            "",
            "",
            "",
            Leaflet.FRIENDS,
            130,
            [
                (128, ConsentStatus.GIVEN, "Agreed to a short interview."),
                (90, ConsentStatus.WITHDRAWN, "Asked not to be involved further; his interview is not used."),
            ],
            [
                (130, M.IN_PERSON, CHAIR, O.REACHED, "Called at his door with the leaflet for friends."),
                (92, M.PHONE, CHAIR, O.DECLINED, "Did not want to talk further."),
            ],
        ),
    ],
    "comments": [
        (
            "Amina Noor",
            18,
            "2.4",
            "Our father was not 'frail'. He walked to the mosque every day until the month he died.",
            CommentStatus.ADDRESSED,
            "Paragraph 2.4 now describes his daily routine in the family's words.",
        ),
        (
            "Amina Noor",
            18,
            "7.1",
            "Adult social care should have visited after the GP's referral.",
            CommentStatus.ADDRESSED,
            "Added to the analysis at 7.1; recommendation 3 asks adult social care to review referral triage.",
        ),
    ],
}

ADULT_L = {
    "victim": "Adult L",
    "reason": NoEngagementReason.NOT_TRACED,
    "detail": "Her only relative, a brother, lives abroad. Letters through the police family liaison officer "
    "and the consulate have had no reply.",
    "contacts": [
        (
            "Mark Cole",
            "Brother",
            ContactKind.FAMILY,
            M.LETTER,
            "Address held by the police family liaison officer",
            "",
            "",
            Leaflet.FAMILY,
            175,
            [],
            [
                (175, M.LETTER, CHAIR, O.OTHER, "Letter and family leaflet sent through the family liaison officer."),
                (120, M.LETTER, CHAIR, O.NO_ANSWER, "Second letter through the consulate."),
                (60, M.EMAIL, CHAIR, O.NO_ANSWER, "Email to an address the police found."),
            ],
        )
    ],
}

# Reviews further on: one relative each, consent given, tribute, draft shared at family sight, one comment.
LATER = [("Adult U", "Meera Desai", "Mother"), ("Ms W", "Susan Grant", "Mother"), ("Adult Y", "Tom Hall", "Brother")]
LATER += [("Mrs AA", "Carol Whitaker", "Daughter"), ("Adult EE", "Ann Quinn", "Mother")]


def _later(victim: str, name: str, relationship: str) -> dict:
    return {
        "victim": victim,
        "pseudonym": victim,
        "tribute": f"{victim} was loved, funny and fiercely loyal. We want people to remember how she lived.",
        "tribute_from": f"Her {relationship.lower()}",
        "shared_stage": ReviewStage.FAMILY_SIGHT,
        "shared_with": f"Her {relationship.lower()}, with an AAFDA advocate.",
        "relative": (name, relationship),
    }


def _add_contact(review, spec, actor, today):
    name, relationship, kind, method, details, advocate, organisation, leaflet, leaflet_ago, consents, attempts = spec
    contact = services.add_contact(
        review,
        actor=actor,
        name=name,
        relationship_to_victim=relationship,
        kind=kind,
        preferred_method=method,
        contact_details=details,
        advocate_name=advocate,
        advocacy_organisation=organisation,
        leaflet=leaflet,
        leaflet_given_on=today - timedelta(days=leaflet_ago),
        person_id=None,
        notes="",
    )
    for days_ago, on_method, by, outcome, note in attempts:
        services.add_attempt(
            contact,
            actor=actor,
            attempted_on=today - timedelta(days=days_ago),
            method=on_method,
            made_by=by,
            outcome=outcome,
            note=note,
        )
    for days_ago, status, note in consents:
        workflow.change_consent(contact, status, effective_on=today - timedelta(days=days_ago), note=note, actor=actor)
    return contact


def _log(review, spec: dict, actor, today) -> None:
    contacts = {c[0]: _add_contact(review, c, actor, today) for c in spec.get("contacts", [])}
    if "reason" in spec:
        services.record_participation(review, reason=spec["reason"], detail=spec["detail"], actor=actor)
        services.record_no_tribute(
            review,
            reason="Nobody from the family could be traced to give one; the preface offers condolences.",
            actor=actor,
        )
        return
    services.record_tribute(review, text=spec["tribute"], given_by=spec["tribute_from"], actor=actor)
    services.record_pseudonym(review, pseudonym=spec["pseudonym"], actor=actor)
    shared = (
        entered_on(review, spec["shared_stage"])
        if "shared_stage" in spec
        else today - timedelta(days=spec["shared_ago"])
    )
    services.record_draft_shared(
        review,
        shared_on=shared,
        shared_with=spec["shared_with"],
        comments_due_on=shared + timedelta(days=28),
        actor=actor,
    )
    perpetrator = PERPETRATOR_NOT_APPROACHED if spec.get("perpetrator") == "not_approached" else PERPETRATOR_DECLINED
    _terms_and_perpetrator(review, actor, perpetrator)
    for name, days_ago, paragraph, text, status, response in spec.get("comments", []):
        comment = services.add_comment(
            review,
            actor=actor,
            contact_id=contacts[name].id,
            received_on=today - timedelta(days=days_ago),
            paragraph=paragraph,
            comment=text,
        )
        if status is not CommentStatus.OPEN:
            workflow.respond_to_comment(comment, status=status, response=response, actor=actor)


# How the perpetrator's account was sought: (contact, days after the decision, what happened or why not).
PERPETRATOR_DECLINED = (
    PerpetratorContact.DECLINED,
    60,
    "The chair wrote through the prison's offender manager; he declined to take part.",
)
PERPETRATOR_INTERVIEWED = (
    PerpetratorContact.INTERVIEWED,
    45,
    "The chair met him in prison with his solicitor; his account is in the analysis.",
)
PERPETRATOR_NOT_APPROACHED = (
    PerpetratorContact.NOT_APPROACHED,
    None,
    "The senior investigating officer advised against contact until the appeal is decided.",
)


def _terms_and_perpetrator(review, actor, perpetrator) -> None:
    """The family's input to the terms of reference, and whether the perpetrator's account was sought."""
    start = review.decided_on or review.notified_on
    services.record_terms_input(
        review,
        given_on=start + timedelta(days=10),
        summary="They asked the review to look at her contact with her GP and with housing in the last year.",
        actor=actor,
    )
    contact, days, detail = perpetrator
    services.record_perpetrator_contact(
        review,
        contact=contact,
        contacted_on=start + timedelta(days=days) if days is not None else None,
        detail=detail,
        actor=actor,
    )


def _later_log(review, spec: dict, actor) -> None:
    shared = entered_on(review, ReviewStage.FAMILY_SIGHT)
    name, relationship = spec["relative"]
    contact = _add_contact(
        review,
        (
            name,
            relationship,
            ContactKind.FAMILY,
            M.PHONE,
            "",
            "",
            AAFDA,
            Leaflet.FAMILY,
            (london_today() - shared).days + 90,
            [((london_today() - shared).days + 80, ConsentStatus.GIVEN, "")],
            [((london_today() - shared).days + 85, M.PHONE, CHAIR, O.REACHED, "First conversation.")],
        ),
        actor,
        london_today(),
    )
    services.record_tribute(review, text=spec["tribute"], given_by=spec["tribute_from"], actor=actor)
    services.record_pseudonym(review, pseudonym=spec["pseudonym"], actor=actor)
    services.record_draft_shared(
        review,
        shared_on=shared,
        shared_with=spec["shared_with"],
        comments_due_on=shared + timedelta(days=21),
        actor=actor,
    )
    _terms_and_perpetrator(review, actor, PERPETRATOR_INTERVIEWED)
    comment = services.add_comment(
        review,
        actor=actor,
        contact_id=contact.id,
        received_on=shared + timedelta(days=10),
        paragraph="1.1",
        comment="Please use the photograph we chose, not the one from the newspaper.",
    )
    workflow.respond_to_comment(
        comment, status=CommentStatus.ADDRESSED, response="The family's photograph is used.", actor=actor
    )


def seed_family(partnership) -> int:
    """Family engagement logs for the demo reviews at drafting or later (once); returns how many were added."""
    if db.session.scalar(
        select(func.count()).select_from(FamilyEngagement).join(Review).where(Review.partnership_id == partnership.id)
    ):
        return 0
    chair = db.session.scalar(select(User).where(User.email == "chair@swp.example"))
    today = london_today()
    added = 0
    for spec in (ADULT_Q, MR_S, ADULT_L):
        review = review_of_victim(partnership.id, spec["victim"])
        if review is not None:
            _log(review, spec, chair, today)
            added += 1
    for victim, name, relationship in LATER:
        review = review_of_victim(partnership.id, victim)
        if review is not None and entered_on(review, ReviewStage.FAMILY_SIGHT):
            _later_log(review, _later(victim, name, relationship), chair)
            added += 1
    db.session.flush()
    return added
