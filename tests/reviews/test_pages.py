"""Reviews through the web pages: notification, decision, clocks, pause and resume, locking, members, people."""

from datetime import date

from bs4 import BeautifulSoup
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.clocks.rules import ClockState
from dhr.clocks.service import clocks_for
from dhr.extensions import db as _db
from dhr.reviews.models import Review, ReviewMember
from dhr.reviews.stages import PauseReason, ReviewStage
from tests.conftest import csrf_token
from tests.reviews.conftest import day


def _post(client, url, **data):
    return client.post(url, data={"csrf_token": csrf_token(client), **data})


def _notify(client, office, notified=date(2026, 11, 2), **extra):
    data = {
        "notified_on": day(notified),
        "notifying_agency": str(office["police"].id),
        "category": "intimate_partner_homicide",
        "date_of_death": day(date(2026, 10, 30)),
        "place_of_death": "Westminster",
        "police_force_area": "Metropolitan Police",
        "circumstances": "Found at home.",
        **extra,
    }
    return _post(client, "/reviews/new", **data)


def _review(db, reference=None) -> Review:
    query = select(Review).order_by(Review.id.desc())
    if reference:
        query = select(Review).where(Review.reference == reference)
    return db.scalar(query)


def _clocks(db, review_id):
    def _get():
        return {c.key: c for c in clocks_for(_db.session.get(Review, review_id))}

    with db.app.app_context():
        return _get()


def test_recording_a_notification_creates_a_numbered_review(client, db, office):
    response = _notify(client, office)
    review = _review(db)
    assert response.headers["Location"] == f"/reviews/{review.id}"
    assert review.reference == "SWT-DARDR-2026-01"
    assert review.stage is ReviewStage.NOTIFIED
    _notify(client, office)
    assert _review(db).reference == "SWT-DARDR-2026-02"
    page = client.get(f"/reviews/{review.id}").get_data(as_text=True)
    assert "Record the decision whether to hold a review" in page
    assert "2 December 2026" in page  # decision due one calendar month after 2 November
    assert db.scalar(select(AuditEvent.action).where(AuditEvent.review_id == review.id)) == "review.created"


def test_notification_errors_keep_what_was_typed(client, db, office):
    response = _notify(client, office, category="", date_of_death=day(date(2026, 11, 20)), circumstances="Kept text")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Select the category of death" in html
    assert "Date of death must be on or before the date the partnership was notified" in html
    assert "Kept text" in html
    assert _review(db) is None
    future = _notify(client, office, notified=date(2026, 12, 1)).get_data(as_text=True)
    assert "Date the partnership was notified must be today or in the past" in future
    nonsense = _post(client, "/reviews/new", notified_on=["31", "2", "2026"]).get_data(as_text=True)
    assert "must be a real date" in nonsense


def test_commissioning_moves_to_set_up_and_meets_the_decision_clock(client, db, office):
    _notify(client, office)
    review = _review(db)
    response = _post(
        client,
        f"/reviews/{review.id}/decision",
        decision="commission",
        decided_on=day(date(2026, 11, 20)),
        decision_maker="Decision group",
        rationale="Criteria met",
    )
    assert response.status_code == 302
    review = _review(db)
    assert review.stage is ReviewStage.SET_UP
    clocks = _clocks(db, review.id)
    assert clocks["decision"].state is ClockState.MET_ON_TIME
    assert clocks["home_office_decision"].state is ClockState.RUNNING
    assert clocks["completion"].due == date(2027, 5, 20)
    history = db.scalars(select(AuditEvent.action).where(AuditEvent.review_id == review.id).order_by(AuditEvent.id))
    assert history == ["review.created", "review.decision_recorded", "review.stage_changed", "review.stage_changed"]


