"""The demo's family logs: a seed's own test, so it loads the demo (no other family test does)."""

import re

from sqlalchemy import select

from dhr.family import queries
from dhr.family.seed import seed_family
from dhr.partnerships.models import Partnership
from dhr.reviews.models import Review
from dhr.seed import PARTNERSHIP_NAME, seed_demo


def test_the_demo_has_family_logs_without_real_names_in_tributes(app, db, frozen_clock):
    db.run(seed_demo)

    def _check():
        from dhr.extensions import db as _db

        partnership = _db.session.scalar(select(Partnership).where(Partnership.name == PARTNERSHIP_NAME))
        assert seed_family(partnership) == 0  # idempotent
        reviews = {r.victim_pseudonym: r for r in _db.session.scalars(select(Review))}
        adult_q = reviews["Adult Q"]
        assert len(queries.contacts_for(adult_q)) == 3
        assert {c.advocacy_organisation for c in queries.contacts_for(adult_q)} >= {
            "AAFDA (Advocacy After Fatal Domestic Abuse)"
        }
        assert queries.engagement_for(adult_q).chosen_pseudonym == "Bella"
        assert queries.engagement_for(adult_q).draft_shared_on is not None
        assert len(queries.comments_for(adult_q)) >= 2
        assert queries.open_comments(adult_q)
        assert queries.no_engagement_reason(reviews["Adult L"]) == (
            "The family could not be traced: Her only relative, a brother, lives abroad. Letters through the police "
            "family liaison officer and the consulate have had no reply."
        )
        logged = 0
        for review in reviews.values():
            tribute = queries.tribute_text(review)
            names = queries.contact_names(review) + [p.real_name for p in review.people if p.real_name]
            words = set(re.findall(r"[\w']+", tribute))
            for name in names:
                for part in name.split():
                    assert not (part[:1].isupper() and part in words), (review.reference, part)
            logged += bool(queries.engagement_for(review))
        return logged

    assert db.run(_check) == 8
