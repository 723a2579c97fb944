"""Family engagement vocabularies, and the consent and comment workflows as transition tables. Pure data."""

from dhr.core.enums import LabelledEnum


class ContactKind(LabelledEnum):
    """How the contact knew the victim."""

    FAMILY = "family"
    FRIEND = "friend"
    COLLEAGUE = "colleague"
    NEIGHBOUR = "neighbour"
    OTHER = "other"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "family": "Family",
            "friend": "Friend",
            "colleague": "Work colleague or employer",
            "neighbour": "Neighbour",
            "other": "Someone else",
        }


class ContactMethod(LabelledEnum):
    """How someone prefers to be contacted, or how an attempt was made."""

    PHONE = "phone"
    TEXT_MESSAGE = "text_message"
    EMAIL = "email"
    LETTER = "letter"
    IN_PERSON = "in_person"
    VIDEO = "video"
    THROUGH_ADVOCATE = "through_advocate"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "phone": "Phone call",
            "text_message": "Text message",
            "email": "Email",
            "letter": "Letter",
            "in_person": "In person",
            "video": "Video call",
            "through_advocate": "Through their advocate",
        }


class Leaflet(LabelledEnum):
    """The Home Office leaflets for people asked to take part in a review (domain.md §4.5)."""

    FAMILY = "family"
    FRIENDS = "friends"
    EMPLOYERS = "employers"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "family": "Leaflet for family members",
            "friends": "Leaflet for friends",
            "employers": "Leaflet for employers and colleagues",
        }


class AttemptOutcome(LabelledEnum):
    """What came of one attempt to reach a contact."""

    REACHED = "reached"
    NO_ANSWER = "no_answer"
    MESSAGE_LEFT = "message_left"
    DECLINED = "declined"
    OTHER = "other"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "reached": "Reached",
            "no_answer": "No answer",
            "message_left": "Message left",
            "declined": "Declined to speak",
            "other": "Other",
        }

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {"reached": "green", "no_answer": "grey", "message_left": "light-blue", "declined": "orange"}


class ConsentStatus(LabelledEnum):
    """Whether a contact agreed to take part and for what they say to be used."""

    NOT_ASKED = "not_asked"
    GIVEN = "given"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {"not_asked": "Not yet asked", "given": "Given", "declined": "Declined", "withdrawn": "Withdrawn"}

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {"not_asked": "grey", "given": "green", "declined": "orange", "withdrawn": "red"}


CS = ConsentStatus
# Nobody goes back to "not yet asked"; someone who declined or withdrew may later agree.
CONSENT_TRANSITIONS: dict[ConsentStatus, frozenset[ConsentStatus]] = {
    CS.NOT_ASKED: frozenset({CS.GIVEN, CS.DECLINED}),
    CS.GIVEN: frozenset({CS.WITHDRAWN}),
    CS.DECLINED: frozenset({CS.GIVEN}),
    CS.WITHDRAWN: frozenset({CS.GIVEN}),
}
# Contacts who said no are not chased: the 28-day flag leaves them alone.
NOT_TO_CHASE = frozenset({CS.DECLINED, CS.WITHDRAWN})


class CommentStatus(LabelledEnum):
    """Where a comment the family returned on the draft stands."""

    OPEN = "open"
    ADDRESSED = "addressed"
    NOT_ACCEPTED = "not_accepted"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {"open": "Open", "addressed": "Addressed", "not_accepted": "Not accepted"}

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {"open": "yellow", "addressed": "green", "not_accepted": "orange"}


CM = CommentStatus
# A decision can be reopened; a comment not accepted can later be taken on. Addressed then "not accepted"
# goes through open, so the history shows the change of mind.
COMMENT_TRANSITIONS: dict[CommentStatus, frozenset[CommentStatus]] = {
    CM.OPEN: frozenset({CM.ADDRESSED, CM.NOT_ACCEPTED}),
    CM.ADDRESSED: frozenset({CM.OPEN}),
    CM.NOT_ACCEPTED: frozenset({CM.OPEN, CM.ADDRESSED}),
}


class NoEngagementReason(LabelledEnum):
    """Why the family and friends did not take part (the QA panel asks)."""

    DECLINED = "declined"
    NOT_TRACED = "not_traced"
    OTHER = "other"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "declined": "The family declined to take part",
            "not_traced": "The family could not be traced",
            "other": "Another reason",
        }


class PerpetratorContact(LabelledEnum):
    """Whether the review sought the perpetrator's account, and how that went (the QA panel asks)."""

    NOT_YET = "not_yet"
    APPROACHED = "approached"
    INTERVIEWED = "interviewed"
    DECLINED = "declined"
    NO_RESPONSE = "no_response"
    NOT_APPROACHED = "not_approached"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "not_yet": "Not yet decided",
            "approached": "Approached, answer awaited",
            "interviewed": "Took part (interviewed or wrote to the chair)",
            "declined": "Approached and declined",
            "no_response": "Approached, no response",
            "not_approached": "Not approached, for a recorded reason",
        }

    @property
    def considered(self) -> bool:
        """An attempt was made, or not making one was a decision (its reason is required)."""
        return self is not PerpetratorContact.NOT_YET
