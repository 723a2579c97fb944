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


def _user_as_in_0020(partnership):
    """A coordinator inserted with the columns users had at 0020; the two-step columns the model has gained since
    are deferred, so loading the row reads only these."""
    from sqlalchemy import text

    from dhr.auth.models import User
    from dhr.core import clock

    db.session.execute(
        text(
            "INSERT INTO users (partnership_id, email, name, active, system_admin, created_at, updated_at)"
            " VALUES (:pid, 'coordinator@migration.test', 'Migration Coordinator', :yes, :no, :now, :now)"
        ),
        {"pid": partnership.id, "yes": True, "no": False, "now": clock.now()},
    )
    uid = db.session.scalar(text("SELECT id FROM users WHERE email = 'coordinator@migration.test'"))
    db.session.execute(text("INSERT INTO user_roles (user_id, role) VALUES (:uid, 'coordinator')"), {"uid": uid})
    return db.session.get(User, uid)


def _agency_as_in_0020(partnership):
    """An agency row with the columns it had at 0020 (before organisations), as the object the factories need."""
    from types import SimpleNamespace

    from sqlalchemy import text

    from dhr.core import clock

    db.session.execute(
        text(
            "INSERT INTO agencies (partnership_id, code, name, kind, responsible_authority, senior_contact_name,"
            " senior_contact_email, active, created_at, updated_at)"
            " VALUES (:pid, 'MIG', 'Migration agency', 'police', :no, '', '', :yes, :now, :now)"
        ),
        {"pid": partnership.id, "yes": True, "no": False, "now": clock.now()},
    )
    return SimpleNamespace(id=db.session.scalar(text("SELECT id FROM agencies WHERE code = 'MIG'")))


def test_existing_agreed_terms_become_version_one(scratch_url):
    from dhr.reviews.models import Review
    from dhr.terms.models import TermsVersion
    from dhr.terms.stages import TermsStatus
    from tests.factories import create_review

    app = make_test_app(scratch_url)
    with app.app_context():
        upgrade(revision="0020_panel_declarations")
        partnership = _partnership_as_in_0020()
        coordinator = _user_as_in_0020(partnership)
        agency = _agency_as_in_0020(partnership)
        for agreed in (date(2026, 3, 4), None):
            review = create_review(
                partnership, coordinator=coordinator, agency=agency, notified_on=date(2026, 1, 5), date_of_death=None
            )
            review.terms_of_reference_agreed_on = agreed
            review.scope_from, review.scope_to = (date(2023, 1, 1), date(2026, 1, 1)) if agreed else (None, None)
        db.session.commit()
        ids = db.session.scalars(select(Review.id).order_by(Review.id)).all()
        db.session.remove()
        upgrade()
        versions = db.session.scalars(select(TermsVersion)).all()
        assert [(v.review_id, v.number, v.status, v.agreed_on, v.scope_from, v.scope_to) for v in versions] == [
            (ids[0], 1, TermsStatus.AGREED, date(2026, 3, 4), date(2023, 1, 1), date(2026, 1, 1))
        ]
        assert versions[0].created_at.tzinfo is not None
        db.session.remove()
        db.engine.dispose()
