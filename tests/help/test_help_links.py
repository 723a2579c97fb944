"""Every "Help with this page" link in the templates points at a section the guide has, so renaming a heading in
docs/user-guide.md fails here instead of leaving a link that goes nowhere."""

import re
from pathlib import Path

from dhr.permissions import Role
from tests.factories import create_partnership, create_user

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
CALL = re.compile(r"""help_link\(\s*["']([^"']+)["']\s*,\s*["']([^"']+)["']\s*\)""")


def _calls() -> list[tuple[str, str, str]]:
    """(template, role slug, anchor) for each help_link call in the templates."""
    return [
        (path.relative_to(TEMPLATES).as_posix(), role_slug, anchor)
        for path in sorted(TEMPLATES.rglob("*.html"))
        for role_slug, anchor in CALL.findall(path.read_text(encoding="utf-8"))
    ]


def test_every_help_link_names_a_section_of_its_page(client_request, login_as, db):
    calls = _calls()
    assert len(calls) >= 8, calls  # the key pages: a failed pattern must not pass by finding nothing
    login_as(db.run(lambda: create_user(create_partnership())))
    pages = {slug: client_request.get(f"/help/{slug}") for slug in {slug for _, slug, _ in calls}}
    missing = [
        f"{template}: /help/{slug}#{anchor}"
        for template, slug, anchor in calls
        if pages[slug].find(re.compile(r"h[1-6]"), id=anchor) is None
    ]
    assert not missing, "help links to sections the guide no longer has:\n" + "\n".join(missing)


def test_a_page_shows_its_help_link(client_request, login_as, db):
    login_as(db.run(lambda: create_user(create_partnership(), Role.COORDINATOR)))
    page = client_request.get("/duties")
    link = page.main.find("a", string="Help with this page")
    assert link["href"] == "/help/coordinator#the-duty-register-coordinators-board-members-and-duty-owners"
    assert link.parent["class"] == ["govuk-body-s"]
