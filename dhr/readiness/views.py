"""The readiness page: every check with pass or fail and a link to fix it; coordinators record overrides."""

from flask import Blueprint, abort, g, url_for

from dhr.core.forms import ConfirmForm
from dhr.core.saving import attempt
from dhr.permissions import Permission, requires_review
from dhr.readiness import services
from dhr.readiness.checks import TITLES, run_checks
from dhr.readiness.forms import OverrideForm
from dhr.reviews.views.common import actor, review_page

bp = Blueprint("readiness", __name__, url_prefix="/reviews")


def _page(form=None, failed_key=None, status=200):
    results = run_checks(g.review)
    return (
        review_page(
            "readiness/checks.html",
            results=results,
            failing=[r for r in results if not r.satisfied],
            form=form or OverrideForm(),
            failed_key=failed_key,
            confirm=ConfirmForm(),
        ),
        status,
    )


def _check_url(review_id: int, key: str) -> str:
    return url_for("readiness.checks", review_id=review_id) + f"#check-{key}"


@bp.route("/<int:review_id>/readiness")
@requires_review(Permission.VIEW_ASSURANCE)
def checks(review_id: int):
    """Whether the report is ready for the Home Office QA panel."""
    return _page()


@bp.route("/<int:review_id>/readiness/<key>/override", methods=["POST"])
@requires_review(Permission.EDIT_REVIEW)
def override(review_id: int, key: str):
    """Record why the review can go although this check fails."""
    if key not in TITLES:
        abort(404)
    form = OverrideForm()
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.override(g.review, key, reason=form.reason.data, actor=actor()),
            form=form,
            field="reason",
            done=f"'{TITLES[key]}' overridden",
            to=_check_url(review_id, key),
        )
    ):
        return saved
    return _page(form, key)


@bp.route("/<int:review_id>/readiness/<key>/withdraw", methods=["POST"])
@requires_review(Permission.EDIT_REVIEW)
def withdraw(review_id: int, key: str):
    """Withdraw an override, so the check counts again."""
    if key not in TITLES or not ConfirmForm().validate_on_submit():
        abort(404 if key not in TITLES else 400)
    back = _check_url(review_id, key)
    return attempt(
        lambda: services.withdraw(g.review, key, actor=actor()),
        done=f"Override of '{TITLES[key]}' withdrawn",
        to=back,
        refused_to=back,
    )