def test_recording_the_decision_sent_to_the_home_office_meets_that_clock(client, db, office):
    _notify(client, office)
    review = _review(db)
    _post(
        client,
        f"/reviews/{review.id}/decision",
        decision="commission",
        decided_on=day(date(2026, 11, 10)),
        decision_maker="Group",
        rationale="Met",
    )
    assert _clocks(db, review.id)["home_office_decision"].state is ClockState.OVERDUE  # due 17 November
    _post(
        client,
        f"/reviews/{review.id}/correspondence/new",
        direction="sent",
        counterpart="home_office",
        subject="decision",
        method="email",
        occurred_on=day(date(2026, 11, 24)),
        summary="Letter sent",
    )
    clock = _clocks(db, review.id)["home_office_decision"]
    assert (clock.state, clock.met_on, clock.days) == (ClockState.MET_LATE, date(2026, 11, 24), -7)


def test_not_commissioned_still_tracks_the_home_office(client, db, office):
    _notify(client, office)
    review = _review(db)
    _post(
        client,
        f"/reviews/{review.id}/decision",
        decision="not_commission",
        decided_on=day(date(2026, 11, 20)),
        decision_maker="Group",
        rationale="Not within the criteria",
    )
    assert _review(db).stage is ReviewStage.NOT_COMMISSIONED
    assert set(_clocks(db, review.id)) == {"decision", "home_office_decision"}
    _post(client, f"/reviews/{review.id}/home-office-response", response="The Home Office agrees.")
    assert "The Home Office agrees." in client.get(f"/reviews/{review.id}").get_data(as_text=True)


def test_decision_before_notification_is_refused(client, db, office):
    _notify(client, office)
    review = _review(db)
    response = _post(
        client,
        f"/reviews/{review.id}/decision",
        decision="commission",
        decided_on=day(date(2026, 10, 1)),
        decision_maker="G",
        rationale="R",
    )
    assert "on or after the date the partnership was notified" in response.get_data(as_text=True)
    assert _review(db).stage is ReviewStage.NOTIFIED


def test_pause_and_resume_extend_the_completion_clock(client, db, office, frozen_clock, login_as):
    _notify(client, office)
    review = _review(db)
    _post(
        client,
        f"/reviews/{review.id}/decision",
        decision="commission",
        decided_on=day(date(2026, 11, 20)),
        decision_maker="G",
        rationale="R",
    )
    assert (
        _post(
            client,
            f"/reviews/{review.id}/pause",
            pause_reason="criminal_trial",
            effective_on=day(date(2026, 11, 25)),
            reason="Trial listed",
        ).status_code
        == 302
    )
    assert _review(db).pause_reason is PauseReason.CRIMINAL_TRIAL
    frozen_clock.advance(days=30)
    clock = _clocks(db, review.id)["completion"]
    assert (clock.state, clock.extended_by) == (ClockState.PAUSED, 30)
    login_as(office["coordinator"])  # a month later: a new session
    resumed = _post(client, f"/reviews/{review.id}/resume", effective_on=day(date(2026, 12, 25)))
    assert resumed.headers["Location"] == f"/reviews/{review.id}"
    assert _review(db).stage is ReviewStage.SET_UP
    frozen_clock.advance(days=10)
    clock = _clocks(db, review.id)["completion"]
    assert (clock.state, clock.extended_by, clock.due) == (ClockState.RUNNING, 30, date(2027, 6, 19))
    login_as(office["coordinator"])
    page = client.get(f"/reviews/{review.id}").get_data(as_text=True)
    assert "Paused: criminal trial" in page


def test_the_pause_form_offers_a_running_parallel_process_as_the_reason(client, db, office, frozen_clock):
    from dhr.terms.services import add_process
    from dhr.terms.stages import ProcessKind, ProcessStatus

    _notify(client, office)
    review = _review(db)

    def record_processes():
        values = {"started_on": None, "concluded_on": None, "outcome": "", "notes": ""}
        add_process(
            review,
            status=ProcessStatus.SCHEDULED,
            actor=office["coordinator"],
            kind=ProcessKind.CRIMINAL_TRIAL,
            description="R v Adult P",
            next_date=date(2027, 2, 3),
            **values,
        )
        concluded = {**values, "concluded_on": date(2026, 11, 1)}
        add_process(
            review,
            status=ProcessStatus.CONCLUDED,
            actor=office["coordinator"],
            kind=ProcessKind.INQUEST,
            description="",
            next_date=None,
            **concluded,
        )

    db.run(record_processes)
    page = client.get(f"/reviews/{review.id}/pause").get_data(as_text=True)
    soup = BeautifulSoup(page, "html.parser")
    offered = [a.get_text(" ", strip=True) for a in soup.select("#pause-for a")]
    assert offered == ["Pause for Criminal trial: R v Adult P"]  # the concluded inquest is not offered
    filled = BeautifulSoup(client.get(soup.select_one("#pause-for a")["href"]).get_data(as_text=True), "html.parser")
    assert filled.select_one('input[name="pause_reason"][checked]')["value"] == "criminal_trial"
    assert (
        filled.select_one("textarea[name=reason]").get_text()
        == "Criminal trial: R v Adult P. Next date 3 February 2027"
    )


