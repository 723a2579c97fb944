"""The guide cut into role pages: which section goes where, nothing left off, and links between pages rewritten."""

import re

from bs4 import BeautifulSoup

from dhr.help.guide import guide_path, read
from dhr.help.markdown import Heading, anchor_for
from dhr.help.roles import ROLE_PAGES

SOURCE = """# User guide

The opening text, with [the coordinators' part](#csp-coordinators).

## Everyone
See [agency evidence](user-guide.md#coordinators-agency-evidence), [the guide](./user-guide.md),
[timescales](timescales.md), [a script](javascript:alert(1)), [a trick](//evil.example/user-guide.md#everyone),
[nowhere](#no-such-heading) and [GOV.UK](https://www.gov.uk/guidance).

## CSP coordinators
Back to [everyone](#everyone), and [meetings](#coordinators-and-chairs-panel-meetings).

## Coordinators: agency evidence
Accept or return.

## Coordinators and chairs: panel meetings
Plan a meeting. [Meetings](#coordinators-and-chairs-panel-meetings) again.

## Learning across reviews
Shared opening text.

### Coordinators and board members: the tracker
Tracker text.

### How themes are counted
Counting text.

### Panel members and observers
Read only.

## Glossary
Words.
"""


def _anchors(guide, slug):
    return [block.anchor for block in guide.pages[slug] if isinstance(block, Heading)]


def _links(app, guide, slug):
    with app.test_request_context():
        page = BeautifulSoup(str(guide.render(slug)), "html.parser")
    return {a.get_text(): a["href"] for a in page.find_all("a")}, page.get_text()


def test_a_section_goes_on_the_page_of_each_role_its_heading_names():
    guide = read(SOURCE)
    assert _anchors(guide, "coordinator") == [
        "csp-coordinators",
        "coordinators-agency-evidence",
        "coordinators-and-chairs-panel-meetings",
        "learning-across-reviews",
        "coordinators-and-board-members-the-tracker",
        "how-themes-are-counted",
    ]
    assert _anchors(guide, "chair-and-author") == ["coordinators-and-chairs-panel-meetings"]
    # A section naming no role keeps its opening text and its unnamed parts with each role's part of it.
    assert _anchors(guide, "panel-member") == [
        "learning-across-reviews",
        "how-themes-are-counted",
        "panel-members-and-observers",
    ]
    # One that names no role anywhere is everyone's.
    assert _anchors(guide, "everyone") == ["everyone", "glossary"]
    assert _anchors(guide, "administrator") == []


def test_links_between_guide_pages_become_help_links_and_other_files_plain_text(app):
    guide = read(SOURCE)
    links, text = _links(app, guide, "everyone")
    assert links == {
        "agency evidence": "/help/coordinator#coordinators-agency-evidence",
        "the guide": "/help",
        "GOV.UK": "https://www.gov.uk/guidance",
    }
    for words in ("timescales", "a script", "a trick", "nowhere"):
        assert words in text
    links, _ = _links(app, guide, "coordinator")
    assert links == {
        "everyone": "/help/everyone#everyone",
        "meetings": "/help/coordinator#coordinators-and-chairs-panel-meetings",
        "Meetings": "/help/coordinator#coordinators-and-chairs-panel-meetings",
    }
    # A section on several pages is linked on the page the reader is on.
    links, _ = _links(app, guide, "chair-and-author")
    assert links == {"Meetings": "/help/chair-and-author#coordinators-and-chairs-panel-meetings"}
    with app.test_request_context():
        intro = BeautifulSoup(str(guide.render(None)), "html.parser")
    assert intro.a["href"] == "/help/coordinator#csp-coordinators"


def test_every_section_of_the_real_guide_is_on_some_page(app):
    with app.app_context():
        source = guide_path().read_text(encoding="utf-8")
    guide = read(source)
    served = {anchor for page in ROLE_PAGES for anchor in _anchors(guide, page.slug)}
    sections = [anchor_for(line[3:]) for line in source.splitlines() if re.match(r"## ", line)]
    assert sections, "the guide has no sections: is guide_path() pointing at it?"
    assert not [anchor for anchor in sections if anchor not in served]
    assert all(guide.pages[page.slug] for page in ROLE_PAGES), "a role's page is empty"
