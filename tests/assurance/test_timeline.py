"""The sequence at the top of the Sign-off and QA page: every record, in date order, voided sign-offs marked."""

from datetime import date

from dhr.assurance.stages import QaOutcome
from dhr.assurance.timeline import sequence
from dhr.extensions import db as _db
from tests.assurance.conftest import copy_to_commissioner, qa_letter, sign_off, submit, walk_to_sign_off


def test_the_sequence_lists_each_record_in_date_order(app, people):
    with app.app_context():
        review, actor = walk_to_sign_off(people), people["coordinator"]
        sign_off(review, actor, on=date(2026, 7, 10), body="SWP board")
        sign_off(review, actor, on=date(2026, 7, 12), body="SWP board", minute="Item 9")
        copy_to_commissioner(review, actor, on=date(2026, 7, 20))
        submit(review, actor, on=date(2026, 7, 14))
        letter = qa_letter(review, actor, outcome=QaOutcome.RESUBMISSION, received=date(2026, 9, 1))
        steps = [(step.on, step.title, step.anchor) for step in sequence(review)]
        assert steps == [
            (
                date(2026, 7, 10),
                "CSP sign-off by Chair of the board, SWP board (void: replaced by the sign-off of 12 July 2026)",
                "sign-off",
            ),
            (date(2026, 7, 12), "CSP sign-off by Chair of the board, SWP board", "sign-off"),
            (date(2026, 7, 14), "First submission to the Home Office", "submissions"),
            (date(2026, 7, 20), "Copy of the report sent to the Domestic Abuse Commissioner", "copies"),
            (date(2026, 8, 4), "Home Office QA panel met", f"letter-{letter.id}"),
            (date(2026, 9, 1), "QA letter received: Resubmission required", f"letter-{letter.id}"),
        ]
        assert sequence(review)[-1].detail == "3 development points, 3 open"
        assert sequence(review)[1].detail == "Minute Item 9"
        _db.session.rollback()
