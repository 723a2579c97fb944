"""Demo sign-offs, submissions, copies, QA letters with their response matrices, and publications.

seed/reviews.py walks each demo review through its steps; these are the steps from CSP sign-off on, each recorded
through the services (so the stage moves, the history and the audit log are as real use leaves them).
Pseudonyms only: QA letters and responses quote reports that are published.
"""

from dataclasses import dataclass
from datetime import timedelta

from dhr.assurance import qa, services
from dhr.assurance.stages import CopyRecipient, PointStatus, QaOutcome, SendMethod

P = PointStatus
WEB = "https://www.westminster.gov.uk/domestic-violence-against-women-and-girls/domestic-abuse-related-death-reviews-dardr"


@dataclass(frozen=True)
class DemoPoint:
    """A development point as the letter put it, and where the response stands."""

    text: str
    status: PointStatus = PointStatus.OPEN
    response: str = ""
    paragraphs: str = ""
    reason: str = ""


@dataclass(frozen=True)
class DemoLetter:
    """A QA letter: its outcome, days from the panel meeting to receipt, positives and points."""

    outcome: QaOutcome
    panel_gap: int
    positives: str
    points: tuple[DemoPoint, ...] = ()


LETTERS = {
    "ms_w": DemoLetter(
        QaOutcome.RESUBMISSION,
        33,
        "The panel thanked the chair for a sensitive report and for the family's involvement throughout.",
        (
            DemoPoint(
                "The report describes the coercive and controlling behaviour Ms W experienced but does not "
                "analyse it. Please analyse it against the statutory definition and the research on suicide "
                "following abuse.",
                P.ADDRESSED,
                "Section 16 now analyses the controlling behaviour against the statutory definition, drawing on "
                "the research on suicide after domestic abuse.",
                "16.3-16.9",
            ),
            DemoPoint(
                "The equality and diversity section lists the protected characteristics without considering how "
                "Ms W's disability and age affected her access to services.",
                P.IN_PROGRESS,
                "The author is redrafting section 11 with the adult social care panel member.",
            ),
            DemoPoint(
                "The panel would like a sense of Ms W as a person: a tribute or pen portrait, agreed with the family.",
                P.ADDRESSED,
                "A tribute written with Ms W's sister now opens the report.",
                "Preface",
            ),
            DemoPoint(
                "Recommendations 3 and 5 are not specific enough to measure. Make each one SMART and align the "
                "action plan with them."
            ),
            DemoPoint(
                "Consider a national recommendation on the information given to families at the start of a review.",
                P.NOT_ACCEPTED,
                reason="The Home Office leaflet for families was revised in 2023 and the family confirmed they "
                "received it; a national recommendation would not add to that. Paragraph 6.3 now says so.",
            ),
        ),
    ),
    "adult_y": DemoLetter(
        QaOutcome.SUBJECT_TO_CHANGES,
        31,
        "The panel commended the analysis of agency contact and the tribute, which gives a real sense of who "
        "Adult Y was.",
        (
            DemoPoint(
                "Use the pseudonym consistently: Adult Y is referred to by an initial in paragraphs 4.2 and 13.7.",
                P.ADDRESSED,
                "Corrected.",
                "4.2, 13.7",
            ),
            DemoPoint(
                "Shorten the chronology section and move the detailed agency chronology to an appendix.",
                P.ADDRESSED,
                "Section 14 is now a narrative summary; the agency chronology is Appendix D.",
                "Section 14; Appendix D",
            ),
            DemoPoint(
                "Add the dates of the panel meetings and explain the delay caused by the criminal trial.",
                P.ADDRESSED,
                "Timescales section expanded with every panel date and the trial's effect.",
                "2.1-2.4",
            ),
            DemoPoint(
                "Include the family's views on the recommendations, if they wish to give them.",
                P.ADDRESSED,
                "Adult Y's mother's views are included with her agreement.",
                "6.5",
            ),
            DemoPoint(
                "Add a glossary of abbreviations.",
                P.NOT_ACCEPTED,
                reason="Every abbreviation is now written out in full at first use, which the family preferred.",
            ),
        ),
    ),
    "mrs_aa": DemoLetter(
        QaOutcome.SUBJECT_TO_CHANGES,
        30,
        "A clear, well-structured report with good use of research on adult family homicide and carer stress.",
        (
            DemoPoint(
                "Explain why the housing association was not asked for an IMR.",
                P.ADDRESSED,
                "Paragraph 7.4 explains that it had no contact in the scope period.",
                "7.4",
            ),
            DemoPoint(
                "Analyse the economic abuse Mrs AA experienced, not only describe it.",
                P.ADDRESSED,
                "New analysis of economic abuse, with research on older victims.",
                "16.10-16.14",
            ),
            DemoPoint(
                "The executive summary should include the recommendations in full.",
                P.ADDRESSED,
                "Recommendations added to the executive summary, section 10.",
                "ES 10.1-10.8",
            ),
            DemoPoint(
                "Consider whether unconscious bias about older victims affected professionals' responses.",
                P.ADDRESSED,
                "Section 17 now considers it, with two examples from the chronology.",
                "17.6-17.8",
            ),
        ),
    ),
    "adult_ee_first": DemoLetter(
        QaOutcome.RESUBMISSION,
        28,
        "The panel recognised the chair's work with a large number of agencies.",
        (
            DemoPoint(
                "The panel membership did not include a specialist domestic abuse service. Explain how that "
                "expertise was brought into the review.",
                P.ADDRESSED,
                "A specialist domestic abuse service joined the panel; its review of the draft is described.",
                "8.1-8.3",
            ),
            DemoPoint(
                "The analysis does not address the terms of reference on information sharing between the MARAC "
                "and health services.",
                P.ADDRESSED,
                "New section on information sharing with the MARAC.",
                "16.20-16.31",
            ),
            DemoPoint(
                "Lessons and recommendations are not clearly linked. Number each lesson and show which "
                "recommendation answers it.",
                P.ADDRESSED,
                "Lessons are numbered and cross-referenced to each recommendation and the action plan.",
                "Sections 18-19",
            ),
            DemoPoint(
                "Consider a separate learning brief for GPs.",
                P.NOT_ACCEPTED,
                reason="The ICB's safeguarding team is producing a borough-wide GP briefing that will carry this.",
            ),
        ),
    ),
    "adult_ee_second": DemoLetter(
        QaOutcome.APPROVED,
        6,
        "The panel is content that the resubmitted report addresses its earlier comments and may be published.",
    ),
}


