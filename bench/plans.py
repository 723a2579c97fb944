"""The query plans of every page the load test visits, on the national data set: each statement a page runs is
explained with EXPLAIN (ANALYZE, BUFFERS), and any sequential scan of a large table is reported with the statement
that asked for it. Prints one line per page, then the scans found; exits 1 if there are any.

Large means over 40,000 rows: the audit log, the chronology, the stage history and the actions at national size.
Smaller tables (stored clocks, 30,000 rows; recommendations, 11,000) the planner may hash-join from a scan that
costs it 2 to 3 ms; the table the script prints shows them too, with each page's slowest statement.

`.venv/bin/python bench/plans.py [--database dhr_national]` (after bench/national.py).
"""

import argparse
import re
import sys

from harness import db
from load import cookies_for, pages_for
from national import _admin_url, national_app
from sqlalchemy import event, text

LARGE = 40_000
NOTED = 10_000


def _tables_over(connection, rows: int) -> set[str]:
    found = connection.execute(
        text("SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > :rows"), {"rows": rows}
    )
    return {name for (name,) in found}


def _statements(app, page, cookie) -> list[tuple[str, object]]:
    """Every SELECT the page runs, with its parameters (the second request, so caches are warm)."""
    with app.app_context():
        engine = db.engine
    client = app.test_client()
    if page.persona:
        client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    client.get(page.path)
    seen: list[tuple[str, object]] = []

    def keep(_connection, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        client.get(page.path)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="dhr_national")
    args = parser.parse_args()
    app = national_app(_admin_url(args.database)[1])
    pages = pages_for(app)
    cookies = cookies_for(app)
    scans: list[tuple[str, str, str]] = []
    with app.app_context():  # only for these two: a request inside it would share its g with every other
        engine = db.engine
        large = _tables_over(db.session.connection(), LARGE)
        noted = _tables_over(db.session.connection(), NOTED) - large
        db.session.remove()
    raw = engine.raw_connection()
    print(f"Tables over {LARGE:,} rows: {', '.join(sorted(large))}; over {NOTED:,}: {', '.join(sorted(noted))}\n")
    print("| Page | Statements | Slowest statement (ms) | Scans of large tables | Scans of tables over 10,000 rows |")
    print("|---|---|---|---|---|")
    for page in pages:
        statements = _statements(app, page, cookies.get(page.persona or "", ""))
        slowest, found, smaller = 0.0, [], []
        for statement, parameters in statements:
            with raw.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) " + statement, parameters)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            raw.rollback()
            took = float(re.search(r"Execution Time: ([\d.]+)", plan).group(1))
            slowest = max(slowest, took)
            for table in re.findall(r"Seq Scan on (\w+)", plan):
                if table in large:
                    found.append(table)
                    scans.append((page.label, table, " ".join(statement.split())[:160]))
                elif table in noted:
                    smaller.append(table)
        print(
            f"| {page.label} | {len(statements)} | {slowest:.1f} | {', '.join(sorted(set(found))) or 'none'} | "
            f"{', '.join(sorted(set(smaller))) or 'none'} |"
        )
    raw.close()
    if scans:
        print("\nSequential scans of large tables:")
        for label, table, statement in scans:
            print(f"- {label}: {table}: {statement}")
    sys.exit(1 if scans else 0)


if __name__ == "__main__":
    main()
