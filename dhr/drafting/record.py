"""What drafting reads from the rest of the record: lines of enquiry and names the leak scan must know."""


def lines_of_enquiry(review) -> list[tuple[int, str]]:
    """The numbered key lines of enquiry of the review's current terms of reference."""
    return []


def extra_names(review) -> list[str]:
    """Real names that are not in the people register but must never appear in a draft."""
    return []


def family_tribute(review) -> str:
    """The tribute the family gave, in their own words ('' until the family log holds one)."""
    return ""


def no_engagement_reason(review) -> str:
    """Why the family did not take part, if the family log says so."""
    return ""


def excluded_without_reason(review) -> list[str]:
    """Agencies left out of the review with no reason recorded (the evidence matrix already requires one)."""
    return []
