"""The terms of reference pages: reading, editing a draft, agreeing, frozen versions, history, parallel processes,
errors that keep what was typed, and query counts."""

from datetime import date

from sqlalchemy import select

from dhr.agencies.models import Agency
from dhr.extensions import db as _db
from dhr.reviews.models import Review
from dhr.terms import services, workflow
from dhr.terms.models import TermsAgency, TermsLine, TermsVersion
from dhr.terms.stages import ProcessKind, ProcessStatus
from tests.conftest import csrf_token, start_session_cookie
from tests.dates import date_fields
from tests.terms.conftest import build_terms_review
from tests.test_query_counts import count_queries

LINE = "What knowledge did agencies have that could have indicated that the victim might be at risk of harm?"


def _post(client, url, **data):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


def _version_id(db, review_id: int, number: int) -> int:
    return db.scalar(select(TermsVersion.id).where(TermsVersion.review_id == review_id, TermsVersion.number == number))


def test_a_coordinator_drafts_agrees_and_revises_the_terms(app, client, db, terms_world, client_request):
    world = terms_world
    rid = world["review"]
    start_session_cookie(client, db, world["coordinator"])
    empty = client_request.get(f"/reviews/{rid}/terms-of-reference")
    assert "No terms of reference yet" in empty.get_text()
    assert _post(client, f"/reviews/{rid}/terms-of-reference/versions/new").status_code == 302
    v1 = _version_id(db, rid, 1)
    base = f"/reviews/{rid}/terms-of-reference/versions/{v1}"
    draft = client_request.get(base)
    text = " ".join(draft.get_text(" ").split())
    assert "Add at least one key line of enquiry" in text
    assert "Asked for: Individual Management Review and chronology" in text  # from the agency matrix
    assert (
        _post(
            client, f"{base}/edit", scope_from=date_fields(date(2023, 9, 28)), scope_to=date_fields(date(2026, 9, 28))
        ).status_code
        == 302
    )
    assert _post(client, f"{base}/lines/new", text=LINE).status_code == 302
    assert _post(client, f"{base}/agree", agreed_on=date_fields(date(2026, 11, 24))).status_code == 302
    review = db.scalar(select(Review).where(Review.id == rid))
    assert (review.terms_of_reference_agreed_on, review.scope_from) == (date(2026, 11, 24), date(2023, 9, 28))

    # v1 is frozen: its editing pages send you back to it with the reason.
    line_id = db.scalar(select(TermsLine.id).where(TermsLine.version_id == v1))
    refused = _post(client, f"/reviews/{rid}/terms-of-reference/lines/{line_id}/edit", text="Changed")
    assert refused.headers["Location"] == base
    assert "v1 was agreed on 24 November 2026 and cannot change" in client.get(base).get_data(as_text=True)
    assert client.get(f"{base}/edit").status_code == 302
    assert db.scalar(select(TermsLine.text).where(TermsLine.id == line_id)) == LINE

    # A change starts v2, copied from v1; its page shows what changed.
    _post(client, f"/reviews/{rid}/terms-of-reference/versions/new")
    v2 = _version_id(db, rid, 2)
    _post(client, f"/reviews/{rid}/terms-of-reference/versions/{v2}/lines/new", text="A second question")
    page = client_request.get(f"/reviews/{rid}/terms-of-reference/versions/{v2}")
    changes = " ".join(page.select_one("#changes").get_text(" ").split())
    assert "Line of enquiry 2 Added A second question" in changes
    index = " ".join(client_request.get(f"/reviews/{rid}/terms-of-reference").get_text(" ").split())
    assert "Draft v2 is being prepared" in index
    assert "KLOE 1 " + LINE in index
    assert "A second question" not in index  # readers see the agreed v1 until v2 is agreed


def test_errors_keep_what_was_typed(app, client, db, terms_world):
    world = terms_world
    rid = world["review"]
    version_id = db.run(lambda: services.start_draft(_db.session.get(Review, rid), actor=world["coordinator"]).id)
    start_session_cookie(client, db, world["coordinator"])
    base = f"/reviews/{rid}/terms-of-reference/versions/{version_id}"
    scope = _post(
        client,
        f"{base}/edit",
        scope_from=date_fields(date(2026, 9, 28)),
        scope_to=date_fields(date(2023, 9, 28)),
        purpose="Typed purpose",
    )
    html = scope.get_data(as_text=True)
    assert "The scope period must end on or after it starts" in html
    assert "Typed purpose" in html
    agency = _post(client, f"{base}/agencies/new", agency=str(world["health"]), included="no", reason="")
    html = agency.get_data(as_text=True)
    assert "Enter why the agency is excluded" in html
    assert f'value="{world["health"]}" selected' in html
    agree = _post(client, f"{base}/agree", agreed_on=date_fields(date(2026, 11, 24)))
    assert "Enter the scope period" in agree.get_data(as_text=True)
    process = _post(
        client,
        f"/reviews/{rid}/parallel-processes/new",
        kind="inquest",
        status="concluded",
        outcome="Typed outcome kept",
        started_on=date_fields(date(2026, 10, 5)),
    )
    html = process.get_data(as_text=True)
    assert process.status_code == 200
    assert "Enter the date it concluded" in html
    assert "Typed outcome kept" in html
    assert "There is a problem" in html
    assert db.scalar(select(TermsAgency.id).where(TermsAgency.agency_id == world["health"])) is None


