"""The publication leak scan: the finished .docx is read back and searched for every real name, alias and
date of birth in the people register (and family contacts' names). One finding refuses the export."""

from dhr import privacy
from dhr.core.errors import DomainError
from dhr.reports.docx.scan import quick_texts, texts


class PublicationRefusedError(DomainError):
    """The publication version contains identifying details; `leaks` says what and where."""

    def __init__(self, found: list[privacy.Leak]):
        super().__init__(f"The publication version was not produced: {len(found)} identifying details found")
        self.leaks = found

    @property
    def messages(self) -> list[str]:
        """One line per finding: where it is and what it is, never the name itself."""
        return [f"{leak.where}: {leak.description}" for leak in self.leaks]


def needles_for(review) -> list[privacy.Needle]:
    """What must not appear in anything published about this review."""
    from dhr.drafting.record import extra_names

    return privacy.needles_for(review.people, extra_names(review))


def scan_document(data: bytes, needles: list[privacy.Needle]) -> list[privacy.Leak]:
    """Every finding in the .docx bytes, in document order."""
    present = _present(data, privacy.Matcher(needles))
    if not present:
        return []
    matcher = privacy.Matcher(present)
    return [privacy.Leak(_withheld(leak.where, matcher), leak.description) for leak in matcher.scan(texts(data))]


def _present(data: bytes, matcher: privacy.Matcher) -> list[privacy.Needle]:
    """The needles that occur anywhere, from a quick look at all the text; only those are then located, part by
    part and cell by cell. A clean 50,000-row chronology is read once, quickly, a few megabytes at a time."""
    if not matcher:
        return []
    # Room for the longest needle written with a separator between every letter.
    overlap = 4 * matcher.longest + 16
    found: dict[privacy.Needle, None] = {}
    tail = ""
    for text in quick_texts(data):
        # The end of the previous piece runs on into this one, so a name split across pieces is still seen.
        window = tail + text
        found.update(dict.fromkeys(matcher.found(window)))
        tail = window[-overlap:]
    return list(found)


def _withheld(where: str, matcher: privacy.Matcher) -> str:
    """The place, without the quoted heading or column name if that itself holds what was found."""
    if matcher.found(where):
        return where.split("'", 1)[0].rstrip(" (,") + " (its heading is withheld: it holds the finding too)"
    return where


def check(data: bytes, needles: list[privacy.Needle]) -> None:
    """Raise PublicationRefusedError if the document contains anything the needles describe."""
    found = scan_document(data, needles)
    if found:
        raise PublicationRefusedError(found)
