"""Producing the board report for the web page or the command line: build, name and audit it. The date of the last
board report is read back from its audit event, so the next one lists what was completed since."""

import re
from datetime import date

from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.audit.services import record
from dhr.core.dates import LONDON, london_today
from dhr.extensions import db
from dhr.monitoring.queries import all_rows, partnership_actions
from dhr.reports.board import board_report_context
from dhr.reports.docx import build, to_bytes
from dhr.reports.services import Export
from dhr.statistics.figures import six_months_of

EXPORTED = "board_report.exported"
_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


def last_board_report_on(partnership_id: int) -> date | None:
    """The (UK) date the partnership's last board report was produced, or None if it never was."""
    at = db.session.scalar(
        select(AuditEvent.occurred_at)
        .where(AuditEvent.partnership_id == partnership_id, AuditEvent.action == EXPORTED)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(1)
    )
    return at.astimezone(LONDON).date() if at is not None else None


def filename(partnership, today: date) -> str:
    """A predictable name: SWP_board-report_2026-05-11.docx."""
    prefix = _UNSAFE.sub("-", partnership.reference_prefix or "partnership").strip("-")
    return f"{prefix}_board-report_{today.isoformat()}.docx"


def export_board_report(partnership, *, since: date | None, actor, via: str = "web") -> Export:
    """Build the board report over every action of the partnership's reviews and audit it (the caller commits)."""
    today = london_today()
    actions = all_rows(partnership_actions(partnership.id))
    report = board_report_context(
        partnership, actions, today=today, since=since, six_months=six_months_of(partnership.id)
    )
    data = to_bytes(build(report))
    done = Export(filename(partnership, today), data, "board-report", "draft", report.marking.version_label, False)
    record(
        EXPORTED,
        f"Board report on action plans exported ({via}), completions since {report.since or 'the start'}",
        actor=actor,
        obj=partnership,
        partnership_id=partnership.id,
        data={
            "since": since.isoformat() if since else None,
            "via": via,
            "filename": done.filename,
            "bytes": len(data),
            "actions": report.totals.total,
            "overdue": len(report.overdue),
            "completed": len(report.completed),
        },
    )
    return done
