"""Word documents in a real browser: the chair downloads a marked draft of the Overview Report and a version for
publication with no marking; a contributor downloads their agency's IMR. 0 axe violations on the pages."""

import io
from pathlib import Path

import docx
import pytest

from dhr.reports.context import MARKING
from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser
DOCUMENTS = "/reviews/8/documents"  # Adult Q's review, at panel agreement with a drafted report


def _download(page, link):
    with page.expect_download() as waiting:
        link.click()
    download = waiting.value
    return download.suggested_filename, docx.Document(io.BytesIO(Path(download.path()).read_bytes()))


def _header(document) -> list[str]:
    return [p.text for p in document.sections[0].header.paragraphs if p.text]


def test_chair_downloads_a_draft_and_a_publication_version(page, demo_reference):
    sign_in(page, "chair@swp.example", DEMO_PASSWORD)
    page.goto(DOCUMENTS)
    assert_accessible(page, "98-word-documents")

    name, draft = _download(page, page.locator(f'a[href="{DOCUMENTS}/report/overview"]'))
    assert name.startswith(f"{demo_reference('Adult Q')}_overview_")
    assert name.endswith("_draft.docx")
    assert _header(draft)[0] == MARKING
    assert _header(draft)[1].startswith("DRAFT ")
    assert "Overview Report" in [p.text for p in draft.paragraphs]

    name, published = _download(page, page.locator(f'a[href="{DOCUMENTS}/report/overview?version=publication"]'))
    assert name.endswith("_publication.docx")
    assert _header(published) == []
    assert MARKING not in "\n".join(p.text for p in published.paragraphs)
    assert published.core_properties.author == ""


def test_contributor_downloads_their_agencys_imr(page, demo_reference):
    sign_in(page, "police@swp.example", DEMO_PASSWORD)
    page.locator("#agency-requests a", has_text=demo_reference("Adult Q")).click()
    assert_accessible(page, "99-agency-request-imr-versions")
    name, imr = _download(page, page.get_by_role("link", name="Word document").first)
    assert name.startswith(f"{demo_reference('Adult Q')}_imr-MPS_v")
    assert _header(imr)[0] == MARKING
    assert "Individual Management Review: Metropolitan Police Service" in [p.text for p in imr.paragraphs]
    assert "Risk was assessed at each contact but not shared with partners." in [p.text for p in imr.paragraphs]
