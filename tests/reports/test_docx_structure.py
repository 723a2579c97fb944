"""The generated documents reopened with python-docx: order, numbering, columns, orientation and marking."""

import io
import zipfile

from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from dhr.drafting.structure import EXECUTIVE_SUMMARY, OVERVIEW
from dhr.reports.context import ACTION_PLAN_COLUMNS, CHRONOLOGY_COLUMNS, MARKING
from dhr.reports.docx import render
from dhr.reports.docx.scan import texts
from tests.reports import samples
from tests.reports.reading import (
    field_codes,
    footer_texts,
    header_texts,
    headings,
    open_docx,
    repeats_header,
    table_rows,
    word_numbers,
)


def _expected_overview_headings(context):
    return [s.title for s in context.sections if not (s.optional and not s.paragraphs)]


def test_overview_headings_follow_the_home_office_order():
    context = samples.overview(skip=("appendix_bibliography",))
    document = open_docx(render(context))
    assert headings(document) == _expected_overview_headings(context)
    found = headings(document)
    assert found[0] == "Preface, tribute and condolences"
    assert found[1:20] == [s.title for s in OVERVIEW.sections if s.number]
    assert "Appendix D: Bibliography and research" not in found  # optional and empty: left out
    assert found[-3:] == ["Appendix B: Terms of reference", "Appendix C: Glossary", "Appendix E: Home Office QA letter"]


def test_sections_and_paragraphs_are_numbered_as_the_app_numbers_them():
    context = samples.overview()
    document = open_docx(render(context))
    expected = []
    for section in context.sections:
        if not section.number:
            continue
        expected.append((f"{section.number}.", section.title))
        expected.extend((p.number, p.text) for p in section.paragraphs if not p.heading)
    assert word_numbers(document) == expected
    assert ("16.2", "Second paragraph.") in expected
    # Subheadings are headings of their own, never numbered.
    assert "A subheading" in headings(document, level=2)


def test_the_cover_names_the_review_the_pseudonym_and_the_month_of_death():
    document = open_docx(render(samples.overview()))
    cover = [p.text for p in document.paragraphs[:12]]
    for text in (
        "Westminster Community Safety Partnership",
        "Domestic Abuse Related Death Review",
        "Overview Report",
        "into the death of Adult A",
        "March 2026",
        "Independent chair: Chair Person",
        "Author: Author Person",
        "Version: v0.3",
        "Date: 5 March 2026",
    ):
        assert text in cover


def test_the_contents_is_a_toc_field_and_word_is_asked_to_update_fields():
    document = open_docx(render(samples.overview()))
    assert any(code.startswith("TOC") for code in field_codes(document.element.body))
    update = document.settings.element.find(qn("w:updateFields"))
    assert update is not None
    assert update.get(qn("w:val")) == "true"


def test_empty_sections_say_so_on_a_draft_and_stay_blank_on_a_publication():
    draft = open_docx(render(samples.overview(skip=("analysis",))))
    texts = [p.text for p in draft.paragraphs]
    analysis = texts.index("Analysis")
    assert texts[analysis + 1] == "This section has not been written yet."
    published = open_docx(render(samples.overview(samples.PUBLICATION, skip=("analysis",))))
    assert "This section has not been written yet." not in [p.text for p in published.paragraphs]


def test_executive_summary_headings_in_order():
    document = open_docx(render(samples.executive_summary()))
    assert headings(document) == [s.title for s in EXECUTIVE_SUMMARY.sections]
    assert word_numbers(document)[0] == ("1.", "The review process")


def test_the_action_plan_has_exactly_the_home_office_columns_landscape_and_a_repeated_header():
    document = open_docx(render(samples.plan()))
    assert all(s.orientation == WD_ORIENT.LANDSCAPE for s in document.sections)
    assert all(s.page_width > s.page_height for s in document.sections)
    (table,) = document.tables
    rows = table_rows(table)
    assert tuple(rows[0]) == ACTION_PLAN_COLUMNS
    assert rows[0][0] == "Recommendation"
    assert rows[0][-1] == "Completion date and outcome"
    assert repeats_header(table)
    assert [row[0] for row in rows[1:]] == [
        "1. Police to review DASH training.",
        "",
        "2. GPs to ask about domestic abuse.",
    ]
    assert [row[2] for row in rows[1:]] == ["Refresh training", "Audit DASH forms", ""]


def test_tables_have_one_fixed_layout_and_their_full_width():
    document = open_docx(render(samples.overview()))
    for table in document.tables:
        properties = table._tbl.tblPr
        layouts = properties.findall(qn("w:tblLayout"))
        assert [layout.get(qn("w:type")) for layout in layouts] == ["fixed"]
        assert properties.find(qn("w:tblW")).get(qn("w:type")) == "dxa"


