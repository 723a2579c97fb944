"""Configuration classes, chosen by the DHR_ENV environment variable."""

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

# Refused in production: a session key anyone can read in the repository signs anyone's cookies.
DEFAULT_SECRET_KEY = "dev-only-secret-key-change-me"  # noqa: S105


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def _env_number(name: str, default: float) -> float | None:
    value = os.environ.get(name)
    if value is None:
        return default
    return float(value) if value.strip() else None  # set but empty: none at all


class Config:
    """Settings shared by every environment; each can be overridden from the environment."""

    ENV_NAME = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'dhr.sqlite'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 5000
    # The planner's cost of a random page on PostgreSQL (dhr/core/database.py); empty keeps the server's own.
    POSTGRES_RANDOM_PAGE_COST = _env_number("POSTGRES_RANDOM_PAGE_COST", 1.1)

    # Sessions: the cookie only carries a server-side session token (see dhr/auth/sessions.py).
    SESSION_COOKIE_NAME = "dhr_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    # The browser warns this long before the idle sign-out and offers to stay signed in.
    SESSION_WARNING_BEFORE = timedelta(minutes=2)
    # Text typed into a form after the session ended is kept this long for its author to sign in and resume.
    KEPT_FORM_TTL = timedelta(hours=24)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)

    WTF_CSRF_TIME_LIMIT = 12 * 60 * 60
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024

    # Flask-Limiter: memory in development, Redis in production (several workers must share counts).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = False
    # If the shared store (Redis in production) goes away, each process keeps counting in its own memory
    # until the store answers again: sign-in stays up and stays throttled. A short timeout keeps a
    # black-holed Redis from stalling every sign-in.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    SIGN_IN_ACCOUNT_LIMIT = "10 per 5 minutes"
    SIGN_IN_ADDRESS_LIMIT = "100 per 5 minutes"
    # Wrong two-step codes per person before the service stops checking them for a while.
    TWO_STEP_LIMIT = "5 per 5 minutes"
    # How long after a correct password the second step may be made.
    TWO_STEP_WAIT = timedelta(minutes=10)
    # Everyone who sees real names, and every administrator, must use two-step verification (dhr/auth/two_step.py).
    # Only the demo and the tests that are not about it turn this off; anyone may still set it up.
    TWO_STEP_REQUIRED = os.environ.get("TWO_STEP_REQUIRED", "true").lower() != "false"
    # Single sign-on (dhr/sso): how long to wait for a provider, to keep its discovery document and keys, to
    # allow between leaving for it and coming back, and the clock difference tolerated on its tokens.
    SSO_TIMEOUT_SECONDS = int(os.environ.get("SSO_TIMEOUT_SECONDS", "10"))
    SSO_CACHE_SECONDS = int(os.environ.get("SSO_CACHE_SECONDS", "3600"))
    SSO_FLOW_SECONDS = 600
    SSO_CLOCK_LEEWAY_SECONDS = 60
    # Only the test suite's provider on localhost may speak plain HTTP.
    SSO_ALLOW_HTTP_LOOPBACK = False
    PASSWORD_RESET_LIMIT = "5 per 15 minutes"  # noqa: S105 - a rate, not a secret
    PASSWORD_RESET_ADDRESS_LIMIT = "50 per 15 minutes"  # noqa: S105 - a rate, not a secret

    PASSWORD_MIN_LENGTH = 12
    PASSWORD_MAX_LENGTH = 256
    # zxcvbn's score from 0 to 4; 3 is "safely unguessable: moderate protection from offline slow-hash attacks".
    PASSWORD_MIN_SCORE = int(os.environ.get("PASSWORD_MIN_SCORE", "3"))
    PASSWORD_RESET_TTL = timedelta(hours=1)
    INVITE_TTL = timedelta(days=3)
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    ARGON2_PARALLELISM = 4

    # Mail: SMTP when MAIL_SMTP_HOST is set; otherwise messages wait in the outbox that admins can read.
    MAIL_SMTP_HOST = os.environ.get("MAIL_SMTP_HOST", "")
    MAIL_SMTP_PORT = int(os.environ.get("MAIL_SMTP_PORT", "587"))
    MAIL_SMTP_USERNAME = os.environ.get("MAIL_SMTP_USERNAME", "")
    MAIL_SMTP_PASSWORD = os.environ.get("MAIL_SMTP_PASSWORD", "")
    MAIL_SMTP_STARTTLS = _env_bool("MAIL_SMTP_STARTTLS", True)
    MAIL_FROM = os.environ.get("MAIL_FROM", "dhr-case-manager@localhost")
    # GOV.UK Notify: used instead of SMTP when an API key is set. The template has one subject field,
    # ((subject)), and one body field, ((body)).
    NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
    NOTIFY_TEMPLATE_ID = os.environ.get("NOTIFY_TEMPLATE_ID", "")
    NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
    MAIL_TIMEOUT_SECONDS = int(os.environ.get("MAIL_TIMEOUT_SECONDS", "15"))
    # Delivery: a failed try waits each of these in turn (1 min, 5 min, 30 min, 2 h, 6 h), then gives up.
    MAIL_RETRY_SECONDS = tuple(
        int(x) for x in os.environ.get("MAIL_RETRY_SECONDS", "60,300,1800,7200,21600").split(",") if x.strip()
    )
    # A worker's claim on a batch: after this, a message whose worker died is tried again.
    MAIL_CLAIM_SECONDS = int(os.environ.get("MAIL_CLAIM_SECONDS", "600"))

    # The job queue (RQ on Redis). Without a URL, jobs run in-process as they are queued (the embedded default).
    JOBS_REDIS_URL = os.environ.get("JOBS_REDIS_URL", "")
    JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "dhr")
    JOBS_TIMEOUT = int(os.environ.get("JOBS_TIMEOUT", "1800"))
    # A combined chronology longer than this is prepared as a job (about 2 s of work), and the file kept this long.
    EXPORT_IN_REQUEST_ROWS = int(os.environ.get("EXPORT_IN_REQUEST_ROWS", "4000"))
    EXPORT_KEEP_HOURS = int(os.environ.get("EXPORT_KEEP_HOURS", "24"))
    # When the scheduler queues the daily run (cron syntax, UTC): 06:00, before the working day.
    JOBS_DAILY_CRON = os.environ.get("JOBS_DAILY_CRON", "0 6 * * *")
    # A failed job is tried again after each of these (seconds); its effects happen once either way.
    JOBS_RETRY_SECONDS = tuple(int(x) for x in os.environ.get("JOBS_RETRY_SECONDS", "60,600").split(",") if x.strip())

    # Evidence chasing (flask dhr send-reminders): days relative to the due date, and when to escalate.
    EVIDENCE_REMINDER_OFFSETS = tuple(
        int(x) for x in os.environ.get("EVIDENCE_REMINDER_OFFSETS", "-7,-1,1,7").split(",") if x.strip()
    )
    EVIDENCE_ESCALATE_AFTER_DAYS = int(os.environ.get("EVIDENCE_ESCALATE_AFTER_DAYS", "14"))
    # A clock is told to the review's people once when due within this many days, and once more when overdue.
    CLOCK_ALERT_DAYS = int(os.environ.get("CLOCK_ALERT_DAYS", "7"))
    # Action plans: ask the owner for an update every N days before the target date (quarterly by default), chase
    # every N days once it has passed, and copy the agency's senior contact when it is N days overdue.
    ACTION_UPDATE_INTERVAL_DAYS = int(os.environ.get("ACTION_UPDATE_INTERVAL_DAYS", "91"))
    ACTION_CHASE_INTERVAL_DAYS = int(os.environ.get("ACTION_CHASE_INTERVAL_DAYS", "14"))
    ACTION_ESCALATE_AFTER_DAYS = int(os.environ.get("ACTION_ESCALATE_AFTER_DAYS", "28"))
    # Duties: tell the owner and coordinators N days before an occurrence falls due, then chase every N days.
    DUTY_NOTICE_DAYS = int(os.environ.get("DUTY_NOTICE_DAYS", "14"))
    DUTY_CHASE_INTERVAL_DAYS = int(os.environ.get("DUTY_CHASE_INTERVAL_DAYS", "28"))

    # Absolute links in emails need to know where the service lives.
    EXTERNAL_BASE_URL = os.environ.get("EXTERNAL_BASE_URL", "http://127.0.0.1:5000")
    TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))
    HSTS = False
    DEMO_SEED_ALLOWED = False
    SERVICE_NAME = "DHR Case Manager"


