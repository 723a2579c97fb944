"""Migration 0018: terms agreed before versions existed become an agreed v1 with the same date and scope."""

from datetime import date

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from dhr.extensions import db
from tests.conftest import _throwaway_postgres, _throwaway_sqlite, make_test_app


@pytest.fixture
def scratch_url(pytestconfig):
    maker = _throwaway_postgres if pytestconfig.getoption("--db") == "postgres" else _throwaway_sqlite
    with maker() as url:
        yield url


def _partnership_as_in_0020():
    """A partnership row with the columns it had at 0020 (the model has gained some since), as the object the
    services need (its id, prefix and label)."""
    from types import SimpleNamespace

    from sqlalchemy import text

    from dhr.core import clock
    from dhr.partnerships.models import ReviewLabel

    now = clock.now()
    db.session.execute(
        text(
            "INSERT INTO partnerships (name, reference_prefix, review_label, evidence_due_days, guidance, created_at,"
            " updated_at) VALUES ('Migration partnership', 'TST', 'DARDR', 42, 'sg2016', :now, :now)"
        ),
        {"now": now},
    )
    pid = db.session.scalar(text("SELECT id FROM partnerships WHERE name = 'Migration partnership'"))
    return SimpleNamespace(id=pid, reference_prefix="TST", review_label=ReviewLabel.DARDR)


def _review_as_in_0020(partnership, number: int, agreed, scope) -> int:
    """A review row with the columns reviews had at 0020: the services now read tables that did not exist then."""
    from sqlalchemy import text

    from dhr.core import clock

    now = clock.now()
    db.session.execute(
        text(
            "INSERT INTO reviews (partnership_id, reference, year, number, category, notified_on, place_of_death,"
            " police_force_area, circumstances, stage, stage_changed_at, decision_maker, decision_rationale,"
            " home_office_response, terms_of_reference_agreed_on, signed_off_by, sign_off_notes, version,"
            " scope_from, scope_to, created_at, updated_at)"
            " VALUES (:pid, :reference, 2026, :number, 'other', :notified, '', '', '', 'set_up', :now, '', '', '',"
            " :agreed, '', '', 1, :scope_from, :scope_to, :now, :now)"
        ),
        {
            "pid": partnership.id,
            "reference": f"TST-DARDR-2026-{number:02d}",
            "number": number,
            "notified": date(2026, 1, 5),
            "agreed": agreed,
            "scope_from": scope[0],
            "scope_to": scope[1],
            "now": now,
        },
    )
    return db.session.scalar(text("SELECT id FROM reviews WHERE number = :n"), {"n": number})


def test_existing_agreed_terms_become_version_one(scratch_url):
    from dhr.terms.models import TermsVersion
    from dhr.terms.stages import TermsStatus

    app = make_test_app(scratch_url)
    with app.app_context():
        upgrade(revision="0020_panel_declarations")
        partnership = _partnership_as_in_0020()
        ids = [
            _review_as_in_0020(partnership, 1, date(2026, 3, 4), (date(2023, 1, 1), date(2026, 1, 1))),
            _review_as_in_0020(partnership, 2, None, (None, None)),
        ]
        db.session.commit()
        db.session.remove()
        upgrade()
        versions = db.session.scalars(select(TermsVersion)).all()
        assert [(v.review_id, v.number, v.status, v.agreed_on, v.scope_from, v.scope_to) for v in versions] == [
            (ids[0], 1, TermsStatus.AGREED, date(2026, 3, 4), date(2023, 1, 1), date(2026, 1, 1))
        ]
        assert versions[0].created_at.tzinfo is not None
        db.session.remove()
        db.engine.dispose()
