"""Jinja set-up: GOV.UK template loaders, filters and the globals every page uses."""

from datetime import date, datetime

from flask import current_app, request, url_for
from flask_login import current_user
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from dhr.auth.kept_forms import page_now
from dhr.auth.membership import partnership_in_view
from dhr.clocks.engine import describe_days
from dhr.core.dates import LONDON
from dhr.core.forms import error_summary_params
from dhr.core.wording import counted, plural
from dhr.permissions import can
from dhr.privacy.reading import finalize, truncate
from dhr.security_headers import csp_nonce


def uk_date(value: date | datetime | None) -> str:
    """25 November 2026."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LONDON)
    return f"{value.day} {value:%B %Y}"


def uk_datetime(value: datetime | None) -> str:
    """25 November 2026 at 2:05pm (UK time)."""
    if value is None:
        return ""
    local = value.astimezone(LONDON)
    hour = local.hour % 12 or 12
    return f"{uk_date(local)} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


NAVIGATION = (
    # (text, endpoint, blueprint that makes it current, permission or None for every signed-in user)
    ("Dashboard", "dashboard.index", "dashboard", None),
    ("Calendar", "calendars.month", "calendars", None),
    ("Statistics", "statistics.index", "statistics", "view_statistics"),
    ("Action tracker", "monitoring.tracker", "monitoring", "view_action_tracker"),
    ("Duties", "duties.register", "duties", "view_duties"),
    ("Users", "users.list_users", "users", "manage_users"),
    ("Agencies", "agencies.list_agencies", "agencies", "view_agencies"),
    ("Organisations", "organisations.list_organisations", "organisations", "manage_organisations"),
    ("People", "people.add_to_partnership", "people", "manage_memberships"),
    ("Themes", "themes.list_themes", "themes", "manage_themes"),
    ("Audit log", "audit.audit_log", "audit", "view_audit"),
    ("Outbox", "mail.list_outbox", "mail", "view_outbox"),
    ("Settings", "partnerships.edit_settings", "partnerships", "manage_partnership"),
    ("Clock rules", "clocks.edit_rules", "clocks", "manage_clock_rules"),
    ("Your account", "auth.account", "account", None),
)


def _nav_items() -> list[dict]:
    if not current_user.is_authenticated:
        return []
    section = "account" if request.endpoint in {"auth.account", "auth.change_password"} else request.blueprint
    return [
        {"text": text, "href": url_for(endpoint), "active": section == blueprint}
        for text, endpoint, blueprint, permission in NAVIGATION
        if permission is None or can(current_user, permission)
    ]


def _works_for_several() -> bool:
    """True for a signed-in person with active memberships of more than one partnership: the header offers a switch."""
    return current_user.is_authenticated and len(current_user.active_memberships) > 1


def _page_context():
    partnership = current_user.partnership if current_user.is_authenticated else None
    return {
        # The one permission helper in templates: can('verb') for partnership verbs, can('verb', review) on a review.
        "can": lambda permission, review=None: can(current_user, permission, review),
        "csp_nonce": csp_nonce,
        "partnership": partnership,
        "service_name": current_app.config["SERVICE_NAME"],
        "nav_items": _nav_items,
    }


def configure_templates(app, templates_dir) -> None:
    """Load our templates first, then the GOV.UK macro packages under their prefixes."""
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(templates_dir)),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.finalize = finalize
    from dhr.terms.scope import scope_period  # it formats with this module's uk_date

    WTFormsHelpers(app)
    app.add_template_global(error_summary_params)
    app.add_template_global(page_now, "kept_form_page")
    app.add_template_global(partnership_in_view, "partnership_in_view")
    app.add_template_global(_works_for_several, "works_for_several")
    app.add_template_global(
        lambda: int(current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds()), "session_idle_seconds"
    )
    app.add_template_global(
        lambda: int(current_app.config["SESSION_WARNING_BEFORE"].total_seconds()), "session_warning_seconds"
    )
    app.add_template_filter(uk_date)
    app.add_template_filter(counted)
    app.add_template_global(scope_period)
    app.add_template_filter(plural)
    app.add_template_filter(truncate)
    app.add_template_filter(describe_days)
    app.add_template_filter(uk_datetime)
    app.context_processor(_page_context)
