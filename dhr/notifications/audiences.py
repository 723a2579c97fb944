"""Who hears of what: the table of audiences, as data.

Each row is keyed by an event's kind (the audit action, "evidence.submitted") and says, for that event, which
people are told, in which category, in what words and where the notification leads. An event with no row is
heard by nobody. The words name only a reference, an agency and what happened: never a person's name or case text.

The audiences:
- the review roles: the members holding that role on the review;
- COORDINATORS: the review's coordinator members, or when it has none (or the event is the partnership's own,
  as a duty falling due), the partnership's coordinators;
- AGENCY: the review's contributors from the agency whose work it is (the event's agency, and no other);
- PERSON: the one person the event is about (the member added, the author of a comment).
The person who acted is never told of their own act.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dhr.core.enums import LabelledEnum
from dhr.core.events import Event


class Category(LabelledEnum):
    """The inbox's filters, and (later) what a person chooses to have emailed."""

    EVIDENCE = "evidence"
    DRAFTING = "drafting"
    FAMILY = "family"
    ASSURANCE = "assurance"
    ACTIONS = "actions"
    MEETINGS = "meetings"
    MEMBERSHIP = "membership"
    CLOCKS = "clocks"
    DUTIES = "duties"
    DECISIONS = "decisions"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "evidence": "Agency evidence",
            "drafting": "Drafting",
            "family": "Family",
            "assurance": "Sign-off and QA",
            "actions": "Action plan",
            "meetings": "Meetings",
            "membership": "Review membership",
            "clocks": "Clocks",
            "duties": "Statutory duties",
            "decisions": "Decisions and milestones",
        }


class To(LabelledEnum):
    """Who an audience names."""

    CHAIR = "chair"
    AUTHOR = "author"
    PANEL = "panel_member"
    OBSERVER = "observer"
    COORDINATORS = "coordinators"
    AGENCY = "agency"
    PERSON = "person"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "chair": "The review's chair",
            "author": "The overview report's author",
            "panel_member": "The panel members",
            "observer": "The observers",
            "coordinators": "The review's coordinators",
            "agency": "The contributors of the agency whose work it is",
            "person": "The person it is about",
        }


PANEL_AND_COORDINATORS = (To.CHAIR, To.AUTHOR, To.PANEL, To.OBSERVER, To.COORDINATORS)


@dataclass(frozen=True)
class Telling:
    """One row of the table. `says` is formatted with {reference}, {agency}, {name} (a clock's name), {duty} and
    {label} (a duty's code and an occurrence's period); `link` is an endpoint and the arguments it takes besides
    review_id (for a review's event), read off the event's object; `when` narrows the row to some events of its
    kind; `agency` reads the agency concerned off the object, and `person` the person off the event."""

    label: str
    category: Category
    to: tuple[To, ...]
    says: str
    link: tuple[str, Callable[[Any], dict[str, Any]]]
    when: Callable[[Event], bool] = lambda event: True
    agency: Callable[[Any], int | None] = lambda obj: getattr(obj, "agency_id", None)
    person: Callable[[Event], int | None] = lambda event: None


def _moved_from(status: str) -> Callable[[Event], bool]:
    return lambda event: event.data.get("from") == status


def _reminder(kind: str) -> Callable[[Event], bool]:
    return lambda event: event.data.get("kind") == kind


def _request(obj: Any) -> dict[str, Any]:
    return {"involvement_id": obj.id}


def _action(obj: Any) -> dict[str, Any]:
    return {"action_id": obj.id}


def _meeting(obj: Any) -> dict[str, Any]:
    return {"meeting_id": obj.id}


def _section(obj: Any) -> dict[str, Any]:
    return {"slug": obj.document, "key": obj.section_key}


def _export(obj: Any) -> dict[str, Any]:
    return {"export_id": obj.id}


def _occurrence(obj: Any) -> dict[str, Any]:
    return {"occurrence_id": obj.id}


def _none(obj: Any) -> dict[str, Any]:
    return {}


def _lead_agency(obj: Any) -> int | None:
    return getattr(obj, "lead_agency_id", None)


def _owner(event: Event) -> int | None:
    return getattr(event.obj, "owner_id", None)


EVIDENCE, ACTIONS, MEETINGS = Category.EVIDENCE, Category.ACTIONS, Category.MEETINGS