def _agree_terms(client, db, review_id: int, agreed_on: date) -> None:
    """Start, fill in and agree v1 of the terms of reference through the pages."""
    from dhr.terms.models import TermsVersion

    _post(client, f"/reviews/{review_id}/terms-of-reference/versions/new")
    version_id = db.scalar(select(TermsVersion.id).where(TermsVersion.review_id == review_id))
    base = f"/reviews/{review_id}/terms-of-reference/versions/{version_id}"
    _post(client, f"{base}/edit", scope_from=day(date(2023, 10, 30)), scope_to=day(date(2026, 10, 30)))
    _post(client, f"{base}/lines/new", text="What did agencies know of the risk to the victim?")
    assert _post(client, f"{base}/agree", agreed_on=day(agreed_on)).status_code == 302


def test_stage_page_explains_what_blocks_a_move(client, db, office):
    _notify(client, office)
    review = _review(db)
    _post(
        client,
        f"/reviews/{review.id}/decision",
        decision="commission",
        decided_on=day(date(2026, 11, 20)),
        decision_maker="G",
        rationale="R",
    )
    page = client.get(f"/reviews/{review.id}/stage").get_data(as_text=True)
    assert "Appoint an independent chair before gathering evidence" in page
    refused = _post(
        client, f"/reviews/{review.id}/stage", target="evidence_gathering", effective_on=day(date(2026, 11, 25))
    )
    assert "Appoint an independent chair" in refused.get_data(as_text=True)
    _post(client, f"/reviews/{review.id}/members/add", users=str(office["chair"].id), role="chair", agency="")
    _agree_terms(client, db, review.id, date(2026, 11, 24))
    undeclared = _post(
        client, f"/reviews/{review.id}/stage", target="evidence_gathering", effective_on=day(date(2026, 11, 25))
    )
    assert "Record the chair&#39;s declaration of independence" in undeclared.get_data(as_text=True)
    chair = db.scalar(select(ReviewMember).where(ReviewMember.review_id == review.id))
    _post(
        client,
        f"/reviews/{review.id}/panel/{chair.id}/declarations",
        independence_statement="Independent of every agency involved",
        independence_declared_on=day(date(2026, 11, 24)),
    )
    moved = _post(
        client, f"/reviews/{review.id}/stage", target="evidence_gathering", effective_on=day(date(2026, 11, 25))
    )
    assert moved.status_code == 302
    assert _review(db).stage is ReviewStage.EVIDENCE


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(app, client, db, office, login_as):
    _notify(client, office)
    review = _review(db)
    other = app.test_client()
    login_as(office["coordinator"], other)
    mine = client.get(f"/reviews/{review.id}/notification")
    theirs_token = csrf_token(other)
    version = str(review.version)
    assert 'name="version"' in mine.get_data(as_text=True)
    base = {
        "notified_on": day(date(2026, 11, 2)),
        "notifying_agency": str(office["police"].id),
        "category": "intimate_partner_homicide",
        "version": version,
    }
    first = other.post(
        f"/reviews/{review.id}/notification",
        data={**base, "csrf_token": theirs_token, "circumstances": "First editor's text"},
    )
    assert first.status_code == 302
    second = _post(client, f"/reviews/{review.id}/notification", **base, circumstances="Second editor's text")
    html = second.get_data(as_text=True)
    assert second.status_code == 200
    assert "Someone else changed this review after you opened the page" in html
    assert "Second editor&#39;s text" in html
    assert _review(db).circumstances == "First editor's text"


