"""Links the service writes into stored rows, emails and feeds: the same path in a request or outside one."""

from typing import Any

from flask import current_app, has_request_context, url_for


def path_for(endpoint: str, **values: Any) -> str:
    """url_for's path, also from a command or the seed (no request): the same path a request would build."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context():
        return url_for(endpoint, **values)


def external_url(endpoint: str, **values: Any) -> str:
    """The full address for an email or a calendar: EXTERNAL_BASE_URL, then the path."""
    base: str = current_app.config["EXTERNAL_BASE_URL"]
    return base.rstrip("/") + path_for(endpoint, **values)
