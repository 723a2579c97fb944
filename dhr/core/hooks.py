"""A hook: a point where a lower package lets the packages above it act, in the same transaction.

The package that owns the event declares the hook; dhr/wiring.py connects the handlers when the app is created.
Nothing connects itself on import, so every handler of a hook can be read in one list.
"""

from collections.abc import Callable
from typing import Any


class Hook:
    """Handlers called in order with the event's arguments; a handler's error is the caller's error."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.handlers: list[Callable[..., Any]] = []

    def connect(self, handlers: list[Callable[..., Any]]) -> None:
        """Make `handlers` the hook's handlers, replacing any connected before."""
        self.handlers[:] = handlers

    def __call__(self, *args: Any) -> None:
        for handler in self.handlers:
            handler(*args)

    def __repr__(self) -> str:
        return f"Hook({self.name!r}, {len(self.handlers)} handlers)"
