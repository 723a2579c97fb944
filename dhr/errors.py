"""GOV.UK-style error pages. Nothing ever shows a stack trace, SQL or a file path."""

import logging
import secrets

from flask import render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from dhr.extensions import db

log = logging.getLogger(__name__)

PAGES = {
    400: ("There is a problem with your request", "errors/400.html"),
    403: ("You do not have permission to see this page", "errors/403.html"),
    404: ("Page not found", "errors/404.html"),
    405: ("Page not found", "errors/404.html"),
    409: ("This has changed since you opened it", "errors/409.html"),
    413: ("The file or form you sent is too large", "errors/413.html"),
    429: ("You have tried too many times", "errors/429.html"),
    500: ("Sorry, there is a problem with the service", "errors/500.html"),
    503: ("Sorry, the service is unavailable", "errors/503.html"),
}

# Fields whose values must never be echoed back, even to their author.
_SECRET_FIELDS = ("password", "csrf_token", "token", "secret", "totp", "one_time_code")


def _rollback() -> None:
    try:
        db.session.rollback()
    except Exception:
        log.warning("rollback failed while handling an error")


def _render(status: int, **context):
    title, template = PAGES.get(status, PAGES[500] if status >= 500 else PAGES[400])
    return render_template(template, title=title, status=status, **context), status


def handle_http_error(error: HTTPException):
    """Render our page for any HTTP error raised with abort()."""
    if error.code and error.code >= 500:
        _rollback()
    status = error.code or 500
    if status == 403:
        _record_denial()
    return _render(status)


def _record_denial() -> None:
    """A refused request is a security event: keep it in the audit log."""
    from flask_login import current_user

    from dhr.audit.services import record

    if not current_user.is_authenticated:
        return
    db.session.rollback()
    record(
        "access.denied",
        f"{current_user.name} was refused {request.method} {request.path}"[:300],
        actor=current_user._get_current_object(),
        data={"endpoint": request.endpoint},
    )
    db.session.commit()


def _typed() -> list[tuple[str, str]]:
    """What the form held, without secrets, so the person can copy it back."""
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if value.strip() and not any(secret in name.lower() for secret in _SECRET_FIELDS)
    ][:50]


def _back_url() -> str | None:
    rule = request.url_rule
    return request.path if rule is not None and "GET" in (rule.methods or ()) else None


def handle_refused_text(error):
    """Case text the privacy shield refused below the form (a field no form check saw): say what, keep the text."""
    _rollback()
    log.info("case text refused on %s", request.endpoint)
    return render_template(
        "errors/refused-text.html",
        title="A date of birth or a family contact's name cannot be saved here",
        problems=[message for _, message in error.problems],
        typed=_typed(),
        back_url=_back_url(),
    ), 400


def handle_csrf_error(error: CSRFError):
    """A form whose security token was missing or expired: show what was typed so nothing is lost."""
    _rollback()
    typed = _typed()
    log.info("CSRF failure on %s", request.endpoint)
    return render_template(
        "errors/csrf.html", title="Your form could not be sent", typed=typed, back_url=_back_url()
    ), 400


def handle_database_unavailable(error: OperationalError):
    """The database cannot be reached: say so plainly, and recover without a restart when it returns."""
    _rollback()
    log.error("database unavailable: %s", type(error.orig).__name__ if error.orig else type(error).__name__)
    return _render(503)


def handle_stale(error: Exception):
    """Someone else saved the same record first (a stale version, or a race on a unique constraint)."""
    _rollback()
    log.warning("conflicting write on %s: %s", request.endpoint, type(error).__name__)
    return _render(409)


def handle_unexpected(error: Exception):
    """Anything else: log it with an incident reference the user can quote."""
    if isinstance(error, HTTPException):
        return handle_http_error(error)
    _rollback()
    incident = secrets.token_hex(4).upper()
    log.exception("incident %s on %s %s", incident, request.method, request.path)
    return _render(500, incident=incident)


def register_error_handlers(app) -> None:
    """Wire the handlers into the app."""
    from dhr.privacy.shield import CaseTextRefusedError

    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(CaseTextRefusedError, handle_refused_text)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(StaleDataError, handle_stale)
    app.register_error_handler(IntegrityError, handle_stale)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
