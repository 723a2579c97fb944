"""Plain report contexts (dhr.reports.context) to Word documents; styles, marking and tables live here once."""

from dhr.reports.annual import AnnualReport
from dhr.reports.board import BoardReport
from dhr.reports.context import ActionPlanContext, ChronologyContext, ReportContext
from dhr.reports.docx.action_plan import build_action_plan
from dhr.reports.docx.annual import build_annual_report
from dhr.reports.docx.board import build_board_report
from dhr.reports.docx.chronology import build_chronology
from dhr.reports.docx.imr import build_imr
from dhr.reports.docx.layout import to_bytes
from dhr.reports.docx.letters import build_letter
from dhr.reports.docx.papers import build_paper
from dhr.reports.docx.report import build_report
from dhr.reports.imr import ImrDocument
from dhr.reports.letters import Letter
from dhr.reports.papers import MeetingPaper


def build(context):
    """The python-docx Document for any report context."""
    if isinstance(context, ReportContext):
        return build_report(context)
    if isinstance(context, ActionPlanContext):
        return build_action_plan(context)
    if isinstance(context, ChronologyContext):
        return build_chronology(context)
    if isinstance(context, MeetingPaper):
        return build_paper(context)
    if isinstance(context, AnnualReport):
        return build_annual_report(context)
    if isinstance(context, ImrDocument):
        return build_imr(context)
    if isinstance(context, Letter):
        return build_letter(context)
    if isinstance(context, BoardReport):
        return build_board_report(context)
    raise TypeError(f"No document for {type(context).__name__}")


def render(context) -> bytes:
    """The .docx bytes for any report context."""
    return to_bytes(build(context))
