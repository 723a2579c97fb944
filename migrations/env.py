"""Alembic environment for Flask-Migrate: numbered revisions (NNNN_slug) and batch mode for SQLite."""

import logging
import re
from logging.config import fileConfig
from pathlib import Path

from alembic import context
from flask import current_app

import dhr.model_registry  # noqa: F401 - registers every table on the metadata
from dhr.search.engine import include_object

config = context.config
if config.config_file_name and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
log = logging.getLogger("alembic.env")
# `flask db upgrade -x quiet` (make run) says nothing unless something goes wrong.
if "quiet" in context.get_x_argument():
    logging.getLogger("alembic").setLevel(logging.WARNING)


# Alembic logs each revision's first docstring paragraph, which wraps in many of ours: joined into one line, a
# message cannot leave lines without their INFO prefix in the output.
def _one_line(record: logging.LogRecord) -> bool:
    message = record.getMessage()
    if "\n" in message:
        record.msg, record.args = re.sub(r"\s*\n\s*", " ", message), ()
    return True


# env.py runs again for every command in one process (the tests'): the filter is added once.
_migration_log = logging.getLogger("alembic.runtime.migration")
if _one_line.__name__ not in {getattr(f, "__name__", None) for f in _migration_log.filters}:
    _migration_log.addFilter(_one_line)

db = current_app.extensions["migrate"].db
VERSIONS = Path(__file__).resolve().parent / "versions"


def _next_revision_id(message: str) -> str:
    numbers = [int(p.name[:4]) for p in VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py")]
    slug = re.sub(r"[^a-z0-9]+", "_", (message or "change").lower()).strip("_")[:40]
    return f"{max(numbers, default=0) + 1:04d}_{slug}"


def _process_revision_directives(ctx, revision, directives):
    script = directives[0]
    if getattr(config.cmd_opts, "autogenerate", False) and script.upgrade_ops.is_empty():
        directives[:] = []
        log.info("No changes in schema detected.")
        return
    script.rev_id = _next_revision_id(script.message)


def _sqlite_foreign_keys(connection, on: bool) -> None:
    """SQLite's batch mode copies a table and drops the old one: with foreign keys enforced, dropping a table that
    other rows refer to fails. They are off while migrations run (outside any transaction, where the pragma takes
    effect), checked once they have run, and on again before the connection goes back to the pool."""
    connection.connection.driver_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def run_migrations_online() -> None:
    """Run migrations against the app's engine."""
    args = dict(current_app.extensions["migrate"].configure_args)
    args.setdefault("process_revision_directives", _process_revision_directives)
    args.setdefault("include_object", include_object)
    with db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, on=False)
        try:
            context.configure(connection=connection, target_metadata=db.metadata, **args)
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"The migration left rows that refer to missing rows: {broken[:5]}")
        finally:
            if sqlite:
                connection.rollback()
                _sqlite_foreign_keys(connection, on=True)


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run them against a database.")
run_migrations_online()