def _sign_off(review, on, arg, ctx):
    services.record_sign_off(
        review,
        signed_off_on=on,
        signed_off_by="Chair of the board",
        body="Safer Westminster Partnership board",
        minute_reference=f"SWP board {on.day} {on:%B %Y}, item 5",
        notes="Overview report, executive summary and action plan approved."
        if review.stage.value == "csp_sign_off"
        else "Revised report approved for resubmission.",
        actor=ctx["coordinator"],
    )


def _submit(review, on, arg, ctx):
    version = "v1.1" if review.stage.value == "revisions" else "v1.0"
    services.record_submission(
        review,
        sent_on=on,
        method=SendMethod.SECURE_EMAIL,
        versions_sent=f"Overview report {version}; Executive summary {version}; Action plan {version}",
        notes="Sent to the Home Office DHR team with a covering letter from the partnership chair.",
        actor=ctx["coordinator"],
    )


def _copy(review, on, arg, ctx):
    services.record_report_copy(
        review,
        recipient=CopyRecipient.COMMISSIONER,
        sent_on=on,
        method=SendMethod.SECURE_EMAIL,
        what_sent="Overview report v1.0, executive summary and action plan, with a covering letter",
        notes="",
        actor=ctx["coordinator"],
    )


def _qa_letter(review, on, scenario, ctx):
    demo = LETTERS[scenario]
    letter = qa.record_qa_letter(
        review,
        panel_on=on - timedelta(days=demo.panel_gap),
        letter_dated_on=on - timedelta(days=min(3, demo.panel_gap)),
        received_on=on,
        outcome=demo.outcome,
        positives=demo.positives,
        points_text="\n".join(f"{n}. {point.text}" for n, point in enumerate(demo.points, start=1)),
        actor=ctx["coordinator"],
    )
    for point, wanted in zip(letter.points, demo.points, strict=True):
        if wanted.status is not PointStatus.OPEN:
            qa.respond_to_point(
                point,
                status=wanted.status,
                response=wanted.response,
                paragraphs_changed=wanted.paragraphs,
                not_accepted_reason=wanted.reason,
                actor=ctx["chair"],
            )


def _publish(review, on, arg, ctx):
    services.record_publication(
        review,
        published_on=on,
        web_address=WEB,
        family_told_on=on - timedelta(days=7),
        library_entry=f"Home Office DHR Library: {review.reference}",
        executive_summary_on=on,
        notes="The family received a copy the week before publication.",
        actor=ctx["coordinator"],
    )


def _defer(review, on, arg, ctx):
    from dhr.assurance.stages import HoldKind

    services.record_publication_hold(
        review,
        kind=HoldKind.DEFERRED,
        reason="The perpetrator's appeal against sentence is listed; the family asked to wait for its outcome.",
        decided_on=on,
        review_on=on + timedelta(days=90),
        home_office_agreed_on=None,
        actor=ctx["coordinator"],
    )


# Steps for seed.reviews.ACTIONS: function(review, date, argument, context).
ASSURANCE_ACTIONS = {
    "defer": _defer,
    "sign_off": _sign_off,
    "submit": _submit,
    "dac_copy": _copy,
    "qa_letter": _qa_letter,
    "publish": _publish,
}
