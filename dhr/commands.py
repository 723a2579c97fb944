"""`flask dhr ...`: administrative commands. Each is small, documented and safe to repeat."""

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from dhr.agencies.models import Agency
from dhr.core.wording import counted, counted_plural
from dhr.extensions import db
from dhr.partnerships.models import Partnership

dhr_cli = AppGroup("dhr", help="DHR Case Manager administration.")

ROUTES_FILE = Path(__file__).resolve().parent.parent / "tests" / "route-list.json"


def route_list(app) -> list[dict]:
    """Every route as {rule, endpoint, methods}, sorted, for the route snapshot."""
    routes = []
    for rule in app.url_map.iter_rules():
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        routes.append({"rule": rule.rule, "endpoint": rule.endpoint, "methods": methods})
    return sorted(routes, key=lambda r: (r["rule"], r["endpoint"]))


def _partnership(name: str | None) -> Partnership:
    if name:
        found = db.session.scalar(select(Partnership).where(Partnership.name == name))
    else:
        found = db.session.scalar(select(Partnership).order_by(Partnership.id))
    if found is None:
        raise click.ClickException(f"No partnership called {name!r}" if name else "No partnership exists yet")
    return found


@dhr_cli.command("create-admin")
@click.option("--email", required=True, help="The administrator's email address.")
@click.option("--name", required=True, help="Their full name.")
@click.option("--partnership", "partnership_name", required=True, help="Partnership name (created if new).")
@click.option("--reference-prefix", default="CSP", show_default=True, help="For a new partnership's references.")
def create_admin(email: str, name: str, partnership_name: str, reference_prefix: str):
    """Create an administrator with no password and print a one-time link to set it."""
    from dhr.audit.services import record
    from dhr.auth.models import MembershipRole, User
    from dhr.auth.services import find_user_by_email, send_invitation
    from dhr.permissions import Role

    email = email.strip().lower()
    if find_user_by_email(email) is not None:
        raise click.ClickException(f"A user with the email {email} already exists")
    partnership = db.session.scalar(select(Partnership).where(Partnership.name == partnership_name))
    if partnership is None:
        partnership = Partnership(name=partnership_name, reference_prefix=reference_prefix.upper())
        db.session.add(partnership)
        db.session.flush()
    user = User(partnership=partnership, email=email, name=name, roles=[MembershipRole(role=Role.ADMIN)])
    record(
        "user.created_by_cli",
        f"Administrator {name} created from the command line",
        added=user,
        partnership_id=partnership.id,
    )
    send_invitation(user, actor=user)
    db.session.commit()
    from dhr.mail.models import OutboxMessage

    message = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_address == email).order_by(OutboxMessage.id.desc())
    )
    click.echo(f"Created administrator {email} in {partnership.name}.")
    if message is not None and message.body:
        link = next(line for line in message.body.splitlines() if "/accept-invite/" in line)
        click.echo(f"Set the password within 3 days at: {link.strip()}")
    else:
        click.echo("An invitation email with a one-time link has been sent.")


@dhr_cli.command("seed-demo")
def seed_demo_command():
    """Load the Safer Westminster demo partnership (development and test only)."""
    from dhr.seed import DEMO_PASSWORD, demo_logins, seed_demo

    if not current_app.config["DEMO_SEED_ALLOWED"]:
        raise click.ClickException("Demo data is only for development: set DHR_ENV=development")
    added = seed_demo()
    db.session.commit()
    click.echo("Demo data: " + ", ".join(f"{counted_plural(count, kind)} added" for kind, count in added.items()))
    click.echo(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
    for email, label in demo_logins():
        click.echo(f"  {email:<28} {label}")


@dhr_cli.command("rebuild-clocks")
def rebuild_clocks_command():
    """Work out every review's stored clocks and open tasks again (after the upgrades that add them, or to check the
    daily run)."""
    from dhr.clocks.stored import rebuild
    from dhr.overview.stored import rebuild as rebuild_tasks
    from dhr.reviews.models import Review

    ids = list(db.session.scalars(select(Review.id).order_by(Review.id)))
    done = rebuild(db.session, ids)
    rebuild_tasks(db.session, ids)
    db.session.commit()
    click.echo(f"Clocks and tasks worked out again for {counted(done, 'review')}")


@dhr_cli.command("reindex-search")
def reindex_search_command():
    """Index every searchable record again (after the upgrade that adds search, or to check it)."""
    from dhr.search.index import rebuild_all

    done = rebuild_all(db.session)
    db.session.commit()
    click.echo(f"Search index rebuilt from {counted(done, 'record')}")


@dhr_cli.command("save-routes")
def save_routes():
    """Write the route snapshot that tests compare against (tests/route-list.json)."""
    ROUTES_FILE.write_text(json.dumps(route_list(current_app), indent=2) + "\n")
    click.echo(f"Wrote {len(route_list(current_app))} routes to tests/route-list.json")


@dhr_cli.command("list-agencies")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: a list of {code, name, kind}.")
@click.option("--partnership", "partnership_name", default=None, help="Partnership name (default: the first).")
def list_agencies(as_json: bool, partnership_name: str | None):
    """List a partnership's agencies."""
    partnership = _partnership(partnership_name)
    agencies = db.session.scalars(
        select(Agency).where(Agency.partnership_id == partnership.id).order_by(Agency.code)
    ).all()
    rows = [{"code": a.code, "name": a.name, "kind": a.kind.value} for a in agencies]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['code']:<12} {row['kind']:<16} {row['name']}")


