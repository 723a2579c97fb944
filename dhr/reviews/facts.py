"""Case facts the Home Office and its DHR Library record: who the victim and perpetrator were (age, sex,
ethnicity, disability), how they were related, how the victim died, where, and whether children were there. Pure
data. The values are held with the protections real names have (VIEW_IDENTITIES); outside the review they appear
only as counts with small numbers suppressed, or with ages in bands."""

from dhr.core.enums import LabelledEnum

SUPPRESS_BELOW = 5  # a count under this is shown as "fewer than 5": one review's facts must not be recognisable
AGE_BANDS = ((16, 24), (25, 34), (35, 44), (45, 54), (55, 64), (65, 74), (75, 200))


class Sex(LabelledEnum):
    """Sex as recorded."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    NOT_KNOWN = "not_known"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {"female": "Female", "male": "Male", "other": "Other", "not_known": "Not known"}


class Ethnicity(LabelledEnum):
    """The 2021 Census's high-level ethnic groups (England and Wales)."""

    ASIAN = "asian"
    BLACK = "black"
    MIXED = "mixed"
    WHITE = "white"
    OTHER = "other"
    NOT_KNOWN = "not_known"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "asian": "Asian, Asian British or Asian Welsh",
            "black": "Black, Black British, Black Welsh, Caribbean or African",
            "mixed": "Mixed or multiple ethnic groups",
            "white": "White",
            "other": "Other ethnic group",
            "not_known": "Not known",
        }


class Known(LabelledEnum):
    """Yes, no or not known."""

    YES = "yes"
    NO = "no"
    NOT_KNOWN = "not_known"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {"yes": "Yes", "no": "No", "not_known": "Not known"}


class RelationshipType(LabelledEnum):
    """How the perpetrator was related to the victim."""

    CURRENT_PARTNER = "current_partner"
    FORMER_PARTNER = "former_partner"
    CHILD_OF_VICTIM = "child_of_victim"
    PARENT_OF_VICTIM = "parent_of_victim"
    OTHER_FAMILY = "other_family"
    HOUSEHOLD = "household"
    NONE_SUICIDE = "suicide"
    OTHER = "other"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "current_partner": "Current intimate partner",
            "former_partner": "Former intimate partner",
            "child_of_victim": "The victim's son or daughter (adult family)",
            "parent_of_victim": "The victim's parent",
            "other_family": "Other family member",
            "household": "Member of the same household",
            "suicide": "Suicide after domestic abuse",
            "other": "Other",
        }


class DeathMethod(LabelledEnum):
    """How the victim died, in the groups the homicide statistics use."""

    SHARP_INSTRUMENT = "sharp_instrument"
    BLUNT_INSTRUMENT = "blunt_instrument"
    HITTING_KICKING = "hitting_kicking"
    STRANGULATION = "strangulation"
    SHOOTING = "shooting"
    POISONING = "poisoning"
    FIRE = "fire"
    SUICIDE = "suicide"
    OTHER = "other"
    NOT_KNOWN = "not_known"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "sharp_instrument": "Sharp instrument",
            "blunt_instrument": "Blunt instrument",
            "hitting_kicking": "Hitting, kicking",
            "strangulation": "Strangulation or asphyxiation",
            "shooting": "Shooting",
            "poisoning": "Poisoning or drugs",
            "fire": "Fire",
            "suicide": "Suicide",
            "other": "Other",
            "not_known": "Not known",
        }


def age_band(age: int | None) -> str:
    """'35-44', '75 and over', or 'Not known': ages leave the review only in bands."""
    if age is None:
        return "Not known"
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low} and over" if high >= 200 else f"{low}-{high}"
    return "Under 16"


def suppressed(count: int) -> str:
    """A count as a statistic may show it: 'fewer than 5' below the threshold."""
    return f"fewer than {SUPPRESS_BELOW}" if 0 < count < SUPPRESS_BELOW else str(count)


class JointWith(LabelledEnum):
    """Another statutory review held jointly with this one (domain.md S8)."""

    SAR = "sar"
    CSPR = "cspr"
    SAR_AND_CSPR = "sar_and_cspr"

    @classmethod
    def __labels__(cls) -> dict[str, str]:
        return {
            "sar": "Safeguarding Adults Review",
            "cspr": "Child Safeguarding Practice Review",
            "sar_and_cspr": "Safeguarding Adults Review and Child Safeguarding Practice Review",
        }