def test_members_need_an_agency_when_their_role_represents_one(client, db, office):
    _notify(client, office)
    review = _review(db)
    refused = _post(
        client, f"/reviews/{review.id}/members/add", users=str(office["no_agency"].id), role="panel_member", agency=""
    )
    assert "Select the agency this panel member represents" in refused.get_data(as_text=True)
    added = _post(
        client, f"/reviews/{review.id}/members/add", users=str(office["panel"].id), role="panel_member", agency=""
    )
    assert added.status_code == 302
    member = db.scalar(select(ReviewMember).where(ReviewMember.review_id == review.id))
    assert member.agency_id == office["health"].id
    duplicate = _post(
        client, f"/reviews/{review.id}/members/add", users=str(office["panel"].id), role="panel_member", agency=""
    )
    assert "already a panel member" in duplicate.get_data(as_text=True)


def test_removing_a_member_ends_their_access_at_once(app, client, db, office, login_as):
    _notify(client, office)
    review = _review(db)
    _post(client, f"/reviews/{review.id}/members/add", users=str(office["chair"].id), role="chair", agency="")
    chair_client = app.test_client()
    login_as(office["chair"], chair_client)
    assert chair_client.get(f"/reviews/{review.id}").status_code == 200
    member = db.scalar(select(ReviewMember).where(ReviewMember.review_id == review.id))
    assert _post(client, f"/reviews/{review.id}/members/{member.id}/remove").status_code == 302
    assert chair_client.get(f"/reviews/{review.id}").status_code == 404
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.review_id == review.id))
    assert {"review.member_added", "review.member_removed"} <= set(actions)


def test_people_register_and_shield_exempt(app, client, db, office, login_as):
    _notify(client, office)
    review = _review(db)
    response = _post(
        client,
        f"/reviews/{review.id}/people/new",
        role="victim",
        pseudonym="Adult A",
        living="no",
        real_name="Real Person",
        aliases="RP",
        date_of_birth=day(date(1990, 2, 28)),
    )
    assert response.status_code == 302
    assert "Real Person" in client.get(f"/reviews/{review.id}/people").get_data(as_text=True)
    _post(client, f"/reviews/{review.id}/members/add", users=str(office["panel"].id), role="panel_member", agency="")
    panel = app.test_client()
    login_as(office["panel"], panel)
    page = panel.get(f"/reviews/{review.id}/people").get_data(as_text=True)
    assert "Adult A" in page
    assert "Real Person" not in page
    assert "28 February 1990" not in page
    assert "Adult A" in panel.get("/").get_data(as_text=True)


def test_every_review_page_passes_the_page_checks(client, client_request, db, office):
    _notify(client, office)
    review = _review(db)
    rid = review.id
    for url in (
        "/",
        "/reviews/new",
        f"/reviews/{rid}",
        f"/reviews/{rid}/notification",
        f"/reviews/{rid}/decision",
        f"/reviews/{rid}/people",
        f"/reviews/{rid}/people/new",
        f"/reviews/{rid}/members",
        f"/reviews/{rid}/stage",
        f"/reviews/{rid}/pause",
        f"/reviews/{rid}/withdraw",
        f"/reviews/{rid}/correspondence",
        f"/reviews/{rid}/correspondence/new",
        f"/reviews/{rid}/terms-of-reference",
        f"/reviews/{rid}/assurance",
        f"/reviews/{rid}/assurance/sign-off",
        f"/reviews/{rid}/home-office-response",
        "/statistics",
    ):
        client_request.get(url)


