"""Publication safety: the leak scan finds a planted name wherever it is; hostile text round-trips as text."""

import io
import shutil
import subprocess
import zipfile
from datetime import date
from types import SimpleNamespace

import pytest

from dhr import privacy
from dhr.reports import context as c
from dhr.reports import publication
from dhr.reports.docx import build, render, to_bytes
from dhr.reviews.models import PersonRole
from tests.reports import samples
from tests.reports.reading import open_docx, table_rows

NAME = "Jane Realname"


def _needles():
    person = SimpleNamespace(
        pseudonym="Adult A", role=PersonRole.VICTIM, real_name=NAME, aliases="JJ Smith", date_of_birth=date(1980, 3, 14)
    )
    return privacy.needles_for([person], ["Mary Contact"])


def _where(data: bytes) -> list[str]:
    with pytest.raises(publication.PublicationRefusedError) as refused:
        publication.check(data, _needles())
    return [leak.where for leak in refused.value.leaks]


def _published(**texts):
    return samples.overview(samples.PUBLICATION, texts=dict(texts.items()))


def test_a_clean_publication_passes():
    publication.check(render(samples.overview(samples.PUBLICATION)), _needles())
    publication.check(render(samples.chronology(rows=50, marking=samples.PUBLICATION)), _needles())


def test_a_name_in_the_body_is_found_with_its_paragraph_number():
    data = render(_published(analysis=["All fine.", "Officers spoke to REALNAME,  jane at home."]))
    assert _where(data) == ["paragraph 16.2"]


def test_names_in_headings_front_matter_and_appendices_are_found():
    data = render(
        _published(
            tribute=["Jane-Realname loved music."],
            lessons=["### About Jane Realname", "Text."],
            appendix_terms=["Born 14/03/1980."],
        )
    )
    where = _where(data)
    assert any(w.startswith("body paragraph") and "Preface" in w for w in where)
    assert any("Lessons to be learnt" in w for w in where)
    assert any("Appendix B" in w for w in where)


def test_a_name_in_a_table_cell_is_found_with_its_row_and_column():
    chronology = samples.chronology(rows=20, marking=samples.PUBLICATION)
    cells = list(chronology.rows[7].cells)
    cells[6] = "Neighbour said jj  SMITH shouted."
    chronology.rows[7] = c.ChronologyRow(tuple(cells))
    assert _where(render(chronology)) == ["table 1, row 9, column 'What happened'"]


def test_a_name_in_the_header_or_footer_is_found():
    document = build(samples.overview(samples.PUBLICATION))
    document.sections[0].header.paragraphs[0].add_run("Prepared for Mary Contact")
    document.sections[0].footer.add_paragraph("Jane")  # a forename no one else in the review has names her
    document.sections[0].footer.add_paragraph("Sealed by the Realname panel")  # and so does a surname alone
    where = _where(to_bytes(document))
    assert where == [
        "the footer (footer1.xml), paragraph 2",
        "the footer (footer1.xml), paragraph 3",
        "the header (header1.xml), paragraph 1",
    ]


def test_a_name_in_a_footer_is_found():
    document = build(samples.plan(samples.PUBLICATION))
    document.sections[0].footer.paragraphs[0].add_run(" Jane ").bold = True
    document.sections[0].footer.paragraphs[0].add_run("Realname")  # split across runs: still one name
    where = _where(to_bytes(document))
    assert len(where) == 1
    assert where[0].startswith("the footer (footer")


def test_a_name_in_a_comment_or_its_author_is_found():
    document = build(samples.overview(samples.PUBLICATION))
    run = document.paragraphs[-1].add_run(" reviewed")
    document.add_comment(run, text="Check with Jane Realname's sister", author="Mary Contact", initials="MC")
    where = _where(to_bytes(document))
    assert sorted(where) == ["comment 0", "comment 0 (author)"]


def test_a_name_in_the_core_properties_is_found():
    document = build(samples.overview(samples.PUBLICATION))
    document.core_properties.author = NAME
    document.core_properties.comments = "Draft for JJ Smith"
    assert sorted(_where(to_bytes(document))) == [
        "the document properties: creator",
        "the document properties: description",
    ]


def test_a_name_in_a_footnote_is_found():
    data = render(samples.overview(samples.PUBLICATION))
    footnotes = (
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:id="1"><w:p><w:r><w:t>Interview with Jane </w:t></w:r><w:r><w:t>Realname</w:t></w:r>'
        "</w:p></w:footnote></w:footnotes>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/footnotes.xml", footnotes)
    assert _where(buffer.getvalue()) == ["footnote 1"]


