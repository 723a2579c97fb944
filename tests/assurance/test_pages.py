"""The Sign-off and QA pages: the journey from sign-off to publication, errors, who sees what, and query counts."""

from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from dhr.assurance import services
from dhr.assurance.models import QaLetter, QaPoint, SignOff, Submission
from dhr.assurance.stages import CopyRecipient, PointStatus, QaOutcome, SendMethod
from dhr.extensions import db as _db
from dhr.reviews import workflow
from dhr.reviews.models import Review
from dhr.reviews.stages import ReviewStage
from tests.assurance.conftest import close_points, qa_letter, sign_off, submit, walk_to_sign_off
from tests.conftest import csrf_token, start_session_cookie
from tests.reviews.conftest import day
from tests.test_query_counts import count_queries

S = ReviewStage


def _post(client, url, **data):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


@pytest.fixture
def site(app, db, people, client):
    """A review at CSP sign-off, the coordinator signed in on `client`, and clients for the other members."""
    review_id = db.run(lambda: walk_to_sign_off(people).id)
    start_session_cookie(client, db, people["coordinator"])
    clients = {"coordinator": client}
    for key in ("chair", "author", "panel", "observer"):
        clients[key] = app.test_client()
        start_session_cookie(clients[key], db, people[key])
    return {"id": review_id, "base": f"/reviews/{review_id}/assurance", "clients": clients, **people}


def _review(db, review_id) -> Review:
    return db.scalar(select(Review).where(Review.id == review_id))


def _with(db, review_id, fn):
    """Run fn(review) on the review in a fresh app context and commit (set-up through the services)."""
    return db.run(lambda: fn(_db.session.get(Review, review_id)))


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_the_journey_from_sign_off_to_publication(db, site):
    client, base, rid = site["clients"]["coordinator"], site["base"], site["id"]
    assert "Not signed off yet" in _text(client.get(base))

    missing = _post(client, f"{base}/sign-off", signed_off_on=day(date(2026, 7, 10)), body="SWP board")
    assert missing.status_code == 200
    assert "Enter the minute reference of the sign-off" in _text(missing)
    assert 'value="SWP board"' in _text(missing)  # what was typed is kept
    signed = _post(
        client,
        f"{base}/sign-off",
        signed_off_on=day(date(2026, 7, 10)),
        body="Safer Westminster Partnership board",
        signed_off_by="Chair of the board",
        minute_reference="SWP board 10 July 2026, item 5",
    )
    assert signed.headers["Location"] == f"{base}#sign-off"
    assert _review(db, rid).signed_off_on == date(2026, 7, 10)

    no_versions = _post(client, f"{base}/submission", sent_on=day(date(2026, 7, 14)), method="secure_email")
    assert "Enter which versions were sent" in _text(no_versions)
    submitted = _post(
        client,
        f"{base}/submission",
        sent_on=day(date(2026, 7, 14)),
        method="secure_email",
        versions_sent="Overview report v1.0; Executive summary v1.0; Action plan v1.0",
    )
    assert submitted.status_code == 302
    assert _review(db, rid).stage is S.SUBMITTED

    copied = _post(
        client,
        f"{base}/copies/new",
        recipient="commissioner",
        sent_on=day(date(2026, 7, 15)),
        method="email",
        what_sent="Overview report v1.0",
    )
    assert copied.headers["Location"] == f"{base}#copies"

    lettered = _post(
        client,
        f"{base}/qa-letters/new",
        panel_on=day(date(2026, 8, 5)),
        letter_dated_on=day(date(2026, 8, 30)),
        received_on=day(date(2026, 9, 1)),
        outcome="approved_subject_to_changes",
        points="1. Analyse coercive control.\n2. Add a glossary.",
    )
    assert lettered.status_code == 302
    assert _review(db, rid).stage is S.QA_FEEDBACK
    points = db.scalars(select(QaPoint).order_by(QaPoint.number))
    assert [p.text for p in points] == ["Analyse coercive control.", "Add a glossary."]
    letter_id = points[0].letter_id

    chair = site["clients"]["chair"]
    url = f"{base}/qa-letters/{letter_id}/points/{points[0].id}/response"
    answered = _post(
        chair, url, status="addressed", response="Section 16 rewritten", paragraphs_changed="16.2", version="1"
    )
    assert answered.headers["Location"] == f"{base}#point-{points[0].id}"
    url = f"{base}/qa-letters/{letter_id}/points/{points[1].id}/response"
    no_reason = _post(chair, url, status="not_accepted", response="We write them out", version="1")
    assert "Enter why the partnership does not accept this point" in _text(no_reason)
    assert "We write them out" in _text(no_reason)
    assert (
        _post(chair, url, status="not_accepted", not_accepted_reason="Written out in full", version="1").status_code
        == 302
    )

    moved = _post(client, f"/reviews/{rid}/stage", target="approved", effective_on=day(date(2026, 9, 10)))
    assert moved.status_code == 302
    assert _review(db, rid).stage is S.APPROVED

    bad = _post(client, f"{base}/publication", published_on=day(date(2026, 10, 1)), web_address="www.example.org/r")
    assert "Enter a web address starting with https://" in _text(bad)
    assert 'value="www.example.org/r"' in _text(bad)
    published = _post(
        client,
        f"{base}/publication",
        published_on=day(date(2026, 10, 1)),
        web_address="https://www.westminster.gov.uk/dardr/adult-a",
        family_told_on=day(date(2026, 9, 24)),
    )
    assert published.status_code == 302
    review = _review(db, rid)
    assert (review.stage, review.published_on) == (S.PUBLISHED, date(2026, 10, 1))

    later = _post(
        client,
        f"{base}/publication",
        web_address="https://www.westminster.gov.uk/dardr/adult-a",
        family_told_on=day(date(2026, 9, 24)),
        library_entry="DHR Library 2026/0412",
    )
    assert later.status_code == 302
    page = _text(client.get(base))
    for expected in (
        "SWP board 10 July 2026, item 5",
        "Overview report v1.0; Executive summary v1.0; Action plan v1.0",
        "Domestic Abuse Commissioner",
        "Response matrix: 0 of 2 points open",
        "Not accepted because: Written out in full",
        "DHR Library 2026/0412",
        "Published 1 October 2026",
    ):
        assert expected in page, expected