def test_readers_see_the_terms_and_processes_without_controls_or_notes(app, client, db, terms_world, client_request):
    world = terms_world

    def _agreed():
        review = _db.session.get(Review, world["review"])
        actor = world["coordinator"]
        version = services.start_draft(review, actor=actor)
        services.update_draft(
            version, actor=actor, scope_from=date(2023, 9, 28), scope_to=date(2026, 9, 28), purpose=""
        )
        services.add_line(version, text=LINE, actor=actor)
        health = _db.session.get(Agency, world["health"])
        services.add_agency(version, agency=health, included=True, reason="GP records", actor=actor)
        workflow.agree(version, agreed_on=date(2026, 11, 2), actor=actor)
        services.add_process(
            review,
            actor=actor,
            kind=ProcessKind.INQUEST,
            description="",
            status=ProcessStatus.IN_PROGRESS,
            started_on=date(2026, 10, 5),
            next_date=date(2027, 2, 1),
            concluded_on=None,
            outcome="Opened and adjourned",
            notes="NOTES-FOR-IDENTITY-HOLDERS",
        )

    db.run(_agreed)
    start_session_cookie(client, db, world["users"]["contributor"])
    page = client_request.get(f"/reviews/{world['review']}/terms-of-reference")
    text = " ".join(page.get_text(" ").split())
    assert "KLOE 1 " + LINE in text
    assert "Test Fire Excluded No contact with either of them" in text
    assert "Opened and adjourned" in text
    assert "Next date 1 February 2027" in text
    assert "NOTES-FOR-IDENTITY-HOLDERS" not in text
    assert "not in the agency matrix" not in text  # the matrix is for those who manage it
    assert not page.select("form[action*='terms-of-reference'], a[href*='/edit'], a[href*='parallel-processes/new']")
    overview = client.get(f"/reviews/{world['review']}").get_data(as_text=True)
    assert "Opened and adjourned" in overview
    assert "NOTES-FOR-IDENTITY-HOLDERS" not in overview
    start_session_cookie(client, db, world["coordinator"])
    assert "NOTES-FOR-IDENTITY-HOLDERS" in client.get(f"/reviews/{world['review']}").get_data(as_text=True)
    terms = client.get(f"/reviews/{world['review']}/terms-of-reference").get_data(as_text=True)
    assert "Test Health is included but is not in the agency matrix" in terms
    assert "Agreed on 2 November 2026" in client.get(f"/reviews/{world['review']}").get_data(as_text=True)


def test_updating_a_process_through_the_page(app, client, db, terms_world):
    world = terms_world

    def _add():
        return services.add_process(
            _db.session.get(Review, world["review"]),
            actor=world["coordinator"],
            kind=ProcessKind.CRIMINAL_TRIAL,
            description="Trial of Adult B",
            status=ProcessStatus.SCHEDULED,
            started_on=None,
            next_date=date(2027, 1, 10),
            concluded_on=None,
            outcome="",
            notes="",
        ).id

    process_id = db.run(_add)
    start_session_cookie(client, db, world["coordinator"])
    url = f"/reviews/{world['review']}/parallel-processes/{process_id}/edit"
    assert 'value="scheduled" checked' in client.get(url).get_data(as_text=True)
    moved = _post(
        client,
        url,
        kind="criminal_trial",
        description="Trial of Adult B",
        status="not_applicable",
        next_date=date_fields(date(2027, 1, 10)),
    )
    assert moved.status_code == 302
    back = _post(
        client,
        url,
        kind="criminal_trial",
        description="Trial of Adult B",
        status="concluded",
        concluded_on=date_fields(date(2026, 11, 20)),
    )
    assert "A process that is not applicable cannot become concluded" in back.get_data(as_text=True)


def _big_review(n: int) -> dict:
    """A review with n lines, n agencies, n processes and three versions."""
    from tests.factories import create_agency

    world = build_terms_review()
    review = _db.session.get(Review, world["review"])
    actor = world["coordinator"]
    version = services.start_draft(review, actor=actor)
    services.update_draft(version, actor=actor, scope_from=date(2023, 9, 28), scope_to=date(2026, 9, 28), purpose="")
    for i in range(n):
        services.add_line(version, text=f"Question {i}", actor=actor)
        services.add_agency(
            version, agency=create_agency(review.partnership), included=i % 2 == 0, reason=f"Reason {i}", actor=actor
        )
        services.add_process(
            review,
            actor=actor,
            kind=ProcessKind.OTHER,
            description=f"Process {i}",
            status=ProcessStatus.NOT_STARTED,
            started_on=None,
            next_date=None,
            concluded_on=None,
            outcome="",
            notes="",
        )
    workflow.agree(version, agreed_on=date(2026, 11, 2), actor=actor)
    v2 = services.start_draft(review, actor=actor)
    services.add_line(v2, text="Extra", actor=actor)
    return world | {"v2": v2.id}


def test_terms_pages_use_a_constant_number_of_queries(app, db, frozen_clock):
    for path in (
        "/reviews/{review}/terms-of-reference",
        "/reviews/{review}/terms-of-reference/versions/{v2}",
        "/reviews/{review}",
    ):
        counts = []
        for size in (2, 12):
            with db.cell():
                world = db.run(_big_review, size)
                test_client = app.test_client()
                start_session_cookie(test_client, db, world["coordinator"])
                url = path.format(review=world["review"], v2=world["v2"])
                with count_queries(db.connection) as statements:
                    assert test_client.get(url).status_code == 200
                counts.append(len(statements))
        assert counts[0] == counts[1], f"{path}: {counts}"
