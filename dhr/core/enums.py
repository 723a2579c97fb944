"""An enum whose members carry a human label and a GOV.UK tag colour."""

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum with a `label` for people and a `tag_colour` for GOV.UK tags.

    Subclasses define `__labels__` (value -> label) and optionally `__colours__`.
    """

    @property
    def label(self) -> str:
        """The human-readable name shown in the UI."""
        return type(self).__labels__()[self.value]

    @property
    def tag_colour(self) -> str:
        """The GOV.UK tag modifier, e.g. 'grey'."""
        return type(self).__colours__().get(self.value, "grey")

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {member.value: member.value.replace("_", " ").capitalize() for member in cls}

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {}

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs in declaration order."""
        return [(member.value, member.label) for member in cls]

    @classmethod
    def choices_by_member(cls) -> list[tuple["LabelledEnum", str]]:
        """(member, label) pairs in declaration order."""
        return [(member, member.label) for member in cls]
