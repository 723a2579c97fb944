"""Configuration choice, the production secret-key guard, and SQLite's engine policy."""

import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import config
from dhr import create_app
from dhr.core.database import configure_postgresql, configure_sqlite
from dhr.extensions import db as _db


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("development", config.DevelopmentConfig),
        ("test", config.TestConfig),
        ("production", config.ProductionConfig),
        (None, config.DevelopmentConfig),
    ],
)
def test_dhr_env_chooses_the_config(monkeypatch, name, cls):
    monkeypatch.delenv("DHR_ENV", raising=False)
    assert config.config_for_env(name) is cls


def test_unknown_env_is_an_error():
    with pytest.raises(RuntimeError, match="DHR_ENV must be one of"):
        config.config_for_env("staging")


@pytest.mark.parametrize("key", [config.DEFAULT_SECRET_KEY, "short", ""])
def test_production_refuses_a_default_or_short_secret(key):
    class Prod(config.ProductionConfig):
        SECRET_KEY = key
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Prod)


def test_production_starts_with_a_proper_secret_and_secure_cookie():
    class Prod(config.ProductionConfig):
        SECRET_KEY = "k" * 48
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        RATELIMIT_STORAGE_URI = "memory://"

    app = create_app(Prod)
    assert app.config["SESSION_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert not app.debug
    assert not app.testing


def test_database_url_is_honoured():
    """Read in a fresh interpreter, because config reads the environment at import."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DATABASE_URL": "postgresql+psycopg://someone@db.example/dhr"}
    out = subprocess.run(
        [sys.executable, "-c", "import config; print(config.DevelopmentConfig.SQLALCHEMY_DATABASE_URI)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(config.__file__).parent,
    ).stdout.strip()
    assert out == "postgresql+psycopg://someone@db.example/dhr"


MAIL_LINK = """
import sys
from dhr import create_app
from dhr.core.links import external_url
app = create_app(sys.argv[1])
with app.app_context():
    print(external_url("auth.sign_in"))
"""


def _mail_link(env_name: str, **environment: str) -> str:
    """A sign-in link as an email would carry it, from an app built in a fresh interpreter (config reads the
    environment at import) with only the given HOST, PORT and EXTERNAL_BASE_URL."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"HOST", "PORT", "EXTERNAL_BASE_URL", "DHR_ENV"}}
    env |= {"DATABASE_URL": "sqlite://", "SECRET_KEY": "k" * 48, "RATELIMIT_STORAGE_URI": "memory://", **environment}
    return subprocess.run(
        [sys.executable, "-c", MAIL_LINK, env_name],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(config.__file__).parent,
    ).stdout.strip()


def test_development_mail_links_follow_the_port_make_run_serves_on():
    """`PORT=5101 make run` serves on 127.0.0.1:5101 (the Makefile exports HOST and PORT); its emails link there."""
    assert _mail_link("development", HOST="127.0.0.1", PORT="5101") == "http://127.0.0.1:5101/sign-in"
    assert _mail_link("development") == "http://127.0.0.1:5000/sign-in"


def test_an_explicit_external_base_url_wins_over_the_port():
    explicit = {"HOST": "127.0.0.1", "PORT": "5101", "EXTERNAL_BASE_URL": "https://dhr.example.gov.uk"}
    assert _mail_link("development", **explicit) == "https://dhr.example.gov.uk/sign-in"
    assert _mail_link("production", **explicit) == "https://dhr.example.gov.uk/sign-in"


def test_production_links_never_follow_the_port_the_app_listens_on():
    """Behind the proxy the app's own port is not the one people open; production is told EXTERNAL_BASE_URL."""
    assert ":5101" not in _mail_link("production", HOST="127.0.0.1", PORT="5101")


def _sqlite_engine(path: Path):
    engine = create_engine(f"sqlite:///{path}")
    configure_sqlite(engine, 5000)
    return engine


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    engine = _sqlite_engine(tmp_path / "pragmas.sqlite")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    engine.dispose()


def test_sqlite_concurrent_read_modify_write_loses_nothing(tmp_path):
    """J2: 8 threads x 25 read-then-write transactions; BEGIN IMMEDIATE means none fails and none is lost."""
    engine = _sqlite_engine(tmp_path / "concurrency.sqlite")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"))
        connection.execute(text("INSERT INTO counter VALUES (1, 0)"))
    errors: list[Exception] = []

    def worker():
        for _ in range(25):
            try:
                with engine.begin() as connection:
                    n = connection.execute(text("SELECT n FROM counter WHERE id = 1")).scalar()
                    connection.execute(text("UPDATE counter SET n = :n WHERE id = 1"), {"n": n + 1})
            except Exception as exc:
                errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT n FROM counter")).scalar() == 200
    assert errors == []
    engine.dispose()


@pytest.mark.parametrize(("value", "expected"), [(None, 1.1), ("2", 2.0), ("", None), ("  ", None)])
def test_the_planners_page_cost_comes_from_the_environment_and_empty_keeps_the_servers(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("POSTGRES_RANDOM_PAGE_COST", raising=False)
    else:
        monkeypatch.setenv("POSTGRES_RANDOM_PAGE_COST", value)
    assert config._env_number("POSTGRES_RANDOM_PAGE_COST", 1.1) == expected


def test_each_connection_plans_with_the_configured_page_cost(app, db):
    """On PostgreSQL every pooled connection carries the setting; on SQLite there is no such setting to make."""
    with app.app_context():
        engine = _db.engine
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                assert connection.execute(text("SHOW random_page_cost")).scalar() == "1.1"
        else:
            other = create_engine("sqlite://")
            configure_postgresql(other, 1.1)  # leaves a SQLite engine as it was: no setting is sent
            with other.connect() as connection:
                assert connection.execute(text("SELECT 1")).scalar() == 1