def _clock_json(clock) -> dict:
    return {
        "name": clock.name,
        "due": clock.due.isoformat() if clock.due else None,
        "state": clock.state.value,
        "days": clock.days,
    }


@dhr_cli.command("list-reviews")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: a list of {reference, stage, category, paused}.")
@click.option("--partnership", "partnership_name", default=None, help="Partnership name (default: every one).")
def list_reviews(as_json: bool, partnership_name: str | None):
    """List reviews with their stage."""
    from dhr.reviews.models import Review

    query = select(Review).order_by(Review.reference)
    if partnership_name:
        query = query.where(Review.partnership_id == _partnership(partnership_name).id)
    rows = [
        {
            "reference": r.reference,
            "stage": r.stage.value,
            "category": r.category.value,
            "paused": r.stage.value == "paused",
        }
        for r in db.session.scalars(query)
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['reference']:<22} {row['stage']:<24} {row['category']}")


@dhr_cli.command("review-status")
@click.argument("reference")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: {reference, stage, paused_reason, clocks}.")
@click.option("--partnership", "partnership_name", default=None, help="Needed when two partnerships share a prefix.")
def review_status(reference: str, as_json: bool, partnership_name: str | None):
    """Show one review's stage and every statutory clock."""
    from dhr.clocks.service import clocks_for

    review = _review_by_reference(reference, partnership_name)
    clocks = [c for c in clocks_for(review) if c.due is not None]
    status = {
        "reference": review.reference,
        "stage": review.stage.value,
        "paused_reason": review.pause_reason.value if review.pause_reason else None,
        "clocks": [_clock_json(c) for c in clocks],
    }
    if as_json:
        click.echo(json.dumps(status, indent=2))
        return
    click.echo(
        f"{review.reference}: {review.stage.label}" + (f" ({review.pause_reason.label})" if review.pause_reason else "")
    )
    for c in clocks:
        click.echo(f"  {c.name:<45} due {c.due:%d %b %Y}  {c.state.label:<12} {c.days:+d} days")


@dhr_cli.command("export-chronology")
@click.argument("reference")
@click.option("--format", "file_format", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True), help="File to write.")
@click.option("--names", type=click.Choice(["pseudonyms", "real"]), default="pseudonyms", show_default=True)
@click.option("--partnership", "partnership_name", default=None, help="Needed when two partnerships share a prefix.")
def export_chronology(reference: str, file_format: str, out: str, names: str, partnership_name: str | None):
    """Write a review's combined chronology (accepted submissions) to a spreadsheet."""
    from dhr.audit.services import record
    from dhr.evidence import export
    from dhr.evidence.queries import accepted_entries
    from dhr.privacy.reading import reading_as

    review = _review_by_reference(reference, partnership_name)
    data = export.rows(accepted_entries(review), real_names=names == "real")
    with reading_as(review, real_names=names == "real"):
        body = export.to_csv(data) if file_format == "csv" else export.to_xlsx(data, f"{review.reference} chronology")
    Path(out).write_bytes(body)
    record(
        "chronology.exported",
        f"Combined chronology exported from the command line ({file_format}, {names})",
        obj=review,
        review_id=review.id,
        partnership_id=review.partnership_id,
        data={"format": file_format, "real_names": names == "real", "rows": len(data)},
    )
    db.session.commit()
    click.echo(f"Wrote {counted(len(data), 'entry')} to {out}")