TABLE: dict[str, tuple[Telling, ...]] = {
    "evidence.requested": (
        Telling(
            "Evidence requested",
            EVIDENCE,
            (To.AGENCY,),
            "{reference}: {agency} is asked for its evidence",
            ("evidence.view_request", _request),
        ),
    ),
    "evidence.submitted": (
        Telling(
            "Evidence submitted",
            EVIDENCE,
            (To.CHAIR, To.COORDINATORS),
            "{reference}: {agency} submitted its evidence, to accept or return",
            ("evidence.view_request", _request),
        ),
    ),
    "evidence.returned": (
        Telling(
            "Evidence returned",
            EVIDENCE,
            (To.AGENCY,),
            "{reference}: {agency}'s evidence was returned for amendment",
            ("evidence.view_request", _request),
        ),
    ),
    "evidence.accepted": (
        Telling(
            "Evidence accepted",
            EVIDENCE,
            (To.AGENCY,),
            "{reference}: {agency}'s evidence was accepted into the combined chronology",
            ("evidence.view_request", _request),
        ),
    ),
    # The daily reminder run's audit events: each reminder it sends is also a notification.
    "evidence.reminder_sent": (
        Telling(
            "Evidence due soon",
            EVIDENCE,
            (To.AGENCY,),
            "{reference}: {agency}'s evidence is due soon",
            ("evidence.view_request", _request),
            when=_reminder("before_due"),
        ),
        Telling(
            "Evidence overdue",
            EVIDENCE,
            (To.AGENCY, To.COORDINATORS),
            "{reference}: {agency}'s evidence is overdue",
            ("evidence.view_request", _request),
            when=_reminder("overdue"),
        ),
        Telling(
            "Evidence escalated",
            EVIDENCE,
            (To.AGENCY, To.COORDINATORS),
            "{reference}: {agency}'s overdue evidence was escalated to its senior contact",
            ("evidence.view_request", _request),
            when=_reminder("escalation"),
        ),
    ),
    "action.reminder_sent": (
        Telling(
            "Action update due",
            ACTIONS,
            (To.AGENCY, To.PERSON),
            "{reference}: an update on {agency}'s action is due",
            ("actions.view_action", _action),
            when=_reminder("update_request"),
            agency=_lead_agency,
            person=_owner,
        ),
        Telling(
            "Action overdue",
            ACTIONS,
            (To.AGENCY, To.PERSON, To.COORDINATORS),
            "{reference}: {agency}'s action is past its target date",
            ("actions.view_action", _action),
            when=_reminder("overdue"),
            agency=_lead_agency,
            person=_owner,
        ),
        Telling(
            "Action escalated",
            ACTIONS,
            (To.AGENCY, To.PERSON, To.COORDINATORS),
            "{reference}: {agency}'s overdue action was escalated to its senior contact",
            ("actions.view_action", _action),
            when=_reminder("escalation"),
            agency=_lead_agency,
            person=_owner,
        ),
    ),
    "draft.comment_added": (
        Telling(
            "Comment on the draft",
            Category.DRAFTING,
            (To.CHAIR, To.AUTHOR),
            "{reference}: a panel comment on the draft is waiting",
            ("drafting.view_section", _section),
        ),
    ),
    "draft.comment_resolved": (
        Telling(
            "Comment resolved",
            Category.DRAFTING,
            (To.PERSON,),
            "{reference}: your comment on the draft was resolved",
            ("drafting.view_section", _section),
            person=lambda event: event.obj.author_id,
        ),
    ),
    "family.draft_shared": (
        Telling(
            "Draft shared with the family",
            Category.FAMILY,
            (To.CHAIR, To.AUTHOR, To.COORDINATORS),
            "{reference}: the draft was shared with the family",
            ("family.overview", _none),
        ),
    ),
    "assurance.qa_letter_recorded": (
        Telling(
            "QA panel letter received",
            Category.ASSURANCE,
            (To.CHAIR, To.AUTHOR, To.COORDINATORS),
            "{reference}: the Home Office QA panel's letter is in",
            ("assurance.overview", _none),
        ),
    ),
    "action.completion_requested": (
        Telling(
            "Completion to approve",
            ACTIONS,
            (To.COORDINATORS,),
            "{reference}: {agency} reports an action complete, to approve",
            ("actions.view_action", _action),
            agency=_lead_agency,
        ),
    ),
    "action.completed": (
        Telling(
            "Completion approved",
            ACTIONS,
            (To.AGENCY,),
            "{reference}: {agency}'s action was approved as complete",
            ("actions.view_action", _action),
            agency=_lead_agency,
        ),
    ),
    "action.on_track": (
        Telling(
            "Completion returned",
            ACTIONS,
            (To.AGENCY,),
            "{reference}: {agency}'s completion request was returned",
            ("actions.view_action", _action),
            when=_moved_from("completion_requested"),
            agency=_lead_agency,
        ),
        Telling(
            "Action reopened",
            ACTIONS,
            (To.AGENCY,),
            "{reference}: {agency}'s action was reopened",
            ("actions.view_action", _action),
            when=_moved_from("completed"),
            agency=_lead_agency,
        ),
    ),
    "meeting.created": (
        Telling(
            "Meeting arranged",
            MEETINGS,
            PANEL_AND_COORDINATORS,
            "{reference}: a meeting was arranged",
            ("meetings.view_meeting", _meeting),
        ),
    ),
    "meeting.updated": (
        Telling(
            "Meeting moved",
            MEETINGS,
            PANEL_AND_COORDINATORS,
            "{reference}: a meeting's date, time or place changed",
            ("meetings.view_meeting", _meeting),
            when=lambda event: bool({"meeting_on", "starts_at", "location"} & set(event.data.get("changed", ()))),
        ),
    ),
    "meeting.cancelled": (
        Telling(
            "Meeting cancelled",
            MEETINGS,
            PANEL_AND_COORDINATORS,
            "{reference}: a meeting was cancelled",
            ("meetings.view_meeting", _meeting),
        ),
    ),
    "clock.due_soon": (
        Telling(
            "Clock due within a week",
            Category.CLOCKS,
            (To.CHAIR, To.COORDINATORS),
            "{reference}: {name} is due within a week",
            ("overview.view_review", _none),
        ),
    ),
    "clock.overdue": (
        Telling(
            "Clock overdue",
            Category.CLOCKS,
            (To.CHAIR, To.COORDINATORS),
            "{reference}: {name} is overdue",
            ("overview.view_review", _none),
        ),
    ),
    # The milestones a coordinator, chair and panel expect to hear of.
    "review.created": (
        Telling(
            "New notification",
            Category.DECISIONS,
            (To.COORDINATORS,),
            "{reference}: a death was notified; the decision whether to hold a review is due within a month",
            ("overview.view_review", _none),
        ),
    ),
    "review.decision_recorded": (
        Telling(
            "Decision recorded",
            Category.DECISIONS,
            PANEL_AND_COORDINATORS,
            "{reference}: the decision whether to hold a review was recorded",
            ("overview.view_review", _none),
        ),
    ),
    "terms.agreed": (
        Telling(
            "Terms of reference agreed",
            Category.DECISIONS,
            PANEL_AND_COORDINATORS,
            "{reference}: the terms of reference were agreed",
            ("terms.index", _none),
        ),
    ),
    "family.comment_recorded": (
        Telling(
            "Family comment",
            Category.FAMILY,
            (To.CHAIR, To.AUTHOR),
            "{reference}: the family's comments on the draft were recorded",
            ("family.overview", _none),
        ),
    ),
    "assurance.signed_off": (
        Telling(
            "Report signed off",
            Category.ASSURANCE,
            (To.CHAIR, To.AUTHOR, To.COORDINATORS),
            "{reference}: the report was signed off",
            ("assurance.overview", _none),
        ),
    ),
    "assurance.submitted": (
        Telling(
            "Sent to the Home Office",
            Category.ASSURANCE,
            (To.CHAIR, To.AUTHOR, To.COORDINATORS),
            "{reference}: the report was sent to the Home Office QA panel",
            ("assurance.overview", _none),
        ),
    ),
    "assurance.published": (
        Telling(
            "Report published",
            Category.ASSURANCE,
            PANEL_AND_COORDINATORS,
            "{reference}: the report was published",
            ("assurance.overview", _none),
        ),
    ),
    # A long export prepared as a job: its owner hears it is ready.
    "chronology.exported": (
        Telling(
            "File ready",
            EVIDENCE,
            (To.PERSON,),
            "{reference}: your combined chronology file is ready",
            ("exports.view_export", _export),
            when=lambda event: event.data.get("via") == "job",
            person=lambda event: event.obj.user_id,
            agency=lambda obj: None,
        ),
    ),
    # The duty register's daily run: a partnership's own event, told to its coordinators.
    "duty.reminder_sent": (
        Telling(
            "Duty due soon",
            Category.DUTIES,
            (To.COORDINATORS,),
            "Statutory duty {duty} ({label}) falls due soon",
            ("duties.view_occurrence", _occurrence),
            when=_reminder("due_soon"),
        ),
        Telling(
            "Duty overdue",
            Category.DUTIES,
            (To.COORDINATORS,),
            "Statutory duty {duty} ({label}) is overdue",
            ("duties.view_occurrence", _occurrence),
            when=_reminder("overdue"),
        ),
    ),
    "review.member_added": (
        Telling(
            "Added to a review",
            Category.MEMBERSHIP,
            (To.PERSON,),
            "{reference}: you were added to the review",
            ("overview.view_review", _none),
            person=lambda event: event.data.get("user_id"),
        ),
    ),
}


def tellings_for(event: Event) -> list[Telling]:
    """The table's rows that apply to this event."""
    return [telling for telling in TABLE.get(event.kind, ()) if telling.when(event)]