def test_a_guard_refusal_shows_on_the_form_and_keeps_nothing(db, site):
    client, base, rid = site["clients"]["coordinator"], site["base"], site["id"]
    response = _post(
        client, f"{base}/submission", sent_on=day(date(2026, 7, 14)), method="post", versions_sent="Overview v1"
    )
    html = _text(response)
    assert response.status_code == 200
    assert "You cannot submit to the Home Office without a CSP sign-off record" in html
    assert "govuk-error-summary" in html
    assert "Overview v1" in html
    assert db.scalar(select(func.count()).select_from(Submission)) == 0
    assert _review(db, rid).stage is S.CSP_SIGN_OFF


def test_recording_a_letter_at_the_wrong_stage_explains_why(db, site):
    page = _text(site["clients"]["coordinator"].get(f"{site['base']}/qa-letters/new"))
    assert "A QA letter is recorded once the report is submitted or resubmitted. This review is at CSP" in page
    response = _post(
        site["clients"]["coordinator"],
        f"{site['base']}/qa-letters/new",
        panel_on=day(date(2026, 8, 5)),
        letter_dated_on=day(date(2026, 8, 4)),
        received_on=day(date(2026, 9, 1)),
        outcome="approved",
    )
    assert "The date of the letter must be on or after the date the panel met" in _text(response)
    response = _post(
        site["clients"]["coordinator"],
        f"{site['base']}/qa-letters/new",
        panel_on=day(date(2026, 8, 5)),
        letter_dated_on=day(date(2026, 8, 6)),
        received_on=day(date(2026, 9, 1)),
        outcome="approved",
    )
    assert "this review is at CSP sign-off" in _text(response)
    assert db.scalar(select(func.count()).select_from(QaLetter)) == 0


def test_the_submission_page_keeps_a_place_for_the_readiness_checklist(app):
    source = app.jinja_env.loader.get_source(app.jinja_env, "assurance/submission.html")[0]
    assert "{% block readiness %}" in source


def _to_qa_feedback(db, site, outcome=QaOutcome.SUBJECT_TO_CHANGES):
    actor = site["coordinator"]

    def _go(review):
        sign_off(review, actor)
        submit(review, actor)
        return qa_letter(review, actor, outcome=outcome).id

    return _with(db, site["id"], _go)


def test_every_page_passes_the_page_checks(db, site, client_request):
    base = site["base"]
    for url in (base, f"{base}/sign-off", f"{base}/submission", f"{base}/copies/new", f"{base}/qa-letters/new"):
        client_request.get(url)
    letter_id = _to_qa_feedback(db, site)
    point_id = db.scalar(select(QaPoint.id).where(QaPoint.letter_id == letter_id).order_by(QaPoint.number))
    for url in (
        base,
        f"{base}/qa-letters/{letter_id}/edit",
        f"{base}/qa-letters/{letter_id}/points/new",
        f"{base}/qa-letters/{letter_id}/points/{point_id}/edit",
        f"{base}/qa-letters/{letter_id}/points/{point_id}/response",
        f"{base}/publication",
        f"/reviews/{site['id']}",
    ):
        client_request.get(url)
    # An error page keeps the checks too (one h1, labels, the Error: title).
    page = client_request.post(f"{base}/sign-off", data={"body": "Board"}, expected_status=200)
    assert page.title.get_text().startswith("Error: ")