@dhr_cli.command("export-report")
@click.argument("reference")
@click.option(
    "--kind", type=click.Choice(["overview", "executive-summary", "action-plan", "chronology"]), required=True
)
@click.option(
    "--version", "version", type=click.Choice(["draft", "preview", "publication"]), default="draft", show_default=True
)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True), help="File to write.")
@click.option("--names", type=click.Choice(["pseudonyms", "real"]), default="pseudonyms", show_default=True)
@click.option("--number", type=int, default=None, help="A saved version (0: the working text). Default: the latest.")
@click.option("--partnership", "partnership_name", default=None, help="Needed when two partnerships share a prefix.")
def export_report(
    reference: str, kind: str, version: str, out: str, names: str, number: int | None, partnership_name: str | None
):
    """Write a review's report as a Word document. A preview or publication that names anyone is refused, and so
    is a publication before publication is agreed or with an empty section."""
    from dhr.core.actors import COMMAND_LINE
    from dhr.reports import gate, services
    from dhr.reports.context import ReportError
    from dhr.reports.publication import PublicationRefusedError

    review = _review_by_reference(reference, partnership_name)
    try:
        done = services.export(
            review, kind, version=version, real_names=names == "real", number=number, actor=COMMAND_LINE, via="cli"
        )
    except ReportError as error:
        raise click.ClickException(str(error)) from error
    except PublicationRefusedError as refused:
        db.session.commit()  # the refusal is audited
        for message in refused.messages:
            click.echo(message, err=True)
        raise click.ClickException(
            f"{version.capitalize()} refused: {len(refused.leaks)} identifying details found (listed above). "
            "Nothing was written."
        ) from refused
    except gate.PublicationBlockedError as blocked:
        db.session.commit()  # the refusal is audited
        for reason in blocked.reasons:
            click.echo(reason, err=True)
        raise click.ClickException("Publication refused (reasons above). Nothing was written.") from blocked
    Path(out).write_bytes(done.data)
    db.session.commit()
    click.echo(f"Wrote {done.filename} ({len(done.data):,} bytes) to {out}")


@dhr_cli.command("export-board-report")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True), help="File to write.")
@click.option("--since", default=None, help="List actions completed since YYYY-MM-DD. Default: the last board report.")
@click.option("--partnership", "partnership_name", default=None, help="Default: the first partnership.")
def export_board_report(out: str, since: str | None, partnership_name: str | None):
    """Write the board report on every review's action plan as a Word document (marked OFFICIAL-SENSITIVE)."""
    from datetime import date

    from dhr.core.actors import COMMAND_LINE
    from dhr.core.dates import london_today
    from dhr.monitoring import board

    partnership = _partnership(partnership_name)
    try:
        start = date.fromisoformat(since) if since else board.last_board_report_on(partnership.id)
    except ValueError as exc:
        raise click.BadParameter("Use the form YYYY-MM-DD", param_hint="--since") from exc
    if start and start > london_today():
        raise click.BadParameter("The date must be today or in the past", param_hint="--since")
    done = board.export_board_report(partnership, since=start, actor=COMMAND_LINE, via="cli")
    Path(out).write_bytes(done.data)
    db.session.commit()
    completed = f"completed since {start.isoformat()}" if start else "completed (all: no earlier report)"
    click.echo(f"Wrote {done.filename} ({len(done.data):,} bytes) to {out}: actions {completed}")


