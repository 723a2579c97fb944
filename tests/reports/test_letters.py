"""Letters as Word documents: who they are to, what they say from the record, names, gaps, audit and links."""

from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.reports.context import MARKING
from dhr.reviews.models import Person, PersonRole, Review
from tests.conftest import check_page, start_session_cookie
from tests.family.world import build_family_world
from tests.reports.reading import header_texts, open_docx

BASE = "/reviews/{}/documents"


def _signed_in(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    document = open_docx(response.data)
    assert header_texts(document) == [MARKING]
    return "\n".join(p.text for p in document.paragraphs)


def _victim(db, world):
    return db.scalar(
        select(Person.pseudonym).where(
            Person.review_id == world["objects"]["R1"]["review"], Person.role == PersonRole.VICTIM
        )
    )


def test_the_decision_letter_names_the_victim_by_pseudonym_and_marks_gaps(app, db):
    world = db.run(build_family_world)
    r1 = world["objects"]["R1"]["review"]
    client = _signed_in(app, db, world, "coordinator")
    response = client.get(BASE.format(r1) + "/letters/home-office-decision")
    reference = db.scalar(select(Review.reference).where(Review.id == r1))
    assert f"filename={reference}_letter-home-office-decision_" in response.headers["Content-Disposition"]
    text = _text(response)
    assert "Dear Domestic Homicide Review Team" in text
    assert f"into the death of {_victim(db, world)} ({reference})" in text
    assert "[decision not recorded]" in text
    assert "CNRY-REALNAME" not in text
    named = _text(client.get(BASE.format(r1) + "/letters/home-office-decision?names=real"))
    assert "CNRY-REALNAME-R1" in named
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "report.exported").order_by(AuditEvent.id))
    assert [(e.data["kind"], e.data["real_names"]) for e in events] == [
        ("letter-home-office-decision", False),
        ("letter-home-office-decision", True),
    ]


def test_agency_letters_ask_for_records_and_the_output_by_the_due_date(app, db):
    world = db.run(build_family_world)
    r1, involvement = world["objects"]["R1"]["review"], world["evidence"]["A"]["involvement"]
    client = _signed_in(app, db, world, "coordinator")
    scoping = client.get(BASE.format(r1) + f"/letters/agencies/{involvement}/scoping?names=real")
    assert "_letter-scoping-RW-A_" in scoping.headers["Content-Disposition"]
    text = _text(scoping)
    assert "CNRY-REALNAME-R1 (the victim)" in text
    assert "[name not recorded] (the alleged perpetrator)" in text
    assert "Please secure your records now" in text
    pseudonymised = _text(client.get(BASE.format(r1) + f"/letters/agencies/{involvement}/scoping"))
    assert "send the version with real names to the agency" in pseudonymised
    request = _text(client.get(BASE.format(r1) + f"/letters/agencies/{involvement}/imr-request"))
    assert "has asked" in request
    assert "chronology" in request
    assert "What happened" in request  # the chronology columns are listed
    assert "A senior manager of your agency should sign the report off" in request
    assert client.get(BASE.format(r1) + f"/letters/agencies/{involvement}/letter").status_code == 404


def test_the_family_letter_is_addressed_to_the_contact_with_their_advocate(app, db):
    world = db.run(build_family_world)
    r1, contact = world["objects"]["R1"]["review"], world["objects"]["R1"]["contact"]
    response = _signed_in(app, db, world, "chair").get(BASE.format(r1) + f"/letters/family/{contact}")
    assert f"_letter-family-contact-{contact}_" in response.headers["Content-Disposition"]
    assert "CNRY" not in response.headers["Content-Disposition"]
    text = _text(response)
    assert "Dear CNRY-CONTACT-R1" in text
    assert "CNRY-ADVOCATE-R1 of AAFDA has offered to support you." in text
    assert f"I am very sorry for the loss of {_victim(db, world)}." in text
    assert "Independent chair" in text


def test_the_commissioner_letter_lists_what_is_enclosed(app, db):
    world = db.run(build_family_world)
    r1 = world["objects"]["R1"]["review"]
    text = _text(_signed_in(app, db, world, "coordinator").get(BASE.format(r1) + "/letters/commissioner"))
    assert "Dear Commissioner" in text
    assert "section 9 of the Domestic Violence, Crime and Victims Act 2004" in text
    assert "the overview report, executive summary and action plan" in text


def test_the_documents_page_lists_the_letters_each_reader_may_write(app, db):
    world = db.run(build_family_world)
    r1 = world["objects"]["R1"]["review"]
    involvement, contact = world["evidence"]["A"]["involvement"], world["objects"]["R1"]["contact"]
    coordinator = check_page(_signed_in(app, db, world, "coordinator").get(BASE.format(r1)).get_data(as_text=True))
    links = {a["href"] for a in coordinator.select("a[href]")}
    for path in (
        "/letters/home-office-decision",
        f"/letters/agencies/{involvement}/scoping",
        f"/letters/agencies/{involvement}/imr-request?names=real",
        f"/letters/family/{contact}",
        "/letters/commissioner",
    ):
        assert BASE.format(r1) + path in links, path
    chair = {a["href"] for a in check_page(_signed_in(app, db, world, "chair").get(BASE.format(r1)).text).select("a")}
    assert BASE.format(r1) + f"/letters/family/{contact}" in chair
    assert not any("/letters/agencies/" in href or "commissioner" in href for href in chair)
    panel = _signed_in(app, db, world, "panel_member").get(BASE.format(r1)).get_data(as_text=True)
    assert "/letters/" not in panel
    assert "CNRY-CONTACT" not in panel


def test_letters_are_signed_by_the_partnerships_named_signatory_whoever_downloads_them(app, db):
    from dhr.extensions import db as _db
    from dhr.partnerships.models import Partnership

    world = db.run(build_family_world)
    r1 = world["objects"]["R1"]["review"]
    url = BASE.format(r1) + "/letters/home-office-decision"
    unsigned = _text(_signed_in(app, db, world, "coordinator").get(url))
    assert "[signatory not set in the partnership settings]" in unsigned

    def name_signatory():
        partnership = _db.session.get(Partnership, _db.session.get(Review, r1).partnership_id)
        partnership.signatory_name, partnership.signatory_role = "Cllr Amina Rahman", "Chair of the partnership"

    db.run(name_signatory)
    for persona in ("coordinator", "chair"):
        text = _text(_signed_in(app, db, world, persona).get(url))
        assert "Yours sincerely\nCllr Amina Rahman\nChair of the partnership" in text
        assert world["users"][persona].name not in text.split("Yours sincerely")[1]


def test_the_decision_letter_for_a_directed_review_says_the_secretary_of_state_directed_it(app, db):
    from datetime import timedelta

    from dhr.core.dates import london_today
    from dhr.extensions import db as _db
    from dhr.reviews.models import Decision

    world = db.run(build_family_world)
    r1 = world["objects"]["R1"]["review"]

    def direct():
        review = _db.session.get(Review, r1)
        review.decision, review.decided_on = Decision.DIRECTED, london_today() - timedelta(days=3)

    db.run(direct)
    text = _text(_signed_in(app, db, world, "coordinator").get(BASE.format(r1) + "/letters/home-office-decision"))
    assert "as the Secretary of State directed under section 9(2)" in text
    assert "decided not to hold" not in text
