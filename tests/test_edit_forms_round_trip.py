"""Every change form, opened on a demo record and saved untouched, saves: it shows the record as it is.

A form that fails to pre-select a choice (a record's True where the radios offer "yes") says "Not a valid choice" to
someone who changed nothing. The walk follows every "Change" and edit link on the demo's review pages, as a
coordinator, and sends each form back as a browser would.
"""

import re
from collections import Counter
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from sqlalchemy import select

from dhr.auth.models import User
from dhr.reviews.models import Review
from dhr.seed import seed_demo
from tests.conftest import start_session_cookie

PARTNERSHIP_PAGES = ("/duties", "/agencies", "/strategy", "/themes", "/admin/users", "/admin/organisations", "/actions")
REVIEW_PAGES = (
    "",
    "/people",
    "/terms-of-reference",
    "/agencies",
    "/family",
    "/panel",
    "/meetings",
    "/recommendations",
    "/action-plan",
    "/assurance",
    "/documents",
)
EACH_PATTERN = 3  # forms tried per URL pattern: enough to meet records in different states, few enough to be quick


def browser_submission(form) -> dict[str, list[str]]:
    """What a browser sends for a form as it stands: text, hidden and date inputs, chosen radios, ticked boxes,
    textareas and selected options."""
    sent: dict[str, list[str]] = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        kind = field.get("type", "text")
        if field.name == "textarea":
            value = field.get_text()
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            value = chosen.get("value", chosen.get_text()) if chosen else ""
        elif kind in {"radio", "checkbox"}:
            if not field.has_attr("checked"):
                continue
            value = field.get("value", "on")
        elif kind in {"submit", "button", "file"}:
            continue
        else:
            value = field.get("value", "")
        sent.setdefault(name, []).append(value)
    return sent


def _links(html: str, base: str, wanted) -> set[str]:
    page = BeautifulSoup(html, "html.parser")
    found = set()
    for link in page.select("main a[href]"):
        href = urljoin(base, link["href"].split("#")[0].split("?")[0])
        if wanted(href, link.get_text(" ", strip=True).lower()):
            found.add(href)
    return found


def _is_change(href: str, words: str) -> bool:
    # A status or consent form records a new event, so it rightly starts with nothing chosen.
    return (href.endswith("/edit") or words.startswith("change")) and not re.search(r"/(status|consent)$", href)


def _browsable(href: str, words: str = "") -> bool:
    """A page to look on for change links: the app's own pages, not files, downloads or the forms themselves."""
    return (
        href.startswith("http://localhost/")
        and not _is_change(href, words)
        and not re.search(r"\.(docx|xlsx|csv|ics|pdf|json)$|/download|/export|/sign-out", href)
    )


def _pattern(url: str) -> str:
    return re.sub(r"/\d+", "/N", url)


def _filled(form, sent: dict[str, list[str]]) -> bool:
    """Whether the form showed anything of a record: a form for something not yet recorded has nothing to keep."""
    fields = form.find_all(["input", "textarea", "select"])
    shown = {field.get("name") for field in fields if field.get("type") != "hidden"}
    return any(value.strip() for name in shown & sent.keys() for value in sent[name])


def _walk(client, review_ids) -> set[str]:
    """The change links found within two clicks of the partnership's and each review's main pages."""
    pages = {f"http://localhost{path}" for path in PARTNERSHIP_PAGES}
    pages |= {f"http://localhost/reviews/{review_id}{tab}" for review_id in review_ids for tab in REVIEW_PAGES}
    visited = set(pages)
    forms: set[str] = set()
    seen: Counter[str] = Counter()
    for depth in range(2):
        found: set[str] = set()
        for url in sorted(pages):
            seen[_pattern(url)] += 1
            if depth and seen[_pattern(url)] > 2 * EACH_PATTERN:
                continue
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.content_type:
                continue
            html = response.get_data(as_text=True)
            forms |= _links(html, url, _is_change)
            found |= _links(html, url, _browsable)
        pages = found - visited
        visited |= found
    return forms


def _few_of_each(urls: set[str]) -> dict[str, list[str]]:
    chosen: dict[str, list[str]] = {}
    for url in sorted(urls):
        same = chosen.setdefault(_pattern(url).removeprefix("http://localhost"), [])
        if len(same) < EACH_PATTERN:
            same.append(url)
    return chosen


def _errors_on_saving(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.headers.get("Location"))
    main = BeautifulSoup(response.get_data(as_text=True), "html.parser").find("main")
    form = next((f for f in main.find_all("form") if (f.get("method") or "").lower() == "post"), None)
    sent = browser_submission(form) if form else {}
    if form is None or not _filled(form, sent):
        return []
    answer = client.post(urljoin(url, form.get("action") or url), data=sent)
    assert answer.status_code in (200, 302, 303), (url, answer.status_code)
    summary = BeautifulSoup(answer.get_data(as_text=True), "html.parser").select(".govuk-error-summary li")
    return [error.get_text(" ", strip=True) for error in summary]


def test_every_change_form_saves_untouched(app, db, client, frozen_clock):
    db.run(seed_demo)
    coordinator = db.scalar(select(User).where(User.email == "coordinator@swp.example"))
    start_session_cookie(client, db, coordinator)
    chosen = _few_of_each(_walk(client, db.scalars(select(Review.id).order_by(Review.id))))
    assert len(chosen) >= 30, f"the walk found only {sorted(chosen)}"
    assert {"/reviews/N/people/N/edit", "/reviews/N/notification", "/reviews/N/case-facts"} <= chosen.keys()

    refused = {url: errors for urls in chosen.values() for url in urls if (errors := _errors_on_saving(client, url))}
    assert refused == {}
