"""The demo's published review, read back from its three documents as the Home Office QA panel would read them:
they agree with each other and with the record, their contents and tables render through LibreOffice, and no
status word stands where a date belongs."""

import re
import shutil
import subprocess

import pytest
from docx.oxml.ns import qn
from sqlalchemy import select

from dhr.actions.stages import ActionStatus
from dhr.extensions import db as _db
from dhr.partnerships.models import Partnership
from dhr.reports.context import ACTION_PLAN_COLUMNS, PANEL_COLUMNS, context_for
from dhr.reports.docx import render
from dhr.reports.docx.fit import BOLD, CELL_PADDING_PT, LONGEST_FITTED, word_width
from dhr.reviews.queries import review_of_victim
from dhr.seed import PARTNERSHIP_NAME, seed_demo
from tests.reports.reading import field_codes, open_docx, table_rows

PUBLISHED = "Mrs AA"
STATUS_WORDS = {status.label for status in ActionStatus} | {"On track", "At risk", "Overdue"}


@pytest.fixture
def published(app, db):
    """The three documents of the demo's published review, as publication versions."""
    db.run(seed_demo)

    def build():
        partnership = _db.session.scalar(select(Partnership).where(Partnership.name == PARTNERSHIP_NAME))
        review = review_of_victim(partnership.id, PUBLISHED)
        with app.test_request_context():
            documents = {kind: render(context_for(review, kind, version="publication")) for kind in KINDS}
            # The combined chronology of the review with the most agencies' entries accepted.
            drafting = review_of_victim(partnership.id, "Adult Q")
            documents["chronology"] = render(context_for(drafting, "chronology"))
            return documents

    return db.run(build)


KINDS = ("overview", "executive-summary", "action-plan")


def _numbered(document, number: str) -> list[str]:
    """The text of the paragraphs after the heading numbered `number` (as its title) up to the next heading."""
    texts, inside = [], False
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading 1"):
            inside = paragraph.text == number
            continue
        if inside and paragraph.text.strip():
            texts.append(paragraph.text)
    return texts


def _the_three_documents_carry_the_same_recommendations(published):
    overview, summary = open_docx(published["overview"]), open_docx(published["executive-summary"])
    plan = open_docx(published["action-plan"])
    in_19 = _numbered(overview, "Recommendations")
    in_10 = _numbered(summary, "Recommendations from the review")
    rows = table_rows(plan.tables[0])
    assert rows[0] == list(ACTION_PLAN_COLUMNS)
    in_plan = [re.sub(r"^\d+\. ", "", row[0]) for row in rows[1:] if row[0]]
    assert in_19
    assert in_19 == in_10 == list(dict.fromkeys(in_plan))
    # Appendix A of the overview is the same plan.
    appendix = next(t for t in overview.tables if table_rows(t)[0] == list(ACTION_PLAN_COLUMNS))
    assert table_rows(appendix) == rows


def _no_status_word_stands_where_a_date_belongs(published):
    rows = table_rows(open_docx(published["action-plan"]).tables[0])[1:]
    completion = [row[6] for row in rows]
    assert not [cell for cell in completion if cell in STATUS_WORDS or cell.startswith("Completed")]
    assert all(not cell or re.match(r"^\d{1,2} [A-Z][a-z]+ \d{4}\. ", cell) for cell in completion), completion
    assert any(row[4].startswith("Status: ") or "\nStatus: " in row[4] for row in rows)  # the status has its place


def _the_contents_are_written_into_the_document_and_stay_a_field(published, kind):
    document = open_docx(published[kind])
    body = document.element.body
    assert any(code.startswith("TOC ") for code in field_codes(body))  # Word can still refresh it
    entries = [p.text for p in document.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading 1")]
    assert len(entries) >= len(headings) > 5
    numbered = [h.text for h in headings if h.text not in entries]
    # Numbered headings are listed with their numbers; the preface and appendices by title.
    assert all(any(entry.endswith(f". {title}") for entry in entries) for title in numbered)


def _lines_of_enquiry_are_not_numbered_twice(published):
    terms = _numbered(open_docx(published["overview"]), "Terms of reference")
    assert any("What knowledge did agencies have" in text for text in terms)
    assert not [text for text in terms if re.match(r"^\(?\d{1,2}[.)]\s", text)]


def _the_panel_is_a_table_with_each_person_once(published, kind):
    document = open_docx(published[kind])
    # Section 7's contributors come before section 8's panel; both have the same four columns.
    contributors, panel = [table_rows(t) for t in document.tables if table_rows(t)[0] == list(PANEL_COLUMNS)]
    names = [row[0] for row in panel[1:]]
    assert len(names) == len(set(names)) >= 3
    chair = next(row for row in panel[1:] if "chair" in row[1].lower())
    assert chair[3].startswith("Declared ")
    assert {row[2] for row in contributors[1:]} >= {"Metropolitan Police Service"}


def _every_table_column_holds_its_longest_word(published):
    """Word and LibreOffice break a word mid-word only when it is wider than its column."""
    for kind in (*KINDS, "chronology"):
        document = open_docx(published[kind])
        assert document.tables, kind
        for table in document.tables:
            grid = [int(col.get(qn("w:w"))) / 20 for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
            sizes = {
                run.font.size.pt for cell in table._cells for p in cell.paragraphs for run in p.runs if run.font.size
            }
            size = max(
                sizes | {p.style.font.size.pt for cell in table._cells for p in cell.paragraphs if p.style.font.size}
            )
            rows = table_rows(table)
            for column, width in enumerate(grid):
                header = [word_width(w[:LONGEST_FITTED], size) * BOLD for w in rows[0][column].split()]
                body = [word_width(w[:LONGEST_FITTED], size) for row in rows[1:] for w in row[column].split()]
                widest = max(header + body, default=0)
                assert widest + CELL_PADDING_PT <= width + 0.5, (kind, column, width, widest)


def test_the_published_documents_agree_and_read_as_the_qa_panel_reads_them(published):
    _the_three_documents_carry_the_same_recommendations(published)
    _no_status_word_stands_where_a_date_belongs(published)
    for kind in ("overview", "executive-summary"):
        _the_contents_are_written_into_the_document_and_stay_a_field(published, kind)
        _the_panel_is_a_table_with_each_person_once(published, kind)
    _lines_of_enquiry_are_not_numbered_twice(published)
    _every_table_column_holds_its_longest_word(published)


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="LibreOffice and pdftotext are needed: apt-get install libreoffice-writer-nogui poppler-utils "
    "(as .ci/run does)",
)
def test_libreoffice_renders_the_contents_and_the_tables(published, tmp_path):
    for kind in ("overview", "executive-summary"):
        source = tmp_path / f"{kind}.docx"
        source.write_bytes(published[kind])
        subprocess.run(
            [SOFFICE, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
            capture_output=True,
            timeout=240,
            env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
            check=True,
        )
        text = subprocess.run(
            [PDFTOTEXT, str(tmp_path / f"{kind}.pdf"), "-"], capture_output=True, check=True, text=True
        ).stdout
        contents = text.split("Contents", 1)[1][:1500]
        assert "1. " in contents
        assert "Right-click" not in text
        assert "Independence" in text  # the panel table
        assert "Jo Whitfield" in text
