"""DHR Case Manager: create_app() wires configuration, extensions, blueprints, templates, errors and the CLI."""

import logging
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import DEFAULT_SECRET_KEY, Config, config_for_env

ROOT = Path(__file__).resolve().parent.parent


def _load_config(app: Flask, config) -> None:
    if config is None or isinstance(config, str):
        app.config.from_object(config_for_env(config))
    elif isinstance(config, dict):
        app.config.from_object(config_for_env(config.get("DHR_ENV")))
        app.config.update(config)
    else:
        app.config.from_object(config)
    if app.config["ENV_NAME"] == "production":
        key = app.config.get("SECRET_KEY") or ""
        if key == DEFAULT_SECRET_KEY or len(key) < 32:
            raise RuntimeError("Set SECRET_KEY to at least 32 random characters before running in production")
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") and not app.config.get("ALLOW_SQLITE"):
            logging.getLogger(__name__).warning("production is running on SQLite; PostgreSQL is recommended")


def _init_extensions(app: Flask) -> None:
    from dhr.core.database import configure_postgresql, configure_sqlite
    from dhr.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    with app.app_context():
        configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
        configure_postgresql(db.engine, app.config["POSTGRES_RANDOM_PAGE_COST"])
    csrf.init_app(app)
    limiter.init_app(app)

    from dhr.auth.sessions import load_session_user

    login_manager.init_app(app)
    login_manager.session_protection = None  # sessions are server-side and revocable instead
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = None
    login_manager.user_loader(load_session_user)


def _register_blueprints(app: Flask) -> None:
    from dhr.actions.views import bp as actions_bp
    from dhr.agencies.organisation_views import bp as organisations_bp
    from dhr.agencies.views import bp as agencies_bp
    from dhr.assurance.views import bp as assurance_bp
    from dhr.audit_log.views import bp as audit_bp
    from dhr.auth.switch_views import bp as switch_bp
    from dhr.auth.views import bp as auth_bp
    from dhr.calendars.views import bp as calendars_bp
    from dhr.clocks.views import bp as clocks_bp
    from dhr.correspondence.views import bp as correspondence_bp
    from dhr.dashboard.views import bp as dashboard_bp
    from dhr.drafting.views import bp as drafting_bp
    from dhr.duties.strategy_views import bp as strategy_bp
    from dhr.duties.views import bp as duties_bp
    from dhr.evidence.views import bp as evidence_bp
    from dhr.exports.views import bp as exports_bp
    from dhr.family.views import bp as family_bp
    from dhr.help.views import bp as help_bp
    from dhr.mail.views import bp as mail_bp
    from dhr.meetings.views import bp as meetings_bp
    from dhr.monitoring.views import bp as monitoring_bp
    from dhr.notifications.views import bp as notifications_bp
    from dhr.overview.views import bp as overview_bp
    from dhr.pages.views import bp as pages_bp
    from dhr.panel.views import bp as panel_bp
    from dhr.partnerships.views import bp as partnerships_bp
    from dhr.privacy.views import bp as privacy_bp
    from dhr.readiness.views import bp as readiness_bp
    from dhr.recommendations.theme_views import bp as themes_bp
    from dhr.recommendations.views import bp as recommendations_bp
    from dhr.reports.views import bp as reports_bp
    from dhr.reviews.views import bp as reviews_bp
    from dhr.search.views import bp as search_bp
    from dhr.sso.views import bp as sso_bp
    from dhr.statistics.views import bp as statistics_bp
    from dhr.terms.views import bp as terms_bp
    from dhr.users.people_views import bp as people_bp
    from dhr.users.review_invite_views import bp as review_invites_bp
    from dhr.users.views import bp as users_bp

    for blueprint in (
        pages_bp,
        auth_bp,
        switch_bp,
        sso_bp,
        dashboard_bp,
        notifications_bp,
        calendars_bp,
        reviews_bp,
        overview_bp,
        correspondence_bp,
        evidence_bp,
        exports_bp,
        drafting_bp,
        reports_bp,
        readiness_bp,
        family_bp,
        panel_bp,
        terms_bp,
        meetings_bp,
        assurance_bp,
        actions_bp,
        duties_bp,
        strategy_bp,
        statistics_bp,
        monitoring_bp,
        users_bp,
        people_bp,
        agencies_bp,
        organisations_bp,
        audit_bp,
        mail_bp,
        partnerships_bp,
        clocks_bp,
        recommendations_bp,
        themes_bp,
        privacy_bp,
        search_bp,
        help_bp,
        review_invites_bp,
    ):
        app.register_blueprint(blueprint)


def create_app(config: type[Config] | dict | str | None = None) -> Flask:
    """Build the application. `config` is a config class, a DHR_ENV name, or a dict of overrides."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder="static",
        instance_path=str(ROOT / "instance"),
    )
    _load_config(app, config)
    from dhr.core.converters import IdConverter

    app.url_map.converters["int"] = IdConverter
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.instance_path).mkdir(mode=0o700, exist_ok=True)
    if app.config["TRUSTED_PROXY_HOPS"]:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=app.config["TRUSTED_PROXY_HOPS"], x_proto=app.config["TRUSTED_PROXY_HOPS"]
        )

    _init_extensions(app)
    import dhr.model_registry  # noqa: F401 - every model mapped before the first request
    from dhr import wiring

    wiring.install()
    from dhr.privacy import shield

    shield.install()
    from dhr.clocks import stored
    from dhr.overview import stored as stored_tasks
    from dhr.search import index as search_index

    stored.install()
    stored_tasks.install()
    search_index.install()
    from dhr.commands import register_commands
    from dhr.core.told import name_the_told
    from dhr.errors import register_error_handlers
    from dhr.privacy.reveals import audit_reveals
    from dhr.privacy.views import tell_writer
    from dhr.request_gate import enforce_gate
    from dhr.security_headers import apply_security_headers
    from dhr.templating import configure_templates

    configure_templates(app, ROOT / "templates")
    app.before_request(enforce_gate)
    app.after_request(apply_security_headers)
    app.after_request(audit_reveals)
    app.after_request(tell_writer)
    app.after_request(name_the_told)
    _register_blueprints(app)
    register_error_handlers(app)
    register_commands(app)
    return app
