"""The open-redirect guard: only a path on this site may be a redirect target."""

from urllib.parse import urlsplit

from werkzeug.urls import iri_to_uri


def local_path(target: str | None) -> str | None:
    """The target if it is a path on this site, else None.

    Whitespace and control characters are refused outright: Werkzeug and browsers drop tabs and newlines,
    which would turn "/<tab>/evil.example" into "//evil.example" after any check on the raw string.
    """
    if not target or len(target) > 500:
        return None
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target) or "\\" in target:
        return None
    parts = urlsplit(iri_to_uri(target))
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    if ":" in parts.path:
        return None
    return target
