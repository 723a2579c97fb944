"""Splitting the letter's "Areas for final development", pasted as one block of text, into numbered points."""

import re
from dataclasses import dataclass

from dhr.core.errors import DomainError

# "1. text", "1) text", "(1) text", "1: text", "1 - text", "Point 1: text"
# The mark after the number must be followed by a space, so "6.2 is unclear" continues a point rather than starting one.
_NUMBERED = re.compile(r"^\s*(?:point\s+)?\(?(\d{1,3})(?:[.):](?=\s|$)|\s+[-–]\s)\s*(.*)$", re.IGNORECASE)
# "- text", "* text", "• text"
_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
MAX_POINTS = 100


@dataclass(frozen=True)
class ParsedPoint:
    """One development point as read from the text."""

    number: int
    text: str


class PointsError(DomainError, ValueError):
    """The text could not be read as a list of points; the message says why."""


def split_points(text: str) -> list[ParsedPoint]:
    """Numbered text starts a point at each number (other lines continue it); otherwise one point per line.

    The letter's own numbers are kept when they are unique and rising, so "point 3" means the same everywhere;
    otherwise points are numbered 1, 2, 3 in order.
    """
    lines = [line.rstrip() for line in (text or "").splitlines()]
    numbered = any(_NUMBERED.match(line) for line in lines)
    points: list[tuple[int | None, list[str]]] = []
    for line in lines:
        if not line.strip():
            continue
        if numbered and (match := _NUMBERED.match(line)):
            points.append((int(match.group(1)), [match.group(2).strip()]))
        elif numbered and points:
            points[-1][1].append(line.strip())
        else:
            bullet = _BULLET.match(line)
            points.append((None, [(bullet.group(1) if bullet else line).strip()]))
    parsed = [(number, "\n".join(part for part in parts if part)) for number, parts in points]
    if any(not body for _, body in parsed):
        raise PointsError("Each numbered point needs some text after its number")
    if len(parsed) > MAX_POINTS:
        raise PointsError(f"A letter can have at most {MAX_POINTS} development points")
    numbers = [number for number, _ in parsed]
    keep = all(n is not None and n > 0 for n in numbers) and all(
        a < b for a, b in zip(numbers, numbers[1:], strict=False)
    )
    return [ParsedPoint(number if keep else index, body) for index, (number, body) in enumerate(parsed, start=1)]
