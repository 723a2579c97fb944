"""The register pages over HTTP: filters, an agency recording its own duty met with evidence, errors that keep
what was typed, the dashboard's overdue list, the annual report download, and constant query counts."""

import io
from datetime import timedelta

from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.core.dates import london_today
from dhr.duties.models import Duty, DutyOccurrence
from dhr.duties.stages import OccurrenceStatus
from dhr.extensions import db as _db
from dhr.reports.services import DOCX_MIMETYPE
from tests.conftest import check_page, csrf_token, start_session_cookie
from tests.duties.duty_world import build_duty_world
from tests.test_query_counts import count_queries


def _client(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def _codes(page) -> list[str]:
    return [th.text.split(":")[0].strip() for th in page.select("#register tbody th")]


def test_the_register_lists_every_duty_for_the_board_and_only_its_own_for_an_agency(app, db):
    world = db.run(build_duty_world)
    board = check_page(_client(app, db, world, "board_member").get("/duties").get_data(as_text=True))
    codes = _codes(board)
    assert len(codes) == 17
    assert "D05" not in codes
    assert "D16" in codes
    quarterly = check_page(
        _client(app, db, world, "board_member").get("/duties?frequency=quarterly").get_data(as_text=True)
    )
    assert _codes(quarterly) == ["D08"]
    own = check_page(_client(app, db, world, "contributor_a").get("/duties").get_data(as_text=True))
    assert _codes(own) == ["D08"]
    calendar = check_page(_client(app, db, world, "contributor_a").get("/duties/calendar").get_data(as_text=True))
    assert "D02" not in calendar.text


def test_an_agency_records_its_duty_met_with_evidence(app, db):
    world = db.run(build_duty_world)
    occurrence = world["duties"]["A"]["occurrence"]
    contributor = _client(app, db, world, "contributor_a")
    token = csrf_token(contributor)
    response = contributor.post(
        f"/duties/occurrences/{occurrence}/evidence",
        data={"csrf_token": token, "file": (io.BytesIO(b"Quarter,Rows\nQ2,12\n"), "q2.csv"), "description": "Return"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    response = contributor.post(
        f"/duties/occurrences/{occurrence}/met", data={"csrf_token": token, "met_on": ["31", "2", "2026"]}
    )
    page = check_page(response.get_data(as_text=True))
    assert "Date met must be a real date" in page.select_one(".govuk-error-summary").text
    assert page.select_one("#met_on-day")["value"] == "31"
    met_on = london_today() - timedelta(days=1)
    response = contributor.post(
        f"/duties/occurrences/{occurrence}/met",
        data={"csrf_token": token, "met_on": [str(met_on.day), str(met_on.month), str(met_on.year)]},
    )
    assert response.status_code == 302
    status = db.scalar(select(DutyOccurrence.status).where(DutyOccurrence.id == occurrence))
    met_by = db.scalar(select(DutyOccurrence.met_by_id).where(DutyOccurrence.id == occurrence))
    assert status in (OccurrenceStatus.MET, OccurrenceStatus.MET_LATE)
    assert met_by == world["users"]["contributor_a"].id
    page = check_page(contributor.get(f"/duties/occurrences/{occurrence}").get_data(as_text=True))
    assert "q2.csv" in page.text
    assert db.scalar(select(AuditEvent.id).where(AuditEvent.action.in_(["duty.met", "duty.met_late"]))) is not None


def test_the_coordinators_dashboard_lists_overdue_duties(app, db):
    world = db.run(build_duty_world)

    def make_overdue():
        duty = _db.session.get(Duty, world["duties"]["B"]["duty"])
        past = [o for o in duty.occurrences if o.due_on < london_today()]
        for o in duty.occurrences:
            if o not in past[:1]:
                # set-up only; the database holds a not-applicable occurrence to its reason
                o.status, o.reason, o.met_on = OccurrenceStatus.NOT_APPLICABLE, "Set-up", None
        return past[0].label if past else None

    label = db.run(make_overdue)
    page = check_page(_client(app, db, world, "coordinator").get("/").get_data(as_text=True))
    overdue = page.select_one("#overdue-duties")
    assert overdue is not None
    if label:
        assert "D02" in overdue.find_next("ul").text


def _overdue_as_each_page_says(client) -> dict[str, object]:
    """The count sentence and the duty codes the dashboard lists, the register's banner names and its table marks."""
    dashboard = check_page(client.get("/").get_data(as_text=True))
    register = check_page(client.get("/duties").get_data(as_text=True))
    listed = dashboard.select_one("#overdue-duties").find_next("ul").select("li a")
    banner = register.select_one(".govuk-warning-text__text")
    marked = {
        row.select_one("th").text.split(":")[0].strip()
        for row in register.select("#register tbody tr")
        if (tag := row.select("td")[-1].select_one(".govuk-tag")) and tag.get_text(strip=True) == "Overdue"
    }
    count = dashboard.select_one("#overdue-duties-count")
    sentence = banner.get_text(" ", strip=True).removeprefix("Warning").strip().split(":")[0]
    return {
        "dashboard": (count.text.strip(". ") if count else None, {a.text.split()[0] for a in listed}),
        "banner": (sentence, {a.text.split()[0] for a in banner.select("a")}),
        "table": marked,
    }


def test_the_dashboard_and_the_register_agree_on_what_is_overdue(app, db, frozen_clock):
    # The demo on the frozen day has two live duties overdue (D17: a signed-off review not sent to the Commissioner;
    # D18: a red action) and two recorded occurrences past their date (D08, D14). The register's banner used to count
    # only the occurrences ("2 overdue") while the dashboard listed all four and the table marked all four.
    from dhr.assurance.services import record_report_copy
    from dhr.assurance.stages import CopyRecipient, SendMethod
    from dhr.auth.models import User
    from dhr.duties import workflow
    from dhr.reviews.models import Review
    from dhr.seed import seed_demo

    db.run(seed_demo)
    coordinator = db.scalar(select(User).where(User.email == "coordinator@swp.example"))
    client = app.test_client()
    start_session_cookie(client, db, coordinator)
    every = {"D08", "D14", "D17", "D18"}
    assert _overdue_as_each_page_says(client) == {
        "dashboard": ("4 duties overdue", every),
        "banner": ("4 duties overdue", every),
        "table": every,
    }

    def meet_all_but_d18():
        actor = _db.session.get(User, coordinator.id)
        today = london_today()
        for occurrence in _db.session.scalars(
            select(DutyOccurrence).join(Duty).where(Duty.partnership_id == actor.partnership_id)
        ):
            if workflow.shown_status(occurrence, today) is OccurrenceStatus.OVERDUE:
                workflow.mark_met(occurrence, met_on=today, actor=actor)
        for review in _db.session.scalars(
            select(Review).where(Review.partnership_id == actor.partnership_id, Review.signed_off_on.is_not(None))
        ):
            record_report_copy(
                review,
                recipient=CopyRecipient.COMMISSIONER,
                sent_on=today,
                method=SendMethod.SECURE_EMAIL,
                what_sent="Overview report",
                notes="",
                actor=actor,
            )

    db.run(meet_all_but_d18)
    assert _overdue_as_each_page_says(client) == {
        "dashboard": ("1 duty overdue", {"D18"}),
        "banner": ("1 duty overdue", {"D18"}),
        "table": {"D18"},
    }


def test_the_annual_report_downloads_and_a_bad_year_is_an_error(app, db):
    world = db.run(build_duty_world)
    board = _client(app, db, world, "board_member")
    page = check_page(board.get("/duties/annual-report?year=20x6").get_data(as_text=True))
    assert "Enter a year from 2000" in page.select_one(".govuk-error-summary").text
    assert page.select_one("#year")["value"] == "20x6"
    response = board.get(f"/duties/annual-report?year={london_today().year}")
    assert response.mimetype == DOCX_MIMETYPE
    assert f"_annual-report_{london_today().year}.docx" in response.headers["Content-Disposition"]
    assert db.scalar(select(AuditEvent.id).where(AuditEvent.action == "annual_report.exported")) is not None


def test_the_annual_report_is_a_draft_until_the_boards_sign_off_is_recorded(app, db):
    from tests.reports.reading import header_texts, open_docx

    world = db.run(build_duty_world)
    year = london_today().year - 1
    coordinator = _client(app, db, world, "coordinator")

    def download():
        document = open_docx(coordinator.get(f"/duties/annual-report?year={year}").data)
        return header_texts(document), [p.text for p in document.paragraphs]

    headers, paragraphs = download()
    assert f"DRAFT ANNUAL REPORT {year}" in headers
    assert any(p.startswith("Draft: the board has not yet signed this report off") for p in paragraphs)
    bad = coordinator.post(
        "/duties/annual-report/sign-off",
        data={"csrf_token": csrf_token(coordinator), "report_year": str(year), "signed_off_by": "The board"},
    )
    page = check_page(bad.get_data(as_text=True))
    assert "Enter the date the board signed it off" in page.select_one(".govuk-error-summary").text
    assert page.select_one("#signed_off_by")["value"] == "The board"  # kept
    on = london_today()
    good = coordinator.post(
        "/duties/annual-report/sign-off",
        data={
            "csrf_token": csrf_token(coordinator),
            "report_year": str(year),
            "signed_off_on": [str(on.day), str(on.month), str(on.year)],
            "signed_off_by": "The partnership board",
            "minute_reference": "B/24/7",
        },
    )
    assert good.status_code == 302
    headers, paragraphs = download()
    assert not any("DRAFT" in line for line in headers)
    day = f"{on.day} {on:%B %Y}"
    assert f"ANNUAL REPORT {year}: signed off by The partnership board on {day}" in headers
    assert f"Signed off by The partnership board on {day} (minute B/24/7)." in paragraphs
    again = coordinator.post(
        "/duties/annual-report/sign-off",
        data={
            "csrf_token": csrf_token(coordinator),
            "report_year": str(year),
            "signed_off_on": [str(on.day), str(on.month), str(on.year)],
            "signed_off_by": "Someone else",
        },
    )
    assert "already recorded" in again.get_data(as_text=True)
    board = _client(app, db, world, "board_member")
    assert board.post("/duties/annual-report/sign-off", data={"csrf_token": csrf_token(board)}).status_code == 403


def _more_occurrences(world, count):
    from dhr.auth.models import User
    from dhr.duties import services

    duty = _db.session.get(Duty, world["duties"]["B"]["duty"])
    actor = _db.session.get(User, world["users"]["coordinator"].id)
    for n in range(count):
        services.add_occurrence(duty, label=f"Extra {n}", due_on=london_today() + timedelta(days=3 + n), actor=actor)


def test_register_and_calendar_use_a_constant_number_of_queries(app, db):
    for path in ("/duties", "/duties/calendar", "/"):
        counts = []
        for extra in (1, 15):
            with db.cell():
                world = db.run(build_duty_world)
                db.run(_more_occurrences, world, extra)
                client = _client(app, db, world, "coordinator")
                with count_queries(db.connection) as statements:
                    assert client.get(path).status_code == 200
                counts.append(len(statements))
        assert counts[0] == counts[1], f"{path}: {counts}"
