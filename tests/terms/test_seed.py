"""The demo data shows every panel and terms of reference feature on the Westminster reviews."""

from sqlalchemy import select

from dhr.auth.models import User
from dhr.extensions import db as _db
from dhr.panel.checks import panel_checks
from dhr.reviews.models import Person, PersonRole, Review
from dhr.reviews.stages import ReviewStage
from dhr.seed import seed_demo
from dhr.terms import queries
from dhr.terms.stages import ProcessKind, ProcessStatus, TermsStatus
from tests.conftest import check_page, start_session_cookie


def _review(victim: str) -> Review:
    return _db.session.scalar(
        select(Review).join(Person).where(Person.role == PersonRole.VICTIM, Person.pseudonym == victim)
    )


def test_the_demo_has_panels_terms_and_parallel_processes(app, db, frozen_clock):
    db.run(seed_demo)
    with app.app_context():
        ms_j = _review("Ms J")
        versions = queries.all_versions(ms_j)
        assert [(v.number, v.status) for v in versions] == [(1, TermsStatus.AGREED), (2, TermsStatus.DRAFT)]
        v1 = versions[0]
        assert len(v1.lines) == 6
        assert [row.agency.code for row in v1.sorted_agencies() if not row.included] == ["DWP", "LFB"]
        assert all(row.reason for row in v1.agencies)
        assert ms_j.terms_of_reference_agreed_on == v1.agreed_on
        assert ms_j.scope_from == v1.scope_from
        assert queries.excluded_without_reason(ms_j) == []
        assert len(versions[1].lines) == 7
        processes = {p.kind: p for p in queries.parallel_processes(ms_j)}
        trial = processes[ProcessKind.CRIMINAL_TRIAL]
        assert trial.status is ProcessStatus.CONCLUDED
        assert "sentenced" in trial.outcome
        assert len(trial.changes) == 3
        assert processes[ProcessKind.INQUEST].status is ProcessStatus.IN_PROGRESS
        assert "adjourned" in processes[ProcessKind.INQUEST].outcome

        # Every review that reached evidence gathering has its chair's declaration and agreed terms.
        reviews = _db.session.scalars(select(Review)).all()
        gathered = [r for r in reviews if any(c.to_stage is ReviewStage.EVIDENCE for c in r.stage_changes)]
        assert len(gathered) == 10
        assert all(panel_checks(r)[0].met and r.terms_of_reference_agreed_on for r in gathered)
        assert all(panel_checks(r)[1].met and panel_checks(r)[2].met and panel_checks(r)[3].met for r in gathered)

        # The review in set-up shows the warnings: an unsigned agreement, no specialist, terms still a draft.
        adult_g = _review("Adult G")
        assert adult_g.stage is ReviewStage.SET_UP
        checks = {check.label: check for check in panel_checks(adult_g)}
        assert checks["The independent chair has declared independence"].met
        assert checks["Every panel member has signed the confidentiality agreement"].missing == (
            "Still needed from Ruth Mensah"
        )
        assert not checks["A specialist domestic abuse service is represented"].met
        assert queries.current_terms(adult_g).status is TermsStatus.DRAFT
        ids = {"ms_j": ms_j.id, "v2": versions[1].id, "adult_g": adult_g.id}

    client = app.test_client()
    start_session_cookie(client, db, db.scalar(select(User).where(User.email == "coordinator@swp.example")))
    for path in (
        f"/reviews/{ids['ms_j']}/panel",
        f"/reviews/{ids['ms_j']}/terms-of-reference",
        f"/reviews/{ids['ms_j']}/terms-of-reference/versions/{ids['v2']}",
        f"/reviews/{ids['ms_j']}",
        f"/reviews/{ids['adult_g']}/panel",
        f"/reviews/{ids['adult_g']}/terms-of-reference",
        f"/reviews/{ids['adult_g']}",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        check_page(response.get_data(as_text=True))
    v2_page = client.get(f"/reviews/{ids['ms_j']}/terms-of-reference/versions/{ids['v2']}").get_data(as_text=True)
    assert "Westminster IDVA Service" in v2_page
    assert "Line of enquiry 7" in v2_page