def test_review_page_shows_time_against_the_guidance(client, db, office, frozen_clock, login_as):
    _notify(client, office, notified=date(2026, 10, 1), date_of_death=day(date(2026, 9, 29)))
    review = _review(db)
    _post(
        client,
        f"/reviews/{review.id}/decision",
        decision="commission",
        decided_on=day(date(2026, 11, 10)),
        decision_maker="G",
        rationale="R",
    )
    response = client.get(f"/reviews/{review.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, response.headers.get("Location")
    section = html.split("Against the guidance")[1].split("</table>")[0]
    # Notified 1 October, decision due 1 November (31 days allowed), made 10 November (40 days): 9 over.
    cells = [c.split("<")[0] for c in section.split('govuk-table__cell--numeric">')[1:4]]
    assert cells == ["31", "40", "9"]


def test_notification_date_cannot_move_past_the_decision(client, db, office):
    _notify(client, office)
    review = _review(db)
    _post(
        client,
        f"/reviews/{review.id}/decision",
        decision="commission",
        decided_on=day(date(2026, 11, 10)),
        decision_maker="G",
        rationale="R",
    )
    response = _post(
        client,
        f"/reviews/{review.id}/notification",
        notified_on=day(date(2026, 11, 20)),
        notifying_agency=str(office["police"].id),
        category="other",
        version=str(_review(db).version),
    )
    assert "must be on or before the decision date" in response.get_data(as_text=True)
    assert _review(db).notified_on == date(2026, 11, 2)
    moved = _post(
        client,
        f"/reviews/{review.id}/notification",
        notified_on=day(date(2026, 11, 1)),
        notifying_agency=str(office["police"].id),
        category="other",
        version=str(_review(db).version),
    )
    assert moved.status_code == 302
    first = db.scalar(select(Review).where(Review.id == review.id)).notified_on
    assert first == date(2026, 11, 1)


def test_a_stale_write_anywhere_is_a_friendly_conflict(client, db, office, monkeypatch):
    from sqlalchemy.orm.exc import StaleDataError

    from dhr.reviews.views import stage as stage_views

    _notify(client, office)
    review = _review(db)

    def stale(*args, **kwargs):
        raise StaleDataError("someone else saved first")

    monkeypatch.setattr(stage_views, "transition", stale)
    response = _post(client, f"/reviews/{review.id}/stage", target="scoping", effective_on=day(date(2026, 11, 24)))
    assert response.status_code == 409
    assert "This has changed since you opened it" in response.get_data(as_text=True)


def test_several_members_are_added_at_once_or_none_are(client, db, office):
    _notify(client, office)
    review = _review(db)
    both = [str(office["panel"].id), str(office["chair"].id)]
    added = _post(client, f"/reviews/{review.id}/members/add", users=both, role="observer", agency="")
    assert added.status_code == 302
    page = client.get(added.headers["Location"]).get_data(as_text=True)
    assert "Panel Person and Chair Person added as observer" in page
    # One of them is already an observer: nobody is added, and the page says why.
    again = _post(
        client,
        f"/reviews/{review.id}/members/add",
        users=[str(office["no_agency"].id), str(office["chair"].id)],
        role="observer",
        agency="",
    )
    assert "Chair Person is already an observer on this review" in again.get_data(as_text=True)
    observers = db.scalars(select(ReviewMember.user_id).where(ReviewMember.review_id == review.id))
    assert sorted(observers) == sorted([office["panel"].id, office["chair"].id])


def test_someone_new_is_invited_and_added_from_the_members_page(client, db, office):
    from dhr.auth.models import User
    from dhr.mail.models import OutboxMessage

    _notify(client, office)
    review = _review(db)
    assert "Invite someone new to this review" in client.get(f"/reviews/{review.id}/members").get_data(as_text=True)
    url = f"/reviews/{review.id}/members/invite"
    refused = _post(client, url, name="Ann Author", email="ann.author@example.test", role="panel_member", agency="")
    assert "Select the agency this panel member represents" in refused.get_data(as_text=True)
    assert 'value="ann.author@example.test"' in refused.get_data(as_text=True)
    done = _post(client, url, name="Ann Author", email="ann.author@example.test", role="author", agency="")
    assert done.status_code == 302
    invited = db.scalar(select(User).where(User.email == "ann.author@example.test"))
    member = db.scalar(
        select(ReviewMember).where(ReviewMember.review_id == review.id, ReviewMember.user_id == invited.id)
    )
    assert member.role.value == "author"
    assert db.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "ann.author@example.test")) is not None
