"""Every text column of a review's data says what it is: case text (the shield reads it), one of the register's
identities, text only identity holders see, or not free text at all. A new column without a declaration fails."""

import sqlalchemy as sa

from dhr.core.declare import CASE, KINDS, kind_of
from dhr.extensions import db

# Tables that are not a review's data even when a review's row points at them.
NOT_REVIEW_DATA = {"users", "agencies", "partnerships", "stored_files"}


def _review_tables() -> set[str]:
    """Reviews, and every table whose rows point at a review's data, followed to the end."""
    tables = db.metadata.tables
    found = {"reviews"}
    while True:
        more = {
            name
            for name, table in tables.items()
            if name not in found
            and name not in NOT_REVIEW_DATA
            and any(fk.column.table.name in found for column in table.columns for fk in column.foreign_keys)
        }
        if not more:
            return found
        found |= more


def _text_columns(table):
    """Columns that can hold words: strings (not enums) and JSON (IMR and version sections)."""
    return [
        c
        for c in table.columns
        if (isinstance(c.type, sa.String) and not isinstance(c.type, sa.Enum)) or isinstance(c.type, sa.JSON)
    ]


def test_every_text_column_of_a_review_is_declared(app):
    missing, wrong = [], []
    for name in sorted(_review_tables()):
        for column in _text_columns(db.metadata.tables[name]):
            kind = kind_of(column)
            if kind is None:
                missing.append(f"{name}.{column.name}")
            elif kind not in KINDS:
                wrong.append(f"{name}.{column.name}: {kind}")
            elif kind != CASE and not column.info.get("why"):
                wrong.append(f"{name}.{column.name}: {kind} without a reason")
    assert not missing, "declare these in their models (dhr/core/declare.py): " + ", ".join(missing)
    assert not wrong, wrong


def test_the_walk_reaches_every_part_of_a_review():
    tables = _review_tables()
    for name in (
        "chronology_entries",
        "imr_versions",
        "terms_lines",
        "meeting_agenda_items",
        "meeting_actions",
        "family_draft_comments",
        "qa_points",
        "plan_actions",
        "action_updates",
        "correspondence",
        "draft_sections",
        "draft_versions",
        "section_comments",
        "parallel_processes",
        "recommendations",
    ):
        assert name in tables, name
    assert "duties" not in tables  # the partnership's register, not a review's
    assert "audit_events" not in tables


def test_the_free_text_a_pseudonym_only_reader_sees_is_case_text():
    declared = {
        f"{name}.{column.name}"
        for name in _review_tables()
        for column in _text_columns(db.metadata.tables[name])
        if kind_of(column) == CASE
    }
    for column in (
        "terms_versions.purpose",
        "terms_lines.text",
        "chronology_entries.details",
        "chronology_entries.outcome",
        "chronology_entries.comment",
        "meetings.minutes",
        "meeting_agenda_items.title",
        "meeting_actions.description",
        "recommendations.text",
        "plan_actions.action",
        "action_updates.text",
        "qa_points.response",
        "correspondence.summary",
        "draft_sections.body",
        "draft_versions.note",
        "draft_versions.sections",
        "imr_versions.sections",
    ):
        assert column in declared, column
    assert len(declared) >= 65