def _with_body_xml(data: bytes, xml: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = body.decode()
                at = text.rindex("<w:sectPr")
                body = (text[:at] + xml + text[at:]).encode()
            target.writestr(item, body)
    return buffer.getvalue()


def test_names_in_alt_text_and_tracked_deletions_are_found():
    data = render(samples.overview(samples.PUBLICATION))
    picture = (
        '<w:p><w:r><w:drawing><wp:inline><wp:docPr id="9" name="Picture" descr="Photo of Jane Realname"/>'
        "</wp:inline></w:drawing></w:r></w:p>"
    )
    deleted = "<w:p><w:del><w:r><w:delText>Mary </w:delText></w:r></w:del><w:r><w:t>Contact</w:t></w:r></w:p>"
    where = _where(_with_body_xml(data, picture + deleted))
    assert len(where) == 2
    assert all(w.startswith("body paragraph") for w in where)


def test_a_name_broken_over_lines_in_a_cell_is_still_found():
    chronology = samples.chronology(rows=3, marking=samples.PUBLICATION)
    cells = list(chronology.rows[1].cells)
    cells[8] = "Seen with Jane\nRealname."
    chronology.rows[1] = c.ChronologyRow(tuple(cells))
    assert _where(render(chronology)) == ["table 1, row 3, column 'Comment'"]


def test_the_quick_look_reads_a_long_body_in_pieces_and_misses_nothing(monkeypatch):
    from dhr.reports.docx import scan

    monkeypatch.setattr(scan, "CHUNK_BYTES", 700)  # a few rows a piece, so names fall on the boundaries
    chronology = samples.chronology(rows=120, marking=samples.PUBLICATION)
    for row in (5, 61, 119):
        cells = list(chronology.rows[row].cells)
        cells[6] = "A long note " * 20 + "naming Jane Realname."
        chronology.rows[row] = c.ChronologyRow(tuple(cells))
    data = render(chronology)
    assert len(list(scan.quick_texts(data))) > 50
    assert _where(data) == [f"table 1, row {row + 2}, column 'What happened'" for row in (5, 61, 119)]
    publication.check(render(samples.chronology(rows=120, marking=samples.PUBLICATION)), _needles())


def test_the_refusal_lists_each_place_and_never_the_name():
    data = render(_published(introduction=["Jane Realname died."], analysis=["Mary Contact said so."]))
    with pytest.raises(publication.PublicationRefusedError) as refused:
        publication.check(data, _needles())
    assert refused.value.messages == [
        "paragraph 1.1: the real name of Adult A (victim)",
        "paragraph 16.1: the name of a family contact",
    ]
    assert all(NAME not in message for message in refused.value.messages)


HOSTILE = [
    "Tags <w:br/> & \"quotes\" 'apostrophes' ]]> <![CDATA[x]]> &amp;",
    "Emoji 👩‍👧 😀 and accents é ñ ø",
    "Right to left: مرحبا بالعالم and שלום עולם",
    "A" * 3000,
    "Control \x0b characters\x00 dropped\x1f",
    "Two\nlines\tand a tab",
]


def test_hostile_text_round_trips_in_paragraphs():
    context = samples.overview(texts={"analysis": HOSTILE})
    document = open_docx(render(context))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("Analysis") + 1
    assert texts[start : start + 4] == HOSTILE[:4]
    assert texts[start + 4] == "Control  characters dropped"
    assert texts[start + 5] == "Two\nlines\tand a tab"


def test_hostile_text_round_trips_in_table_cells():
    chronology = samples.chronology(rows=1)
    chronology.rows[0] = c.ChronologyRow(tuple(HOSTILE) + ("  spaced  ", "x", "y", "z"))
    rows = table_rows(open_docx(render(chronology)).tables[0])
    assert rows[1][:4] == HOSTILE[:4]
    assert rows[1][4] == "Control  characters dropped"
    assert rows[1][5] == "Two\nlines\tand a tab"
    assert rows[1][6] == "  spaced  "


def test_hostile_text_on_the_cover_and_in_the_glossary():
    cover = c.Cover(**{**samples.COVER.__dict__, "subject": HOSTILE[0], "chair": HOSTILE[2] + "\x07"})
    context = c.ReportContext(
        "overview",
        cover,
        samples.DRAFT,
        samples.sections(),
        glossary=(c.GlossaryTerm("<&>", HOSTILE[1]),),
        action_plan=samples.plan(),
    )
    document = open_docx(render(context))
    texts = [p.text for p in document.paragraphs]
    assert HOSTILE[0] in texts
    assert f"Independent chair: {HOSTILE[2]}" in texts
    assert table_rows(document.tables[-1])[1] == ["<&>", HOSTILE[1]]


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice's soffice is not installed, so PDF conversion is not checked; "
    "to run these tests, install it with `apt-get install libreoffice-writer-nogui` (as .ci/run does)",
)
@pytest.mark.parametrize(
    "make",
    [samples.overview, samples.executive_summary, samples.plan, lambda: samples.chronology(rows=200)],
    ids=["overview", "executive-summary", "action-plan", "chronology"],
)
def test_every_document_converts_to_pdf(tmp_path, make):
    source = tmp_path / "report.docx"
    source.write_bytes(render(make()))
    result = subprocess.run(
        [SOFFICE, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True,
        timeout=240,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    pdf = tmp_path / "report.pdf"
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert pdf.exists()
    assert pdf.read_bytes().startswith(b"%PDF")
