"""The help pages as people see them: the index with their own roles first, each role's page read from
docs/user-guide.md, and the footer's link for signed-in people only."""

import re

import pytest

from dhr.help.guide import guide_path
from dhr.help.roles import ROLE_PAGES
from dhr.permissions import Role
from tests.conftest import check_page
from tests.factories import create_partnership, create_review, create_user


@pytest.fixture
def guide_lines(app) -> list[str]:
    """The guide's lines as the file stands now: what the pages must show."""
    with app.app_context():
        return guide_path().read_text(encoding="utf-8").splitlines()


@pytest.fixture
def people(db):
    def make():
        partnership = create_partnership()
        chair = create_user(partnership)
        board = create_user(partnership, Role.BOARD_MEMBER)
        create_review(partnership, chair=chair)
        return {"chair": chair, "board": board}

    return db.run(make)


def _words(line: str) -> str:
    """A line of the guide as a reader sees it: without its list marker, Markdown marks and extra spaces."""
    line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)
    return " ".join(re.sub(r"\*\*|(?<![\w*])\*|\*(?![\w*])|`", "", line).split())


def _first_line_under(lines: list[str], heading: str) -> str:
    """The first line of text under a heading of the guide (skipping any subheading straight after it)."""
    start = next(n for n, line in enumerate(lines) if line.startswith("#") and _words(line.lstrip("#")) == heading)
    return _words(next(line for line in lines[start + 1 :] if line.strip() and not line.startswith("#")))


def _text(element) -> str:
    return " ".join(element.get_text("").split())


def test_the_index_lists_every_role_with_the_persons_own_first(client_request, login_as, people, guide_lines):
    login_as(people["chair"])
    page = client_request.get("/help")
    assert page.title.get_text().startswith("Help – ")
    yours = [a.get_text() for a in page.find(id="your-roles").find_all("a")]
    others = [a.get_text() for a in page.find(id="other-roles").find_all("a")]
    assert yours == ["Everyone", "Independent chairs and report authors"]
    assert sorted(yours + others) == sorted(role.name for role in ROLE_PAGES)
    # The opening text under the guide's title is the index's.
    assert _words(next(line for line in guide_lines[1:] if line.strip())) in _text(page.main)


def test_a_partnership_role_is_highlighted_too(client_request, login_as, people):
    login_as(people["board"])
    yours = [a.get_text() for a in client_request.get("/help").find(id="your-roles").find_all("a")]
    assert yours == ["Everyone", "CSP board members"]


@pytest.mark.parametrize("role", ROLE_PAGES, ids=lambda role: role.slug)
def test_each_role_page_renders_from_the_guide(client_request, login_as, people, guide_lines, role):
    login_as(people["board"])
    page = client_request.get(f"/help/{role.slug}")
    assert page.h1.get_text() == role.heading
    first_section = page.main.find("h2", class_="govuk-heading-m")
    assert _first_line_under(guide_lines, first_section.get_text()) in _text(page.main)
    for link in page.find("nav", attrs={"aria-labelledby": "help-contents-title"}).find_all("a"):
        assert page.find(id=link["href"].removeprefix("#")).name == "h2", link


def test_the_coordinators_page_carries_a_known_section(client_request, login_as, people, guide_lines):
    login_as(people["chair"])
    page = client_request.get("/help/coordinator")
    assert page.find(id="recording-a-notification").name == "h3"
    assert _first_line_under(guide_lines, "Recording a notification") in _text(page.main)


def test_an_unknown_role_is_not_found(client, login_as, people):
    login_as(people["chair"])
    assert client.get("/help/no-such-role").status_code == 404
    assert client.get("/help/Coordinator").status_code == 404


def test_the_footer_links_to_help_only_when_signed_in(client, login_as, people):
    signed_out = check_page(client.get("/sign-in").get_data(as_text=True))
    assert signed_out.footer.find("a", string="Help") is None
    login_as(people["chair"])
    signed_in = check_page(client.get("/account").get_data(as_text=True))
    assert signed_in.footer.find("a", string="Help")["href"] == "/help"
