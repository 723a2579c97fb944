"""The action plan: landscape, the exact Home Office columns, the header repeated, rows grouped by recommendation."""

from dhr.reports.context import ACTION_PLAN_COLUMNS
from dhr.reports.docx import layout
from dhr.reports.docx.marking import apply_marking
from dhr.reports.docx.styles import new_document, usable_width
from dhr.reports.docx.tables import CONTINUE, add_table

WIDTHS = (2.7, 2.1, 2.3, 1.4, 2.2, 1.4, 1.8)
FONT_SIZE = 10


def _milestones(action) -> str:
    """The milestones, then where the action stands: the status has its own line here, never in the completion
    column, which holds only the completion date and outcome."""
    status = f"Status: {action.status}" if action.status else ""
    return "\n".join(part for part in (action.milestones, status) if part)


def plan_rows(plan):
    """One row per action; the recommendation and its scope span the rows of their actions."""
    for recommendation in plan.recommendations:
        for index, action in enumerate(recommendation.rows):
            first = index == 0
            yield (
                f"{recommendation.number}. {recommendation.text}" if first else CONTINUE,
                recommendation.scope if first else CONTINUE,
                action.action,
                action.lead_agency,
                _milestones(action),
                action.target_date,
                action.completion,
            )


def write_action_plan_table(document, plan, width: int):
    """The action plan table, at the given width."""
    return add_table(
        document, ACTION_PLAN_COLUMNS, list(plan_rows(plan)), widths=WIDTHS, total_width=width, font_size=FONT_SIZE
    )


def build_action_plan(plan):
    """The stand-alone action plan document for an ActionPlanContext."""
    document = new_document(landscape=True)
    apply_marking(document, plan.marking)
    layout.write_title_block(document, plan.cover)
    if plan.recommendations:
        write_action_plan_table(document, plan, usable_width(document.sections[0]))
    else:
        document.add_paragraph("The overview report has no recommendations yet.")
    layout.set_properties(document, title=f"{plan.cover.review_title}: Action Plan", publication=not plan.marking.draft)
    return document