def test_who_sees_the_page_and_who_may_answer(db, site):
    letter_id = _to_qa_feedback(db, site)
    clients, base = site["clients"], site["base"]
    for key in ("coordinator", "chair", "author"):
        html = _text(clients[key].get(base))
        assert 'Respond<span class="govuk-visually-hidden"> to point 1</span>' in html, key
        assert "CNRY-SIGNOFF-NOTES" in html, key
    panel = _text(clients["panel"].get(base))
    assert "Response matrix: 3 of 3 points open" in panel
    assert "Respond<span" not in panel
    assert "CNRY-SIGNOFF-NOTES" not in panel  # free-text notes need the identity permission
    assert "Sign-off and QA</a>" in _text(clients["panel"].get(f"/reviews/{site['id']}"))
    assert clients["observer"].get(base).status_code == 403
    assert "Sign-off and QA</a>" not in _text(clients["observer"].get(f"/reviews/{site['id']}"))
    point_id = db.scalar(select(QaPoint.id).where(QaPoint.letter_id == letter_id).limit(1))
    url = f"{base}/qa-letters/{letter_id}/points/{point_id}/response"
    assert clients["panel"].get(url).status_code == 403
    assert "Change<span" not in _text(clients["chair"].get(base))  # correcting the letter is the coordinator's


def test_a_response_saved_from_a_stale_page_is_refused(db, site):
    letter_id = _to_qa_feedback(db, site)
    point_id = db.scalar(select(QaPoint.id).where(QaPoint.letter_id == letter_id).limit(1))
    url = f"{site['base']}/qa-letters/{letter_id}/points/{point_id}/response"
    author, chair = site["clients"]["author"], site["clients"]["chair"]
    assert _post(author, url, status="in_progress", response="Author's draft", version="1").status_code == 302
    stale = _post(chair, url, status="in_progress", response="Chair's draft", version="1")
    assert stale.status_code == 409
    assert "Someone else changed this" in _text(stale)
    assert db.scalar(select(QaPoint.response).where(QaPoint.id == point_id)) == "Author's draft"


def test_points_are_corrected_added_and_deleted_on_the_pages(db, site):
    letter_id = _to_qa_feedback(db, site)
    client, base = site["clients"]["coordinator"], site["base"]
    ids = db.scalars(select(QaPoint.id).where(QaPoint.letter_id == letter_id).order_by(QaPoint.number))
    bad = _post(client, f"{base}/qa-letters/{letter_id}/points/new", number="two", text="x")
    assert "Point number must be a whole number" in _text(bad)
    taken = _post(client, f"{base}/qa-letters/{letter_id}/points/new", number="2", text="x")
    assert "There is already a point 2 in this letter" in _text(taken)
    assert _post(client, f"{base}/qa-letters/{letter_id}/points/new", number="4", text="Glossary").status_code == 302
    edited = _post(client, f"{base}/qa-letters/{letter_id}/points/{ids[2]}/edit", number="3", text="Reworded")
    assert edited.status_code == 302
    assert db.scalar(select(QaPoint.text).where(QaPoint.id == ids[2])) == "Reworded"
    deleted = _post(client, f"{base}/qa-letters/{letter_id}/points/{ids[0]}/delete")
    assert deleted.headers["Location"] == f"{base}#letter-{letter_id}"
    numbers = db.scalars(select(QaPoint.number).where(QaPoint.letter_id == letter_id).order_by(QaPoint.number))
    assert numbers == [2, 3, 4]
    changed = _post(
        client,
        f"{base}/qa-letters/{letter_id}/edit",
        panel_on=day(date(2026, 8, 4)),
        letter_dated_on=day(date(2026, 8, 30)),
        received_on=day(date(2026, 9, 1)),
        outcome="resubmission_required",
    )
    assert changed.status_code == 302
    assert db.scalar(select(QaLetter.outcome)) is QaOutcome.RESUBMISSION


def _task_labels(html: str) -> list[str]:
    section = html.split('id="tasks"')[1].split("</ul>")[0]
    links = section.split('class="govuk-link govuk-task-list__link"')[1:]
    return [unescape(part.split(">", 1)[1].split("<")[0]) for part in links]


