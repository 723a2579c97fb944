"""Every form goes through the macros in components/form.html, which alone write the CSRF token."""

import re
from pathlib import Path

from bs4 import BeautifulSoup
from flask import render_template_string

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
FORM_MACROS = TEMPLATES / "components" / "form.html"
HAND_WRITTEN = re.compile(r"csrf_token|<form\b", re.IGNORECASE)


def _template_files() -> list[Path]:
    return sorted(path for path in TEMPLATES.rglob("*") if path.is_file())


def test_only_the_form_macros_write_form_tags_or_the_csrf_token():
    files = _template_files()
    assert FORM_MACROS in files, "the form macros are missing: is the templates folder where the test thinks?"
    assert HAND_WRITTEN.search(FORM_MACROS.read_text(encoding="utf-8")), "the form macros no longer write the form"
    offenders = [
        f"{path.relative_to(TEMPLATES).as_posix()}:{number}: {line.strip()}"
        for path in files
        if path != FORM_MACROS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if HAND_WRITTEN.search(line)
    ]
    assert not offenders, (
        "Use form_wrapper or confirm_button from components/form.html instead of a hand-written <form> "
        "or CSRF field:\n" + "\n".join(offenders)
    )


def _render(source: str, app) -> BeautifulSoup:
    with app.test_request_context():
        html = render_template_string('{% from "components/form.html" import form_wrapper, confirm_button %}' + source)
    return BeautifulSoup(html, "html.parser")


def test_form_wrapper_keeps_its_plain_output(app):
    form = _render("{% call form_wrapper() %}<p>Body</p>{% endcall %}", app).form
    assert form.attrs == {"method": "post", "novalidate": ""}
    # The page the form is on goes with it, so text sent after a timeout comes back to the right page.
    assert [field["name"] for field in form.find_all("input")] == ["csrf_token", "dhr_page"]
    assert form.find("input", attrs={"name": "dhr_page"})["value"] == "/"
    assert form.p.string == "Body"


def test_form_wrapper_writes_each_optional_attribute(app):
    form = _render(
        '{% call form_wrapper(action="/upload", id="upload", classes="dhr-inline-form", '
        'enctype="multipart/form-data") %}{% endcall %}',
        app,
    ).form
    assert form.attrs == {
        "method": "post",
        "action": "/upload",
        "id": "upload",
        "class": ["dhr-inline-form"],
        "enctype": "multipart/form-data",
        "novalidate": "",
    }
    assert form.find("input", attrs={"name": "csrf_token"})["value"]


def test_a_get_form_has_no_csrf_token(app):
    form = _render('{% call form_wrapper(action="/search", method="get") %}{% endcall %}', app).form
    assert form.attrs == {"method": "get", "action": "/search", "novalidate": ""}
    assert form.find("input") is None


def test_confirm_button_is_a_one_button_post_form(app):
    form = _render('{{ confirm_button("/go", "Go", "govuk-button--secondary") }}', app).form
    assert form.attrs == {
        "method": "post",
        "action": "/go",
        "class": ["govuk-!-display-inline-block", "govuk-!-margin-right-2"],
        "novalidate": "",
    }
    assert form.find("input", attrs={"name": "csrf_token"})["value"]
    button = form.button
    assert button.get_text() == "Go"
    assert button["class"] == ["govuk-button", "govuk-button--secondary"]
    assert button["data-prevent-double-click"] == "true"
