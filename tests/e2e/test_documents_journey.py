"""Word documents in a real browser: the chair downloads a marked draft of the Overview Report and a preview marked
NOT FOR PUBLICATION, and meets the publication gate; a contributor downloads their agency's IMR. 0 axe violations
on the pages."""

import io
from pathlib import Path

import docx
import pytest
from playwright.sync_api import expect

from dhr.reports.context import MARKING, NOT_FOR_PUBLICATION
from dhr.seed import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, sign_in, title_starts

pytestmark = pytest.mark.browser
DOCUMENTS = "/reviews/8/documents"  # Adult Q's review, at panel agreement with a drafted report


def _download(page, link):
    with page.expect_download() as waiting:
        link.click()
    download = waiting.value
    return download.suggested_filename, docx.Document(io.BytesIO(Path(download.path()).read_bytes()))


def _header(document) -> list[str]:
    return [p.text for p in document.sections[0].header.paragraphs if p.text]


def test_chair_downloads_a_draft_and_a_preview_and_meets_the_publication_gate(page, demo_reference):
    sign_in(page, "chair@swp.example", DEMO_PASSWORD)
    page.goto(DOCUMENTS)
    assert_accessible(page, "98-word-documents")

    name, draft = _download(page, page.locator(f'a[href="{DOCUMENTS}/report/overview"]'))
    assert name.startswith(f"{demo_reference('Adult Q')}_overview_")
    assert name.endswith("_draft.docx")
    assert _header(draft)[0] == MARKING
    assert _header(draft)[1].startswith("DRAFT ")
    assert "Overview Report" in [p.text for p in draft.paragraphs]

    name, preview = _download(page, page.locator(f'a[href="{DOCUMENTS}/report/overview?version=preview"]'))
    assert name.endswith("_preview.docx")
    assert _header(preview)[0] == NOT_FOR_PUBLICATION

    # At panel agreement there is no publication yet: the gate says why and offers the preview.
    expect(page.locator(f'a[href="{DOCUMENTS}/report/overview?version=publication"]')).to_have_count(0)
    page.goto(f"{DOCUMENTS}/report/overview?version=publication")
    title_starts(page, "The Overview Report for publication was not produced")
    expect(page.get_by_role("link", name="Download the preview")).to_be_visible()
    assert_accessible(page, "98a-publication-gate")


def test_contributor_downloads_their_agencys_imr(page, demo_reference):
    sign_in(page, "police@swp.example", DEMO_PASSWORD)
    page.locator("#agency-requests a", has_text=demo_reference("Adult Q")).click()
    assert_accessible(page, "99-agency-request-imr-versions")
    name, imr = _download(page, page.get_by_role("link", name="Word document").first)
    assert name.startswith(f"{demo_reference('Adult Q')}_imr-MPS_v")
    assert _header(imr)[0] == MARKING
    assert "Individual Management Review: Metropolitan Police Service" in [p.text for p in imr.paragraphs]
    assert "Risk was assessed at each contact but not shared with partners." in [p.text for p in imr.paragraphs]
