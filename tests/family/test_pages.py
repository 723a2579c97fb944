"""Family pages: forms that keep what was typed, the pseudonym button, stale edits, need-to-know, query counts, seed."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from dhr.audit.models import AuditEvent
from dhr.family import services, workflow
from dhr.family.models import ContactAttempt, FamilyComment, FamilyContact, FamilyEngagement
from dhr.family.stages import AttemptOutcome, ConsentStatus, ContactKind, ContactMethod, Leaflet
from dhr.reviews.models import Person, Review
from tests.conftest import check_page, csrf_token, start_session_cookie
from tests.family.world import CANARIES, build_family_world
from tests.reviews.review_world import PERSONAS, REVIEW_ACCESS
from tests.test_query_counts import count_queries


def day(d: date) -> list[str]:
    return [str(d.day), str(d.month), str(d.year)]


def _client(app, db, user):
    client = app.test_client()
    start_session_cookie(client, db, user)
    return client


def _post(client, url, data):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


def _base(office) -> str:
    return f"/reviews/{office['review'].id}/family"


def _add_contact(db, office, **overrides):
    def _add():
        from dhr.extensions import db as _db

        review = _db.session.get(Review, office["review"].id)
        fields = {
            "name": "Lucia Russo",
            "relationship_to_victim": "Mother",
            "kind": ContactKind.FAMILY,
            "preferred_method": ContactMethod.PHONE,
            "contact_details": "",
            "advocate_name": "",
            "advocacy_organisation": "",
            "leaflet": None,
            "leaflet_given_on": None,
            "person_id": None,
            "notes": "",
        }
        return services.add_contact(review, actor=office["chair"], **(fields | overrides)).id

    return db.run(_add)


def test_the_chair_adds_a_contact_and_sees_it_on_the_family_page(app, db, office):
    client = _client(app, db, office["chair"])
    form = client.get(f"{_base(office)}/contacts/new")
    page = check_page(form.get_data(as_text=True))
    assert page.find("input", attrs={"name": "name", "autocomplete": "off"})
    response = _post(
        client,
        f"{_base(office)}/contacts/new",
        {
            "name": "Lucia Russo",
            "relationship_to_victim": "Mother",
            "kind": "family",
            "preferred_method": "phone",
            "advocate_name": "Frances Lowe",
            "advocacy_organisation": "AAFDA",
            "leaflet": "family",
            "leaflet_given_on": day(date(2026, 7, 1)),
            "person": str(office["sister"].id),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == _base(office)
    html = client.get(_base(office)).get_data(as_text=True)
    check_page(html)
    assert "Lucia Russo" in html
    assert "Frances Lowe, AAFDA" in html
    assert "Leaflet for family members" in html
    contact = db.scalar(select(FamilyContact))
    assert contact.person_id == office["sister"].id
    assert contact.leaflet is Leaflet.FAMILY


def test_a_bad_contact_keeps_everything_typed(app, db, office):
    client = _client(app, db, office["chair"])
    response = _post(
        client,
        f"{_base(office)}/contacts/new",
        {
            "name": "",
            "relationship_to_victim": "Aunt on her father's side",
            "kind": "family",
            "preferred_method": "email",
            "contact_details": "aunt@example.com",
            "advocate_name": "Frances Lowe",
            "leaflet": "friends",
            "leaflet_given_on": ["", "", ""],
            "notes": "Only after 6pm",
        },
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = check_page(html)
    assert page.title.get_text().startswith("Error:")
    summary = page.find(class_="govuk-error-summary").get_text()
    assert "Enter the contact's full name" in summary
    assert "Enter the date the leaflet was given" in summary
    for typed in ("Aunt on her father", "aunt@example.com", "Frances Lowe", "Only after 6pm"):
        assert typed in html
    assert page.find("input", attrs={"name": "leaflet", "value": "friends", "checked": True})
    assert page.find("option", attrs={"value": "email", "selected": True})
    assert db.scalar(select(func.count()).select_from(FamilyContact)) == 0


def test_linking_the_victim_is_refused_and_keeps_what_was_typed(app, db, office):
    """The victim is not offered as a link (the service refuses it too): a tampered id answers on the form."""
    client = _client(app, db, office["chair"])
    response = _post(
        client,
        f"{_base(office)}/contacts/new",
        {
            "name": "Lucia Russo",
            "relationship_to_victim": "Mother",
            "kind": "family",
            "preferred_method": "phone",
            "leaflet": "none",
            "person": str(office["victim"].id),
        },
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Not a valid choice" in html
    assert "Lucia Russo" in html
    assert db.scalar(select(func.count()).select_from(FamilyContact)) == 0


def test_an_attempt_with_a_bad_date_keeps_the_note(app, db, office):
    contact_id = _add_contact(db, office)
    client = _client(app, db, office["chair"])
    url = f"{_base(office)}/contacts/{contact_id}/attempts/new"
    form = check_page(client.get(url).get_data(as_text=True))
    assert form.find("input", attrs={"name": "made_by"})["value"] == "Chair Person"
    response = _post(
        client,
        url,
        {
            "attempted_on": ["31", "2", "2026"],
            "method": "letter",
            "made_by": "The advocate",
            "outcome": "no_answer",
            "note": "Second letter",
        },
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Date must be a real date" in html
    assert "Second letter" in html
    assert "The advocate" in html
    assert 'value="31"' in html
    assert db.scalar(select(func.count()).select_from(ContactAttempt)) == 0
    ok = _post(
        client,
        url,
        {"attempted_on": day(date(2026, 11, 20)), "method": "letter", "made_by": "The advocate", "outcome": "reached"},
    )
    assert ok.headers["Location"].endswith(f"/contacts/{contact_id}")
    page = client.get(ok.headers["Location"]).get_data(as_text=True)
    check_page(page)
    assert "20 November 2026" in page
    assert "The advocate" in page


def test_consent_offers_only_the_allowed_moves_and_keeps_history(app, db, office):
    contact_id = _add_contact(db, office)
    client = _client(app, db, office["chair"])
    url = f"{_base(office)}/contacts/{contact_id}/consent"
    form = check_page(client.get(url).get_data(as_text=True))
    assert {i["value"] for i in form.find_all("input", attrs={"name": "status"})} == {"given", "declined"}
    refused = _post(client, url, {"status": "withdrawn", "effective_on": day(date(2026, 11, 1)), "note": "Kept"})
    assert refused.status_code == 200
    assert "Kept" in refused.get_data(as_text=True)
    missing = _post(client, url, {"status": "given", "note": "Kept too"})
    assert "Enter the date consent was given, declined or withdrawn" in missing.get_data(as_text=True)
    assert _post(client, url, {"status": "given", "effective_on": day(date(2026, 11, 1))}).status_code == 302
    assert db.scalar(select(FamilyContact.consent)) is ConsentStatus.GIVEN
    page = client.get(f"{_base(office)}/contacts/{contact_id}").get_data(as_text=True)
    assert "1 November 2026: Given (was not yet asked), recorded by Chair Person" in page


def test_a_response_without_words_keeps_the_status_chosen(app, db, office):
    contact_id = _add_contact(db, office)
    client = _client(app, db, office["chair"])
    created = _post(
        client,
        f"{_base(office)}/comments/new",
        {"contact": str(contact_id), "received_on": day(date(2026, 11, 20)), "paragraph": "6.3", "comment": "Wrong"},
    )
    assert created.status_code == 302
    comment_id = db.scalar(select(FamilyComment.id))
    url = f"{_base(office)}/comments/{comment_id}/response"
    response = _post(client, url, {"status": "not_accepted", "response": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Enter why the comment was not accepted" in html
    assert 'value="not_accepted" checked' in html
    assert _post(client, url, {"status": "addressed", "response": "Changed 6.3"}).status_code == 302
    overview = client.get(_base(office)).get_data(as_text=True)
    assert "Changed 6.3" in overview
    assert "Addressed" in overview


def test_a_comment_needs_a_contact_and_words(app, db, office):
    _add_contact(db, office)
    client = _client(app, db, office["chair"])
    response = _post(
        client,
        f"{_base(office)}/comments/new",
        {"contact": "", "received_on": day(date(2026, 11, 20)), "paragraph": "4.1"},
    )
    html = response.get_data(as_text=True)
    assert "Select who the comment came from" in html
    assert "Enter the comment" in html
    assert 'value="4.1"' in html


def test_participation_for_another_reason_needs_the_reason(app, db, office):
    client = _client(app, db, office["chair"])
    response = _post(client, f"{_base(office)}/participation", {"participation": "other"})
    assert "Enter why the family did not take part" in response.get_data(as_text=True)
    ok = _post(
        client, f"{_base(office)}/participation", {"participation": "other", "no_engagement_detail": "No relatives"}
    )
    assert ok.status_code == 302
    overview = client.get(_base(office)).get_data(as_text=True)
    assert "No: another reason" in overview
    assert "No relatives" in overview
    form = check_page(client.get(f"{_base(office)}/participation").get_data(as_text=True))
    assert form.find("input", attrs={"name": "participation", "value": "other", "checked": True})


def test_a_real_name_as_pseudonym_is_refused_and_kept_on_the_form(app, db, office):
    client = _client(app, db, office["chair"])
    response = _post(client, f"{_base(office)}/pseudonym", {"chosen_pseudonym": "Maria Lennox"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "must not be the real name of anyone in the review" in html
    assert 'value="Maria Lennox"' in html
    assert db.scalar(select(func.count()).select_from(FamilyEngagement)) == 0


def test_use_the_chosen_pseudonym_for_the_victim(app, db, office):
    client = _client(app, db, office["chair"])
    assert _post(client, f"{_base(office)}/pseudonym", {"chosen_pseudonym": "Bella"}).status_code == 302
    page = check_page(client.get(_base(office)).get_data(as_text=True))
    button = page.find("button", string=lambda s: s and "Use Bella for the victim" in s)
    assert button is not None
    used = _post(client, f"{_base(office)}/pseudonym/use", {})
    assert used.status_code == 302
    assert db.scalar(select(Person.pseudonym).where(Person.id == office["victim"].id)) == "Bella"
    assert db.scalar(select(AuditEvent.summary).where(AuditEvent.action == "family.pseudonym_used")) == (
        "Chair Person renamed the victim from Adult A to Bella, the family's choice"
    )
    after = client.get(_base(office)).get_data(as_text=True)
    assert "The victim is now called Bella (was Adult A)" in after
    assert "The family&#39;s choice" in after or "The family's choice" in after
    assert "Use Bella for the victim" not in after
    again = _post(client, f"{_base(office)}/pseudonym/use", {})
    assert again.status_code == 302
    assert "already called Bella" in client.get(_base(office)).get_data(as_text=True)


def test_an_edit_from_a_stale_page_is_refused_and_keeps_what_was_typed(app, db, office):
    client = _client(app, db, office["chair"])
    assert (
        _post(client, f"{_base(office)}/tribute", {"tribute_text": "First", "tribute_from": "Mum"}).status_code == 302
    )
    form = check_page(client.get(f"{_base(office)}/tribute").get_data(as_text=True))
    version = form.find("input", attrs={"name": "version"})["value"]
    other = _client(app, db, office["coordinator"])
    assert (
        _post(other, f"{_base(office)}/tribute", {"tribute_text": "Second", "tribute_from": "Mum"}).status_code == 302
    )
    stale = _post(
        client, f"{_base(office)}/tribute", {"tribute_text": "My long edit", "tribute_from": "Mum", "version": version}
    )
    html = stale.get_data(as_text=True)
    assert stale.status_code == 200
    assert "Someone else changed this after you opened the page" in html
    assert "My long edit" in html
    assert db.scalar(select(FamilyEngagement.tribute_text)) == "Second"


def test_the_family_page_flags_contacts_not_reached_in_28_days(app, db, office, frozen_clock):
    stale_id = _add_contact(db, office, name="Stale Contact")
    fresh_id = _add_contact(db, office, name="Fresh Contact")

    def _attempts():
        from dhr.extensions import db as _db

        for contact_id, ago in ((stale_id, 29), (fresh_id, 3)):
            services.add_attempt(
                _db.session.get(FamilyContact, contact_id),
                actor=office["chair"],
                attempted_on=date(2026, 11, 25) - timedelta(days=ago),
                method=ContactMethod.PHONE,
                made_by="Chair",
                outcome=AttemptOutcome.REACHED,
                note="",
            )

    db.run(_attempts)
    client = _client(app, db, office["chair"])
    page = check_page(client.get(_base(office)).get_data(as_text=True))
    rows = {row.find("a").get_text(): row.get_text(" ", strip=True) for row in page.select("#contacts tbody tr")}
    assert "Not reached in 28 days" in rows["Stale Contact"]
    assert "Not reached in 28 days" not in rows["Fresh Contact"]
    assert "1 not reached in the last 28 days" in page.get_text(" ", strip=True)


SIGNED_IN = [p for p in PERSONAS if p not in ("anonymous", "deactivated")]


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_contact_names_only_with_the_family_permission(app, db, persona):
    world = db.run(build_family_world)
    client = _client(app, db, world["users"][persona])
    r1 = world["objects"]["R1"]
    base = f"/reviews/{r1['review']}"
    pages = [
        "/",
        base,
        f"{base}/people",
        f"{base}/members",
        f"{base}/correspondence",
        f"{base}/agencies",
        f"{base}/chronology",
        f"{base}/family",
        f"{base}/family/contacts/{r1['contact']}",
        f"{base}/family/comments/{r1['comment']}/response",
        "/statistics",
        "/admin/audit-log",
    ]
    seen = "".join(client.get(url).get_data(as_text=True) for url in pages)
    may = "view_family" in REVIEW_ACCESS[persona].get("R1", ())
    for canary in CANARIES:
        assert (f"{canary}-R1" in seen) == may, (persona, canary)
        assert f"{canary}-R2" not in seen, (persona, canary)
    assert (f'href="{base}/family"' in seen) == may, persona  # the sub-navigation link


def _family_world(size: int):
    from dhr.extensions import db as _db
    from tests.factories import create_user
    from tests.family.conftest import make_office

    office = make_office()
    review = office["review"]
    for n in range(size):
        contact = services.add_contact(
            review,
            actor=office["chair"],
            name=f"Contact {n}",
            relationship_to_victim="Cousin",
            kind=ContactKind.FAMILY,
            preferred_method=ContactMethod.EMAIL,
            contact_details="",
            advocate_name="",
            advocacy_organisation="",
            leaflet=Leaflet.FAMILY,
            leaflet_given_on=date(2026, 7, 1),
            person_id=office["sister"].id,
            notes="",
        )
        for ago in (40, 10):
            services.add_attempt(
                contact,
                actor=office["chair"],
                attempted_on=date(2026, 11, 25) - timedelta(days=ago),
                method=ContactMethod.EMAIL,
                made_by="Chair",
                outcome=AttemptOutcome.REACHED,
                note="",
            )
        workflow.change_consent(
            contact, ConsentStatus.GIVEN, effective_on=date(2026, 7, 2), note="", actor=office["chair"]
        )
        services.add_comment(
            review,
            actor=office["chair"],
            contact_id=contact.id,
            received_on=date(2026, 11, 20),
            paragraph=f"{n}.1",
            comment="A comment",
        )
    # The last contact's history grows with the size too, each step recorded by someone different.
    for n in range(size):
        recorder = create_user(office["partnership"], name=f"Recorder {n}")
        services.add_attempt(
            contact,
            actor=recorder,
            attempted_on=date(2026, 11, 1),
            method=ContactMethod.EMAIL,
            made_by=recorder.name,
            outcome=AttemptOutcome.NO_ANSWER,
            note="",
        )
        target = ConsentStatus.WITHDRAWN if n % 2 == 0 else ConsentStatus.GIVEN
        workflow.change_consent(contact, target, effective_on=date(2026, 11, 1), note="", actor=recorder)
    _db.session.flush()
    return office


@pytest.mark.parametrize("page", ["overview", "contact"])
def test_family_pages_use_a_constant_number_of_queries(app, db, frozen_clock, page):
    counts = []
    for size in (2, 12):
        with db.cell():
            office = db.run(_family_world, size)
            client = _client(app, db, office["chair"])
            url = _base(office)
            if page == "contact":
                contact_id = db.scalar(select(func.max(FamilyContact.id)))
                url = f"{url}/contacts/{contact_id}"
            with count_queries(db.connection) as statements:
                assert client.get(url).status_code == 200
            counts.append(len(statements))
    assert counts[0] == counts[1], f"{page}: {counts[0]} queries for 2 contacts but {counts[1]} for 12"


def test_every_family_page_passes_the_page_checks(app, db):
    world = db.run(build_family_world)
    client = _client(app, db, world["users"]["chair"])
    r1 = world["objects"]["R1"]
    base = f"/reviews/{r1['review']}/family"
    contact = f"{base}/contacts/{r1['contact']}"
    for path in (
        base,
        f"{base}/tribute",
        f"{base}/pseudonym",
        f"{base}/draft-shared",
        f"{base}/participation",
        f"{base}/contacts/new",
        contact,
        f"{contact}/edit",
        f"{contact}/consent",
        f"{contact}/attempts/new",
        f"{contact}/attempts/{r1['attempt']}/edit",
        f"{base}/comments/new",
        f"{base}/comments/{r1['comment']}/edit",
        f"{base}/comments/{r1['comment']}/response",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        page = check_page(response.get_data(as_text=True))
        assert not page.title.get_text().startswith("Error:"), path
        assert "CNRY-CONTACT-R1" not in page.title.get_text(), path  # names stay out of titles


def test_edit_forms_open_with_what_is_recorded(app, db):
    world = db.run(build_family_world)
    client = _client(app, db, world["users"]["chair"])
    r1 = world["objects"]["R1"]
    base = f"/reviews/{r1['review']}/family"
    contact = check_page(client.get(f"{base}/contacts/{r1['contact']}/edit").get_data(as_text=True))
    assert contact.find("input", attrs={"name": "name"})["value"] == "CNRY-CONTACT-R1"
    assert contact.find("input", attrs={"name": "leaflet", "value": "family", "checked": True})
    assert contact.find("input", attrs={"name": "kind", "value": "family", "checked": True})
    assert contact.find("option", attrs={"value": "phone", "selected": True})
    assert contact.find("option", attrs={"value": "", "selected": True})  # not linked to the people register
    assert contact.find("input", attrs={"name": "leaflet_given_on"})["value"]
    comment = check_page(client.get(f"{base}/comments/{r1['comment']}/edit").get_data(as_text=True))
    assert comment.find("option", attrs={"value": str(r1["contact"]), "selected": True})
    assert comment.find("input", attrs={"name": "paragraph"})["value"] == "6.3"
    attempt = check_page(
        client.get(f"{base}/contacts/{r1['contact']}/attempts/{r1['attempt']}/edit").get_data(as_text=True)
    )
    assert attempt.find("input", attrs={"name": "outcome", "value": "reached", "checked": True})
    tribute = check_page(client.get(f"{base}/tribute").get_data(as_text=True))
    assert "CNRY-TRIBUTE-R1" in tribute.find("textarea", attrs={"name": "tribute_text"}).get_text()
