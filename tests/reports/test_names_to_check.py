"""Names to check before publishing: the page lists name-like words of the text that would be published, the chair
confirms those that are not names, and the confirmations are kept and audited."""

from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.reports.models import CheckedName
from tests.conftest import check_page, csrf_token, start_session_cookie
from tests.reports.test_access_reports import _world

PAGE = "/reviews/{}/documents/names-to-check"


def _client(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def test_the_chair_confirms_a_place_and_it_leaves_the_list(app, db):
    world = db.run(_world)
    r1 = world["objects"]["R1"]["review"]
    chair = _client(app, db, world, "chair")
    page = check_page(chair.get(PAGE.format(r1)).get_data(as_text=True))
    listed = [row.select("td")[0].text for row in page.select("#names-to-check tbody tr")]
    assert listed == ["Paddington"]
    assert "Overview Report 1.1" in page.select_one("#names-to-check tbody tr").text
    assert "Adult R1" not in listed  # a pseudonym is vouched for

    empty = chair.post(PAGE.format(r1), data={"csrf_token": csrf_token(chair)})
    assert empty.status_code == 400
    errors = check_page(empty.get_data(as_text=True))
    assert errors.title.text.startswith("Error:")
    assert "Select each word you have checked" in errors.select_one(".govuk-error-summary").text

    done = chair.post(PAGE.format(r1), data={"csrf_token": csrf_token(chair), "words": "paddington"})
    assert done.status_code == 302
    after = check_page(chair.get(PAGE.format(r1)).get_data(as_text=True))
    assert after.select_one("#nothing-to-check") is not None
    assert "Paddington: confirmed by" in after.select_one("#checked-names").text
    assert db.scalar(select(CheckedName.words).where(CheckedName.review_id == r1)) == "Paddington"
    (event,) = db.scalars(select(AuditEvent).where(AuditEvent.action == "report.names_checked"))
    assert event.data == {"words": ["Paddington"]}
    assert event.review_id == r1
    # A word that is not on the list cannot be confirmed, and nothing is written for it.
    again = chair.post(PAGE.format(r1), data={"csrf_token": csrf_token(chair), "words": "kowalczyk"})
    assert again.status_code == 400
    assert db.scalar(select(CheckedName.id).where(CheckedName.folded == "kowalczyk")) is None


def test_a_panel_member_reads_the_list_but_cannot_confirm(app, db):
    world = db.run(_world)
    r1 = world["objects"]["R1"]["review"]
    page = check_page(_client(app, db, world, "panel_member").get(PAGE.format(r1)).get_data(as_text=True))
    assert page.select_one("#names-to-check") is not None
    assert page.select_one("#confirm-names") is None


def test_the_documents_page_links_the_names_to_check(app, db):
    world = db.run(_world)
    r1 = world["objects"]["R1"]["review"]
    page = _client(app, db, world, "chair").get(f"/reviews/{r1}/documents").get_data(as_text=True)
    assert PAGE.format(r1) in page
