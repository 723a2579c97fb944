"""Paragraph numbering, tokens, the leak scan and version diffs: pure functions, no database."""

from datetime import date
from types import SimpleNamespace

import pytest

from dhr import privacy
from dhr.drafting import diff, paragraphs, tokens
from dhr.drafting.structure import DOCUMENTS, EXECUTIVE_SUMMARY, OVERVIEW
from dhr.reviews.models import PersonRole


def test_paragraphs_are_numbered_within_their_section_and_subheadings_are_not():
    body = "First.\r\n\r\n### A subheading\n\nSecond,\nover two lines.\n\n\n\nThird."
    numbered = paragraphs.number("16", body)
    assert [(p.number, p.heading) for p in numbered] == [("16.1", False), ("", True), ("16.2", False), ("16.3", False)]
    assert numbered[2].text == "Second,\nover two lines."
    assert paragraphs.number("", "Tribute.")[0].number == ""


def test_the_overview_follows_the_home_office_order():
    numbered = [s for s in OVERVIEW.sections if s.number]
    assert [s.number for s in numbered] == [str(n) for n in range(1, 20)]
    assert numbered[0].key == "introduction"
    assert numbered[10].key == "equality_and_diversity"
    assert numbered[18].key == "recommendations"
    assert OVERVIEW.sections[0].key == "tribute"
    assert [s.title for s in OVERVIEW.sections[-5:]][0].startswith("Appendix A")
    assert len(EXECUTIVE_SUMMARY.sections) == 10
    assert EXECUTIVE_SUMMARY.sections[-1].key == "recommendations"
    assert set(DOCUMENTS) == {"overview", "executive-summary"}


def _context(real_names=False):
    return tokens.TokenContext(
        people={7: tokens.PersonRef("Adult A", "Jane Realname", "victim")},
        entries={9: tokens.EntryRef("3 March 2026, MPS")},
        lines_of_enquiry={2: "Risk"},
        real_names=real_names,
        entry_href=lambda ref: f"/cite/{ref}",
    )


def test_person_tokens_render_as_pseudonyms_or_real_names():
    text = "[[person:7]] called. [[person:8]] did not."
    assert tokens.render_text(text, _context()) == "Adult A called. [unknown person] did not."
    assert tokens.render_text(text, _context(real_names=True)) == "Jane Realname called. [unknown person] did not."


def test_citations_link_to_the_row_and_text_is_escaped():
    html = tokens.render_html("<b>x</b> [[entry:9]] and [[kloe:2]] and [[person:7]]", _context())
    assert html.startswith("&lt;b&gt;x&lt;/b&gt; ")
    assert '<a class="govuk-link" href="/cite/9">(chronology: 3 March 2026, MPS)</a>' in html
    assert "key line of enquiry 2" in html
    assert '<span class="dhr-person">Adult A</span>' in html
    unlinked = tokens.TokenContext(entries={9: tokens.EntryRef("x")})
    assert "<a" not in tokens.render_html("[[entry:9]]", unlinked)


def test_unknown_tokens_are_listed_once():
    assert tokens.unknown("[[person:7]] [[person:99]] [[entry:1]] [[person:99]]", _context()) == [
        "[[person:99]]",
        "[[entry:1]]",
    ]


def _person(real_name="Jane Realname", aliases="JJ; Janie Doe", dob=date(1985, 3, 2)):
    return SimpleNamespace(
        pseudonym="Adult A", role=PersonRole.VICTIM, real_name=real_name, aliases=aliases, date_of_birth=dob
    )


def test_the_leak_scan_ignores_case_punctuation_and_spacing():
    needles = privacy.needles_for([_person()], ["Mary Contact"])
    found = privacy.scan(
        [
            ("1.1", "We spoke to JANE-realname."),
            ("1.2", "Realname,   Jane attended."),
            ("1.3", "Known as jj."),
            ("1.4", "Born 02/03/1985."),
            ("1.5", "Born 2nd March 1985."),
            ("1.6", "Born 1985-03-02."),
            ("1.7", "mary   contact phoned"),
            ("1.8", "Adult A was seen; majestic janie is not a name here; 2/3/19850"),
        ],
        needles,
    )
    where = {(leak.where, leak.description) for leak in found}
    assert ("1.1", "the real name of Adult A (victim)") in where
    assert ("1.2", "the real name of Adult A (victim)") in where
    assert ("1.3", "the alias of Adult A (victim)") in where
    assert {("1.4", "the date of birth of Adult A (victim)"), ("1.5", "the date of birth of Adult A (victim)")} <= where
    assert ("1.6", "the date of birth of Adult A (victim)") in where
    assert ("1.7", "the name of a family contact") in where
    assert not [leak for leak in found if leak.where == "1.8"]


def test_the_diff_marks_added_and_removed_words_per_section():
    old = {"analysis": "The police did not refer.", "lessons": "Same."}
    new = {"analysis": "The police did refer to MARAC.", "lessons": "Same.", "tribute": "She loved music."}
    changes = {c.spec.key: c for c in diff.compare(OVERVIEW, old, new)}
    assert not changes["lessons"].changed
    assert not changes["introduction"].changed
    pieces = changes["analysis"].pieces
    assert any(op == "removed" and "not" in text for op, text in pieces)
    assert ("added", "refer to MARAC.") in pieces or any(op == "added" and "MARAC" in t for op, t in pieces)
    assert "".join(t for op, t in pieces if op != "removed") == new["analysis"]
    assert "".join(t for op, t in pieces if op != "added") == old["analysis"]
    assert changes["tribute"].pieces == (("added", "She loved music."),)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("One.\n\nTwo.", "One.\n\nTwo.\n\nThree."),
        ("One.\n\nTwo.", "Two."),
        ("One.\n\nTwo.\n\nThree.", "One changed.\n\nThree."),
        ("Zero.\n\nOne.\n\nTwo.", "One!\n\nTwo.\n\nNew."),
        ("", "Fresh."),
    ],
)
def test_paragraph_diffs_rebuild_both_texts(old, new):
    pieces = diff.diff_text(old, new)
    assert "".join(t for op, t in pieces if op != "removed") == new
    assert "".join(t for op, t in pieces if op != "added") == old


def test_the_leak_scan_finds_hidden_characters_surnames_and_more_date_forms():
    # Look-alikes, width forms and reversed names are in tests/privacy/test_leak_scan.py, each disguising the only match
    person = _person(real_name="Siobhán O'Neill", aliases="", dob=date(1990, 9, 1))
    needles = privacy.needles_for([person])
    texts = {
        "plain": "Siobhan O'Neill was seen.",
        "soft hyphen": "Sio\u00adbhán O'Ne\u200bill",
        "surname": "Mrs O'Neill attended.",
        "short year": "Born 1/9/90.",
        "ordinal short month": "Born 1st Sept 1990.",
        "month first": "Born September 1st, 1990.",
        "iso unpadded": "Born 1990-9-1.",
        "clean": "Ms Neil and Ms Sinead Kelly were seen on 1 September 1991.",
    }
    found = {leak.where for leak in privacy.scan(list(texts.items()), needles)}
    assert found == set(texts) - {"clean"}