class DevelopmentConfig(Config):
    """Local development: embedded SQLite, demo data allowed."""

    ENV_NAME = "development"
    DEMO_SEED_ALLOWED = True
    TWO_STEP_REQUIRED = os.environ.get("TWO_STEP_REQUIRED", "false").lower() != "false"
    # `make run` serves on HOST and PORT (the Makefile exports them), so that `PORT=5101 make run` sends links that
    # open the server that sent them. Production keeps the base default: its port is not the one people see.
    EXTERNAL_BASE_URL = os.environ.get(
        "EXTERNAL_BASE_URL", f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
    )


class TestConfig(Config):
    """The test suite: cheap password hashing, memory rate limits, CSRF still on."""

    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key-that-is-long-enough-0123456789"  # noqa: S105
    # The test harness picks the database itself (tests/conftest.py); never a developer's DATABASE_URL.
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    RATELIMIT_STORAGE_URI = "memory://"
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    ARGON2_PARALLELISM = 1
    DEMO_SEED_ALLOWED = True
    TWO_STEP_REQUIRED = False
    SSO_ALLOW_HTTP_LOOPBACK = True
    MAIL_SMTP_HOST = ""
    NOTIFY_API_KEY = ""
    JOBS_REDIS_URL = ""
    EXTERNAL_BASE_URL = "http://localhost"


class ProductionConfig(Config):
    """Production: PostgreSQL, Redis-backed rate limits, secure cookies and HSTS."""

    ENV_NAME = "production"
    SESSION_COOKIE_NAME = "__Host-dhr_session"
    SESSION_COOKIE_SECURE = True
    HSTS = True
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    JOBS_REDIS_URL = os.environ.get("JOBS_REDIS_URL", "redis://127.0.0.1:6379/1")


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
}


def config_for_env(name: str | None = None) -> type[Config]:
    """Return the config class named by DHR_ENV (development when unset)."""
    name = (name or os.environ.get("DHR_ENV") or "development").strip().lower()
    if name not in CONFIGS:
        raise RuntimeError(f"DHR_ENV must be one of {', '.join(sorted(CONFIGS))}, not {name!r}")
    return CONFIGS[name]
