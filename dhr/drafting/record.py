"""What drafting reads from the rest of the record: lines of enquiry and names the leak scan must know."""


def lines_of_enquiry(review) -> list[tuple[int, str]]:
    """The numbered key lines of enquiry of the review's current terms of reference."""
    from dhr.terms.queries import lines_of_enquiry as lines

    return lines(review)


def extra_names(review) -> list[str]:
    """Real names that are not in the people register but must never appear in a draft: family contacts."""
    from dhr.family.queries import contact_names

    return contact_names(review)


def family_tribute(review) -> str:
    """The tribute the family gave, in their own words ('' until the family log holds one)."""
    from dhr.family.queries import tribute_text

    return tribute_text(review)


def no_tribute_reason(review) -> str:
    """The family's reason for giving no tribute, if the family log records one."""
    from dhr.family.queries import engagement_for

    engagement = engagement_for(review)
    return engagement.no_tribute_reason if engagement else ""


def no_engagement_reason(review) -> str:
    """Why the family did not take part, if the family log says so."""
    from dhr.family.queries import no_engagement_reason as reason

    return reason(review)


def excluded_without_reason(review) -> list[str]:
    """Agencies left out of the terms of reference with no reason recorded, or not considered at all."""
    from dhr.terms.queries import excluded_without_reason as missing

    return missing(review)
