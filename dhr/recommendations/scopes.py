"""A recommendation's scope and, for national ones, the government department it is for. Pure data."""

from dhr.core.enums import LabelledEnum


class Scope(LabelledEnum):
    """Who the recommendation is for: the partnership's area, the region, or the country."""

    LOCAL = "local"
    REGIONAL = "regional"
    NATIONAL = "national"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {"local": "Local", "regional": "Regional", "national": "National"}

    @classmethod
    def __colours__(cls) -> dict[str, str]:
        return {"local": "blue", "regional": "purple", "national": "pink"}


class Department(LabelledEnum):
    """The government department a national recommendation is addressed to."""

    HOME_OFFICE = "home_office"
    DHSC = "dhsc"
    MOJ = "moj"
    DFE = "dfe"
    DWP = "dwp"
    MHCLG = "mhclg"
    OTHER = "other"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "home_office": "Home Office",
            "dhsc": "Department of Health and Social Care (DHSC)",
            "moj": "Ministry of Justice (MoJ)",
            "dfe": "Department for Education (DfE)",
            "dwp": "Department for Work and Pensions (DWP)",
            "mhclg": "Ministry of Housing, Communities and Local Government (MHCLG)",
            "other": "Another department",
        }


class LearningKind(LabelledEnum):
    """How a review's learning is spread."""

    LEARNING_EVENT = "learning_event"
    SEVEN_MINUTE_BRIEFING = "seven_minute"
    TRAINING = "training"
    NEWSLETTER = "newsletter"
    OTHER = "other"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "learning_event": "Learning event",
            "seven_minute": "7-minute briefing",
            "training": "Training session",
            "newsletter": "Newsletter or bulletin",
            "other": "Something else",
        }
