"""The guide's Markdown renderer: the subset it understands, drawn with GOV.UK classes, and everything else escaped."""

from bs4 import BeautifulSoup

from dhr.help.markdown import Heading, ListBlock, anchor_for, parse, render


def _html(source: str, resolve=lambda href: href) -> BeautifulSoup:
    return BeautifulSoup(str(render(parse(source), resolve)), "html.parser")


def test_headings_paragraphs_and_inline_marks():
    page = _html(
        "## Coordinators: agency evidence\n"
        "A **bold** word, an *italic* one and `[[person:12]]`\n"
        "joined to the line before.\n\n"
        "### Writing the report\n"
        "#### Deeper\n"
    )
    h2, h3, h4 = page.find("h2"), page.find("h3"), page.find("h4")
    assert (h2["id"], h2["class"]) == ("coordinators-agency-evidence", ["govuk-heading-m"])
    assert (h3["id"], h3["class"]) == ("writing-the-report", ["govuk-heading-s"])
    assert h4["class"] == ["govuk-heading-s"]
    paragraph = page.find("p")
    assert paragraph["class"] == ["govuk-body"]
    assert paragraph.strong.string == "bold"
    assert paragraph.em.string == "italic"
    assert paragraph.code.string == "[[person:12]]"
    assert paragraph.get_text().endswith("[[person:12]] joined to the line before.")


def test_bullet_and_numbered_lists_nest_by_indentation():
    page = _html(
        "- **Members**: appoint the chair,\n"
        "  wrapped onto a second line.\n"
        "  - Switching moves every tab.\n"
        "  - Your next sign-in starts there.\n"
        "- **Panel**: the panel checks.\n\n"
        "1. First\n"
        "2. Second\n"
    )
    outer = page.find("ul")
    assert outer["class"] == ["govuk-list", "govuk-list--bullet"]
    items = outer.find_all("li", recursive=False)
    assert len(items) == 2
    assert items[0].get_text().startswith("Members: appoint the chair, wrapped onto a second line.")
    assert [li.get_text() for li in items[0].ul.find_all("li")] == [
        "Switching moves every tab.",
        "Your next sign-in starts there.",
    ]
    numbered = page.find("ol")
    assert numbered["class"] == ["govuk-list", "govuk-list--number"]
    assert [li.get_text() for li in numbered.find_all("li")] == ["First", "Second"]


def test_a_wrapped_line_starting_with_a_number_stays_in_its_paragraph():
    blocks = parse("The Act came into force in\n2004. It says so.\n")
    assert len(blocks) == 1
    assert not isinstance(blocks[0], ListBlock)


def test_script_and_html_in_the_source_are_shown_as_text():
    source = (
        "## Heading <img src=x onerror=alert(1)>\n"
        "<script>alert('guide')</script> and <b>bold</b>\n\n"
        "- **<i>item</i>** with `<code>`\n"
    )
    html = str(render(parse(source), lambda href: href))
    page = BeautifulSoup(html, "html.parser")
    assert [page.find(tag) for tag in ("script", "img", "b", "i")] == [None, None, None, None]
    assert "&lt;script&gt;alert(&#39;guide&#39;)&lt;/script&gt;" in html
    assert page.find("p").get_text() == "<script>alert('guide')</script> and <b>bold</b>"
    assert page.find("code").get_text() == "<code>"
    assert page.find("h2")["id"] == "heading-img-srcx-onerroralert1"


def test_a_link_goes_where_resolve_says_or_becomes_plain_text():
    def resolve(href):
        return {"#here": "/help/everyone#here", 'https://x.example/a"b': href}.get(href)

    page = _html('[inside](#here), [elsewhere](timescales.md) and [quoted](https://x.example/a"b)', resolve)
    links = page.find_all("a")
    assert [(a.get_text(), a["href"], a["class"]) for a in links] == [
        ("inside", "/help/everyone#here", ["govuk-link"]),
        ("quoted", 'https://x.example/a"b', ["govuk-link"]),
    ]
    assert "elsewhere" in page.get_text()


def test_anchors_follow_githubs_rule_and_repeat_with_a_number():
    assert anchor_for("Coordinators: sign-off, Home Office QA and publication") == (
        "coordinators-sign-off-home-office-qa-and-publication"
    )
    assert anchor_for("Agency contributors and action owners: your agency's actions") == (
        "agency-contributors-and-action-owners-your-agencys-actions"
    )
    headings = [b for b in parse("## Themes\n## Themes\n## Themes\n") if isinstance(b, Heading)]
    assert [h.anchor for h in headings] == ["themes", "themes-1", "themes-2"]