def test_the_task_list_links_to_each_form_in_turn(db, site):
    client, rid, base, actor = site["clients"]["coordinator"], site["id"], site["base"], site["coordinator"]
    html = _text(client.get(f"/reviews/{rid}"))
    assert _task_labels(html) == ["Record the CSP sign-off", "Record the submission to the Home Office"]
    assert f'href="{base}/sign-off"' in html
    assert f'href="{base}/submission"' in html
    _with(db, rid, lambda r: (sign_off(r, actor), submit(r, actor)))
    html = _text(client.get(f"/reviews/{rid}"))
    assert _task_labels(html) == ["Send a copy to the Domestic Abuse Commissioner", "Record the QA panel's letter"]
    assert f'href="{base}/copies/new"' in html
    assert f'href="{base}/qa-letters/new"' in html
    letter_id = _with(db, rid, lambda r: qa_letter(r, actor, outcome=QaOutcome.RESUBMISSION).id)
    html = _text(client.get(f"/reviews/{rid}"))
    assert "Respond to the development points" in _task_labels(html)
    assert f'href="{base}#letter-{letter_id}"' in html
    assert "3 open" in html

    def _revise(review):
        workflow.transition(review, S.REVISIONS, actor=actor, effective_on=date(2026, 9, 2))

    _with(db, rid, _revise)
    html = _text(client.get(f"/reviews/{rid}"))
    assert _task_labels(html)[-1] == "Record the resubmission"


def test_the_approved_task_is_the_publication(db, site):
    actor = site["coordinator"]

    def _approve(review):
        sign_off(review, actor)
        submit(review, actor)
        letter = qa_letter(review, actor)
        close_points(letter, actor)
        workflow.transition(review, S.APPROVED, actor=actor, effective_on=date(2026, 9, 10))

    _with(db, site["id"], _approve)
    html = _text(site["clients"]["coordinator"].get(f"/reviews/{site['id']}"))
    assert _task_labels(html) == ["Record the publication"]
    assert f'href="{site["base"]}/publication"' in html


def _rounds(people, rounds: int, points: int) -> int:
    """A review with `rounds` QA letters of `points` points each (every round but the last resubmitted)."""
    actor = people["coordinator"]
    review = walk_to_sign_off(people)
    sign_off(review, actor)
    on = date(2026, 7, 14)
    submit(review, actor, on=on)
    text = "\n".join(f"{n}. Point {n}" for n in range(1, points + 1))
    for n in range(rounds):
        received = on + timedelta(days=10)
        letter = qa_letter(review, actor, outcome=QaOutcome.RESUBMISSION, received=received, points=text, panel=on)
        if n == rounds - 1:
            break
        workflow.transition(review, S.REVISIONS, actor=actor, effective_on=received)
        close_points(letter, actor)
        on = received + timedelta(days=5)
        submit(review, actor, on=on)
    for copy_day in range(rounds):
        services.record_report_copy(
            review,
            recipient=CopyRecipient.COMMISSIONER,
            sent_on=date(2026, 7, 15) + timedelta(days=copy_day),
            method=SendMethod.EMAIL,
            what_sent="Report",
            notes="",
            actor=actor,
        )
    return review.id


def test_the_page_costs_the_same_queries_for_one_letter_or_many(app, db, people):
    counts = []
    for rounds, points in ((1, 2), (4, 9)):
        with db.cell():
            review_id = db.run(_rounds, people, rounds, points)
            assert (
                db.scalar(select(func.count()).select_from(QaLetter).where(QaLetter.review_id == review_id)) == rounds
            )
            client = app.test_client()
            start_session_cookie(client, db, people["chair"])
            with count_queries(db.connection) as statements:
                response = client.get(f"/reviews/{review_id}/assurance")
            assert response.status_code == 200
            assert _text(response).count('class="govuk-table__row" id="point-') == rounds * points
            counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_sign_off_rows_record_who_signed_and_the_minute(db, site):
    _post(
        site["clients"]["coordinator"],
        f"{site['base']}/sign-off",
        signed_off_on=day(date(2026, 7, 10)),
        body="SWP board",
        minute_reference="Item 5",
        notes="Approved unanimously",
    )
    row = db.scalar(select(SignOff))
    assert (row.body, row.signed_off_by, row.minute_reference, row.notes) == (
        "SWP board",
        "",
        "Item 5",
        "Approved unanimously",
    )
    assert row.recorded_by_id == site["coordinator"].id


def test_a_closed_matrix_shows_no_form(db, site):
    actor = site["coordinator"]

    def _approve(review):
        sign_off(review, actor)
        submit(review, actor)
        letter = qa_letter(review, actor)
        close_points(letter, actor)
        workflow.transition(review, S.APPROVED, actor=actor, effective_on=date(2026, 9, 10))
        return letter.id, letter.points[0].id

    letter_id, point_id = _with(db, site["id"], _approve)
    url = f"{site['base']}/qa-letters/{letter_id}/points/{point_id}/response"
    page = _text(site["clients"]["chair"].get(url))
    assert "This response matrix is closed" in page
    assert 'name="status"' not in page
    refused = _post(site["clients"]["chair"], url, status="in_progress", response="Late", version="2")
    assert "response matrix is closed" in _text(refused)
    assert db.scalar(select(QaPoint.status).where(QaPoint.id == point_id)) is PointStatus.ADDRESSED
