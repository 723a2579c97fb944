"""What a pause could be for: the processes running alongside the review, which the pause form offers as its
reason. The terms of reference record them; dhr/wiring.py installs the source, so reviews imports nothing above it."""

from collections.abc import Callable
from dataclasses import dataclass

from dhr.reviews.stages import PauseReason


@dataclass(frozen=True)
class PauseFor:
    """A recorded process the review could pause for, with the pause reason and details it fills in."""

    key: str
    label: str
    reason: PauseReason
    details: str


_sources: list[Callable[..., list[PauseFor]]] = []


def install(sources: list[Callable[..., list[PauseFor]]]) -> None:
    """Where the suggestions come from, replacing any installed before."""
    _sources[:] = sources


def suggestions(review) -> list[PauseFor]:
    """Every recorded process this review could pause for."""
    return [found for source in _sources for found in source(review)]
