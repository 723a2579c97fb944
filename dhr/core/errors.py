"""DomainError: the one exception a service raises when the rules refuse a change."""


class DomainError(Exception):
    """A change the rules refuse, in words the person can act on; `field` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
