"""What changed between two versions of the terms of reference, section by section, for the history page."""

from dataclasses import dataclass

from dhr.terms.scope import scope_period


@dataclass(frozen=True)
class Change:
    """One difference: what it is about, and the text before and after (empty when added or removed)."""

    subject: str
    before: str
    after: str

    @property
    def kind(self) -> str:
        """Added, removed or changed."""
        if not self.before:
            return "Added"
        if not self.after:
            return "Removed"
        return "Changed"


def _scope(version) -> str:
    if not (version.scope_from or version.scope_to):
        return ""
    return scope_period(version.scope_from, version.scope_to)


def _scope_row(row) -> str:
    return ("Included" if row.included else "Excluded") + (f": {row.reason}" if row.reason else "")


def changes(old, new) -> list[Change]:
    """Every difference from `old` to `new` (old may be None: then everything in `new` is added)."""
    found: list[Change] = []

    def compare(subject: str, before: str, after: str) -> None:
        if before != after:
            found.append(Change(subject, before, after))

    compare("Scope period", _scope(old) if old else "", _scope(new))
    compare("Purpose and notes", old.purpose if old else "", new.purpose)
    old_lines = {line.number: line.text for line in old.lines} if old else {}
    new_lines = {line.number: line.text for line in new.lines}
    for number in sorted(old_lines.keys() | new_lines.keys()):
        compare(f"Line of enquiry {number}", old_lines.get(number, ""), new_lines.get(number, ""))
    old_rows = {row.agency_id: row for row in old.agencies} if old else {}
    new_rows = {row.agency_id: row for row in new.agencies}
    for agency_id in sorted(
        old_rows.keys() | new_rows.keys(), key=lambda a: (new_rows.get(a) or old_rows[a]).agency.name
    ):
        row = new_rows.get(agency_id) or old_rows[agency_id]
        compare(
            row.agency.name,
            _scope_row(old_rows[agency_id]) if agency_id in old_rows else "",
            _scope_row(new_rows[agency_id]) if agency_id in new_rows else "",
        )
    return found
