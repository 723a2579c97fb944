"""The demo shows the publication gate both ways, and names to check, on whatever day it is seeded."""

import pytest
from sqlalchemy import select

from dhr.extensions import db as _db
from dhr.partnerships.models import Partnership
from dhr.reports import gate, names_to_check, services
from dhr.reviews.queries import review_of_victim
from dhr.seed import PARTNERSHIP_NAME, seed_demo


def test_the_demo_publishes_an_approved_report_and_holds_back_one_at_panel_agreement(app, db):
    db.run(seed_demo)
    with app.test_request_context():
        partnership_id = _db.session.scalar(select(Partnership.id).where(Partnership.name == PARTNERSHIP_NAME))
        approved = review_of_victim(partnership_id, "Mrs AA")
        for kind in ("overview", "executive-summary", "action-plan"):
            assert services.export(approved, kind, version="publication").filename.endswith("_publication.docx")
        drafting = review_of_victim(partnership_id, "Adult Q")
        with pytest.raises(gate.PublicationBlockedError) as blocked:
            services.export(drafting, "overview", version="publication")
        assert blocked.value.reasons[0] == gate.NOT_AGREED
        assert services.export(drafting, "overview", version="preview").filename.endswith("_preview.docx")
        assert [c.words for c in names_to_check.to_check(drafting)] == ["Okonjo"]
        assert [row.words for row in names_to_check.checked(drafting)] == ["Paddington"]
        _db.session.rollback()


def test_the_demo_shows_a_name_saved_as_a_token_and_case_text_to_check(app, db):
    from dhr.auth.models import User
    from dhr.privacy.models import NameReplacement
    from dhr.privacy.rescan import rescan

    db.run(seed_demo)
    with app.app_context():
        partnership_id = _db.session.scalar(select(Partnership.id).where(Partnership.name == PARTNERSHIP_NAME))
        review = review_of_victim(partnership_id, "Adult Q")
        (replacement,) = _db.session.scalars(select(NameReplacement).where(NameReplacement.review_id == review.id))
        assert _db.session.get(User, replacement.replaced_by_id).email == "police@swp.example"
        assert replacement.field_label == "Chronology entry, details"
        (finding,) = rescan(review, apply=False).to_check
        assert finding.problems == (
            "the name of a family contact: write their relationship to the victim instead, such as 'her sister'",
        )