def test_action_plan_rows_are_grouped_by_recommendation():
    document = open_docx(render(samples.plan()))
    trs = document.tables[0]._tbl.tr_lst
    merges = [[tc.tcPr.find(qn("w:vMerge")) for tc in tr.tc_lst[:2]] for tr in trs[1:]]
    assert [m.get(qn("w:val")) for m in merges[0]] == ["restart", "restart"]
    assert all(m is not None and m.get(qn("w:val")) is None for m in merges[1])
    assert merges[2] == [None, None]


def test_the_overview_carries_the_action_plan_on_landscape_pages_and_returns_to_portrait():
    document = open_docx(render(samples.overview()))
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    plan_table, glossary = document.tables
    assert tuple(table_rows(plan_table)[0]) == ACTION_PLAN_COLUMNS
    assert repeats_header(plan_table)
    assert table_rows(glossary) == [
        ["Abbreviation", "Meaning"],
        ["DASH", "Domestic Abuse, Stalking and Harassment"],
        ["MPS", "Police"],
    ]


def test_the_chronology_is_landscape_with_provenance_columns_and_a_repeated_header():
    document = open_docx(render(samples.chronology(rows=250)))
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    (table,) = document.tables
    rows = table_rows(table)
    assert tuple(rows[0]) == CHRONOLOGY_COLUMNS
    assert {"Agency", "Service or team", "Source reference", "Submission version"} <= set(rows[0])
    assert len(rows) == 251
    assert rows[250][3] == "CAD 249"
    assert repeats_header(table)


def test_drafts_are_marked_in_header_and_footer_with_the_version_and_page_x_of_y():
    for data in (
        render(samples.overview()),
        render(samples.executive_summary()),
        render(samples.plan()),
        render(samples.chronology()),
    ):
        document = open_docx(data)
        assert header_texts(document)[:2] == [MARKING, "DRAFT v0.3"]
        footer = document.sections[0].footer
        assert footer.paragraphs[0].text == MARKING
        assert field_codes(footer._element) == ["PAGE", "NUMPAGES"]
        assert footer.paragraphs[1].text == "Page 1 of 1"  # placeholders until Word lays out the pages
        assert all(s.header.is_linked_to_previous for s in document.sections[1:])


def test_publications_carry_no_marking_but_keep_page_numbers():
    for data in (
        render(samples.overview(samples.PUBLICATION)),
        render(samples.executive_summary(samples.PUBLICATION)),
        render(samples.plan(samples.PUBLICATION)),
        render(samples.chronology(marking=samples.PUBLICATION)),
    ):
        document = open_docx(data)
        assert header_texts(document) == []
        assert footer_texts(document)[0] == "Page 1 of 1"
        assert not any(MARKING in t or "DRAFT" in t for t in footer_texts(document))
        everything = " ".join(text for _, text in texts(data))
        assert MARKING not in everything
        assert "DRAFT" not in everything


def test_document_properties_name_nobody():
    draft = open_docx(render(samples.overview()))
    assert draft.core_properties.author == "DHR Case Manager"
    published = open_docx(render(samples.overview(samples.PUBLICATION)))
    properties = published.core_properties
    assert (properties.author, properties.last_modified_by, properties.comments) == ("", "", "")
    assert properties.revision == 1
    assert properties.title == "Domestic Abuse Related Death Review: Overview Report"
    assert published.settings.element.find(qn("w:removePersonalInformation")) is not None
    for data in (render(samples.overview()), render(samples.chronology())):
        assert not [name for name in zipfile.ZipFile(io.BytesIO(data)).namelist() if "thumbnail" in name]


def test_every_style_is_arial_and_no_theme_font_remains():
    document = open_docx(render(samples.overview()))
    styles = document.styles.element
    for name in ("Normal", "Heading 1", "Heading 2", "Title"):
        fonts = document.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:ascii")) == "Arial", name
        assert fonts.get(qn("w:asciiTheme")) is None, name
    defaults = styles.find(qn("w:docDefaults")).find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert defaults.get(qn("w:ascii")) == "Arial"
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_table_rows_are_streamed_into_the_file_with_no_template_left_behind():
    from dhr.reports.docx.styles import new_document, usable_width
    from dhr.reports.docx.tables import CONTINUE, add_table, save

    document = new_document()
    width = usable_width(document.sections[0])
    add_table(document, ("A", "B"), [], widths=(1, 1), total_width=width)
    document.add_paragraph("Between the tables.")
    add_table(
        document,
        ("Group", "Item"),
        iter([(CONTINUE, "orphan"), ("g1", "one"), (CONTINUE, "two"), (CONTINUE, "three"), ("g2", "four")]),
        widths=(1, 2),
        total_width=width,
    )
    data = save(document)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<!--" not in xml
    empty, grouped = open_docx(data).tables
    assert table_rows(empty) == [["A", "B"]]
    assert [row[1] for row in table_rows(grouped)[1:]] == ["orphan", "one", "two", "three", "four"]
    merges = []
    for tr in grouped._tbl.tr_lst[1:]:
        merge = tr.tc_lst[0].tcPr.find(qn("w:vMerge"))
        merges.append(None if merge is None else merge.get(qn("w:val"), "continue"))
    assert merges == [None, "restart", "continue", "continue", None]