@dhr_cli.command("export-annual-report")
@click.option("--year", "year", required=True, type=int, help="The calendar year, e.g. 2026.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True), help="File to write.")
@click.option("--partnership", "partnership_name", default=None, help="Default: the first partnership.")
def export_annual_report_command(year: int, out: str, partnership_name: str | None):
    """Write the partnership's annual report on its statutory duties as a Word document (audited)."""
    from dhr.core.actors import COMMAND_LINE
    from dhr.core.dates import london_today
    from dhr.duties.annual import export_annual_report

    if not 2000 <= year <= london_today().year:
        raise click.BadParameter(f"Use a year from 2000 to {london_today().year}", param_hint="--year")
    done = export_annual_report(_partnership(partnership_name), year, actor=COMMAND_LINE, via="cli")
    Path(out).write_bytes(done.data)
    db.session.commit()
    click.echo(f"Wrote {done.filename} ({len(done.data):,} bytes) to {out}")


@dhr_cli.command("import-chronology")
@click.argument("reference")
@click.argument("agency_code")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--partnership", "partnership_name", default=None, help="Needed when two partnerships share a prefix.")
@click.option(
    "--map",
    "overrides",
    multiple=True,
    metavar="FIELD=HEADER",
    help="Use this column for this field instead of the automatic match (repeatable); FIELD= leaves the field out. "
    "Fields: date, time, service_team, source_ref, people, event_type, details, outcome, comment.",
)
def import_chronology(
    reference: str, agency_code: str, file: str, partnership_name: str | None, overrides: tuple[str, ...]
):
    """Import an agency's chronology spreadsheet (.xlsx or .csv): every row or, on any error, none."""
    from dhr.core.actors import COMMAND_LINE
    from dhr.evidence import importer, services
    from dhr.evidence.models import AgencyInvolvement
    from dhr.files.guard import UploadError, check_upload

    chosen = _column_choices(overrides, importer.FIELDS)
    review = _review_by_reference(reference, partnership_name)
    involvement = next(
        (
            i
            for i in db.session.scalars(select(AgencyInvolvement).where(AgencyInvolvement.review_id == review.id))
            if i.agency.code == agency_code.strip().upper()
        ),
        None,
    )
    if involvement is None:
        raise click.ClickException(f"{agency_code} is not in {review.reference}'s agency matrix")
    path = Path(file)
    data = path.read_bytes()
    try:
        table = importer.read_table(path.name, data)
        upload = check_upload(path.name, data)
    except UploadError as error:
        raise click.ClickException(str(error)) from error
    mapping = _with_choices(
        importer.suggest_mapping(table.headers, services.remembered_mapping(involvement.agency_id)), chosen, table
    )
    for key in importer.FIELDS:
        click.echo(f'{key} <- "{mapping[key]}"' if key in mapping else f"{key} <- (not used)")
    missing = importer.missing_required(mapping)
    if missing:
        raise click.ClickException(
            f"No column could be matched for: {', '.join(missing)}. "
            f"The headers are: {', '.join(h for h in table.headers if h)}. "
            'Choose the column with --map, for example --map details="Summary"'
        )
    from dhr.privacy import shield

    rows, errors = importer.validate(table, mapping, review.people, shield.checker(review))
    if errors:
        for error in errors:
            click.echo(f"Row {error.row}: {error.reason}", err=True)
        raise click.ClickException(f"{counted(len(errors), 'row')} need fixing; nothing was imported")
    try:
        batch = services.start_import(involvement, upload=upload, actor=COMMAND_LINE)
        imported, duplicates = services.import_rows(batch, rows, mapping=mapping, actor=COMMAND_LINE)
    except services.EvidenceError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    replaced = shield.replaced_in_session(db.session)
    db.session.commit()
    click.echo(
        f"{counted(imported, 'row')} imported, {duplicates} already present, {_names(replaced)} saved as person tokens"
    )


def _column_choices(overrides: tuple[str, ...], fields) -> dict[str, str]:
    """--map FIELD=HEADER options as field -> header ("" to leave the field out)."""
    chosen: dict[str, str] = {}
    for option in overrides:
        key, equals, header = option.partition("=")
        key = key.strip()
        if not equals:
            raise click.BadParameter(
                f"Write it as FIELD=HEADER, for example details=Summary, not '{option}'", param_hint="--map"
            )
        if key not in fields:
            raise click.BadParameter(f"'{key}' is not a field. Use one of: {', '.join(fields)}", param_hint="--map")
        if key in chosen:
            raise click.BadParameter(f"{key} is given more than once", param_hint="--map")
        chosen[key] = header.strip()
    return chosen


def _with_choices(suggested: dict[str, str], chosen: dict[str, str], table) -> dict[str, str]:
    """The automatic match with the person's choices put in front: a column they chose for one field is not also
    left on another."""
    named = [h for h in table.headers if h]
    for header in chosen.values():
        if header and header not in named:
            raise click.BadParameter(
                f"The file has no column called '{header}'. Its columns are: {', '.join(named)}", param_hint="--map"
            )
    taken = {header for header in chosen.values() if header}
    mapping = {key: header for key, header in suggested.items() if key not in chosen and header not in taken}
    mapping.update({key: header for key, header in chosen.items() if header})
    return mapping


def _names(count: int) -> str:
    return "1 name" if count == 1 else f"{count} names"


def _review_by_reference(reference: str, partnership_name: str | None):
    from dhr.reviews.models import Review

    query = select(Review).where(Review.reference == reference.strip().upper())
    if partnership_name:
        query = query.where(Review.partnership_id == _partnership(partnership_name).id)
    matches = db.session.scalars(query).all()
    if not matches:
        raise click.ClickException(f"No review with the reference {reference}")
    if len(matches) > 1:
        raise click.ClickException(f"{len(matches)} partnerships have a review {reference}: add --partnership")
    return matches[0]


def register_commands(app) -> None:
    """Attach the `dhr` command group."""
    import dhr.jobs.cli
    import dhr.recommendations.cli  # noqa: F401 - these add export-national and the job commands to the group

    app.cli.add_command(dhr_cli)
