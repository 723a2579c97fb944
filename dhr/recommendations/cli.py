"""`flask dhr export-national`: the national oversight export from the command line (for a scheduled upload)."""

from pathlib import Path

import click

from dhr.commands import _partnership, dhr_cli
from dhr.extensions import db


@dhr_cli.command("export-national")
@click.option("--format", "file_format", type=click.Choice(["csv", "json"]), default="json", show_default=True)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True), help="File to write.")
@click.option("--partnership", "partnership_name", default=None, help="Default: the first partnership.")
def export_national(file_format: str, out: str, partnership_name: str | None):
    """Write the partnership's national recommendations and their actions' status (see the documented schema)."""
    from dhr.core.actors import COMMAND_LINE
    from dhr.recommendations import national

    partnership = _partnership(partnership_name)
    data, _name = national.export(partnership, file_format, actor=COMMAND_LINE, via="cli")
    Path(out).write_bytes(data)
    db.session.commit()
    click.echo(f"Wrote the national recommendations of {partnership.name} ({file_format}) to {out}")
