"""Terms of reference pages: the current terms, each version with what changed, editing a draft, agreeing it;
and the review's parallel processes. Anyone on the review reads them; MANAGE_TERMS changes them."""

from flask import Blueprint, abort, flash, g, redirect, url_for
from flask_login import current_user

from dhr.agencies.models import Agency
from dhr.agencies.services import agencies_for
from dhr.core.forms import ConfirmForm, choices
from dhr.core.saving import attempt
from dhr.extensions import db
from dhr.permissions import Permission, can, requires_review
from dhr.reviews.views.common import actor, in_review, review_page
from dhr.terms import queries, services, workflow
from dhr.terms.diff import changes
from dhr.terms.forms import AgencyScopeForm, AgreeForm, DraftForm, LineForm, ProcessForm
from dhr.terms.models import ParallelProcess, TermsAgency, TermsLine, TermsVersion

bp = Blueprint("terms", __name__, url_prefix="/reviews/<int:review_id>")


def _child_or_404(model, object_id: int, review):
    """A line or agency row of one of this review's versions, or 404."""
    obj = db.session.get(model, object_id)
    if obj is None or obj.version.review_id != review.id:
        abort(404)
    return obj


def _version_url(version) -> str:
    return url_for("terms.view_version", review_id=version.review_id, version_id=version.id)


def _to_version(version):
    return redirect(_version_url(version))


def _on_version(work, done, version):
    """A button on the version's page: do it and come back, saying what was done or (as an error) why not."""
    back = _version_url(version)
    return attempt(work, done=done, to=back, refused_to=back)


def _frozen(version):
    """An agreed version's editing page: back to the version, saying why."""
    flash(workflow.frozen_message(version), "error")
    return _to_version(version)


def _differences(review, version) -> list[str]:
    """Where the terms and the agency matrix disagree, for those who may see the whole matrix."""
    if version is None or not (
        can(current_user, Permission.MANAGE_TERMS, review) or can(current_user, Permission.REVIEW_EVIDENCE, review)
    ):
        return []
    return queries.matrix_differences(review, version)


def _confirmed() -> None:
    if not ConfirmForm().validate_on_submit():
        abort(400)


def _form_page(form, title: str, fields: list[str], version=None, intro: str = ""):
    return review_page("terms/form.html", form=form, title=title, fields=fields, version=version, intro=intro)


@bp.route("/terms-of-reference")
@requires_review(Permission.VIEW_REVIEW)
def index(review_id: int):
    """The current terms of reference, the version history, and the parallel processes."""
    review = g.review
    versions = queries.all_versions(review)
    agreed = [v for v in versions if not v.is_draft]
    current = agreed[-1] if agreed else (versions[-1] if versions else None)
    draft = next((v for v in versions if v.is_draft), None)
    return review_page(
        "terms/index.html",
        current=current,
        draft=draft,
        versions=list(reversed(versions)),
        differences=_differences(review, current),
        processes=queries.parallel_processes(review),
        confirm=ConfirmForm(),
    )


@bp.route("/terms-of-reference/versions/<int:version_id>")
@requires_review(Permission.VIEW_REVIEW)
def view_version(review_id: int, version_id: int):
    """One version in full, what changed from the version before, and (for a draft) the editing controls."""
    review = g.review
    versions = queries.all_versions(review)
    version = next((v for v in versions if v.id == version_id), None)
    if version is None:
        abort(404)
    previous = next((v for v in reversed(versions) if v.number < version.number), None)
    editing = version.is_draft and can(current_user, Permission.MANAGE_TERMS, review)
    return review_page(
        "terms/version.html",
        version=version,
        previous=previous,
        changes=changes(previous, version),
        editing=editing,
        problems=workflow.agreement_problems(version) if editing else [],
        differences=_differences(review, version),
        confirm=ConfirmForm(),
    )


@bp.route("/terms-of-reference/versions/new", methods=["POST"])
@requires_review(Permission.MANAGE_TERMS)
def start_draft(review_id: int):
    """Start the next version: a copy of the latest, or the first with the agency matrix's agencies."""
    review = g.review
    _confirmed()
    return attempt(
        lambda: services.start_draft(review, actor=actor()),
        done=lambda version: f"Draft {version.label} started",
        to=_version_url,
        refused_to=url_for("terms.index", review_id=review.id),
    )


@bp.route("/terms-of-reference/versions/<int:version_id>/edit", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_TERMS)
def edit_draft(review_id: int, version_id: int):
    """Change a draft's scope period and purpose."""
    version = in_review(TermsVersion, version_id, g.review)
    if not version.is_draft:
        return _frozen(version)
    form = DraftForm(obj=version)
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.update_draft(
                version,
                actor=actor(),
                scope_from=form.scope_from.data,
                scope_to=form.scope_to.data,
                purpose=form.purpose.data or "",
            ),
            form=form,
            field="scope_from",
            done=lambda _: f"{version.label} saved",
            to=_version_url(version),
        )
    ):
        return saved
    return _form_page(form, f"Scope and purpose: {version.label}", ["scope_from", "scope_to", "purpose"], version)


@bp.route("/terms-of-reference/versions/<int:version_id>/agree", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_TERMS)
def agree(review_id: int, version_id: int):
    """Record that the panel agreed the draft. It can no longer change; the review takes its dates."""
    version = in_review(TermsVersion, version_id, g.review)
    if not version.is_draft:
        return _frozen(version)
    form = AgreeForm()
    if form.validate_on_submit():
        saved = attempt(
            lambda: workflow.agree(version, agreed_on=form.agreed_on.data, actor=actor()),
            form=form,
            field="agreed_on",
            done=f"{version.label} of the terms of reference recorded as agreed",
            to=_version_url(version),
        )
        if saved:
            return saved
    return _form_page(
        form,
        f"Record {version.label} as agreed",
        ["agreed_on"],
        version,
        "Usually agreed at a panel meeting. An agreed version cannot change: later changes start a new draft. "
        "The review's scope period and agreed date will follow this version.",
    )


@bp.route("/terms-of-reference/versions/<int:version_id>/discard", methods=["POST"])
@requires_review(Permission.MANAGE_TERMS)
def discard_draft(review_id: int, version_id: int):
    """Throw a draft away."""
    review = g.review
    version = in_review(TermsVersion, version_id, review)
    _confirmed()
    return attempt(
        lambda: services.discard_draft(version, actor=actor()),
        done=f"Draft {version.label} discarded",
        to=url_for("terms.index", review_id=review.id),
        refused_to=_version_url(version),
    )


# Lines of enquiry


@bp.route("/terms-of-reference/versions/<int:version_id>/lines/new", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_TERMS)
def new_line(review_id: int, version_id: int):
    """Add a key line of enquiry to the end of a draft."""
    version = in_review(TermsVersion, version_id, g.review)
    if not version.is_draft:
        return _frozen(version)
    form = LineForm()
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.add_line(version, text=form.text.data, actor=actor()),
            form=form,
            field="text",
            done=lambda line: f"Line of enquiry {line.number} added",
            to=_version_url(version),
        )
    ):
        return saved
    return _form_page(form, f"Add a line of enquiry to {version.label}", ["text"], version)


@bp.route("/terms-of-reference/lines/<int:line_id>/edit", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_TERMS)
def edit_line(review_id: int, line_id: int):
    """Reword a line of enquiry in a draft."""
    line = _child_or_404(TermsLine, line_id, g.review)
    version = line.version
    if not version.is_draft:
        return _frozen(version)
    form = LineForm(obj=line)
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.update_line(line, text=form.text.data, actor=actor()),
            form=form,
            field="text",
            done=lambda _: f"Line of enquiry {line.number} saved",
            to=_version_url(version),
        )
    ):
        return saved
    return _form_page(form, f"Line of enquiry {line.number} of {version.label}", ["text"], version)


@bp.route("/terms-of-reference/lines/<int:line_id>/remove", methods=["POST"])
@requires_review(Permission.MANAGE_TERMS)
def remove_line(review_id: int, line_id: int):
    """Remove a line of enquiry from a draft; the later lines move up a number."""
    line = _child_or_404(TermsLine, line_id, g.review)
    version = line.version
    _confirmed()
    number = line.number
    return _on_version(lambda: services.remove_line(line, actor=actor()), f"Line of enquiry {number} removed", version)


@bp.route("/terms-of-reference/lines/<int:line_id>/move-up", methods=["POST"])
@requires_review(Permission.MANAGE_TERMS)
def move_line_up(review_id: int, line_id: int):
    """Swap a line of enquiry with the one before it."""
    line = _child_or_404(TermsLine, line_id, g.review)
    version = line.version
    _confirmed()
    number = line.number
    return _on_version(
        lambda: services.move_line_up(line, actor=actor()), f"Line of enquiry {number} is now {number - 1}", version
    )


# Agencies in scope


@bp.route("/terms-of-reference/versions/<int:version_id>/agencies/new", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_TERMS)
def new_agency(review_id: int, version_id: int):
    """Include or exclude an agency in a draft."""
    review = g.review
    version = in_review(TermsVersion, version_id, review)
    if not version.is_draft:
        return _frozen(version)
    listed = {row.agency_id for row in version.agencies}
    form = AgencyScopeForm()
    form.agency.choices = choices(
        [("", "Select an agency")]
        + [
            (a.id, f"{a.name} ({a.code})")
            for a in agencies_for(review.partnership_id, active_only=True)
            if a.id not in listed
        ]
    )
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.add_agency(
                version,
                agency=db.session.get(Agency, int(form.agency.data)),
                included=form.included.data == "yes",
                reason=form.reason.data or "",
                actor=actor(),
            ),
            form=form,
            field="agency",
            done="Agency added",
            to=_version_url(version),
        )
    ):
        return saved
    return _form_page(form, f"Add an agency to {version.label}", ["agency", "included", "reason"], version)


@bp.route("/terms-of-reference/agencies/<int:row_id>/edit", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_TERMS)
def edit_agency(review_id: int, row_id: int):
    """Change whether an agency is included in a draft, and why."""
    row = _child_or_404(TermsAgency, row_id, g.review)
    version = row.version
    if not version.is_draft:
        return _frozen(version)
    form = AgencyScopeForm(obj=row, included="yes" if row.included else "no")
    form.agency.choices = choices([(row.agency_id, row.agency.name)])
    form.agency.data = str(row.agency_id)
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.update_agency(
                row, included=form.included.data == "yes", reason=form.reason.data or "", actor=actor()
            ),
            form=form,
            field="reason",
            done=lambda _: f"{row.agency.name} saved",
            to=_version_url(version),
        )
    ):
        return saved
    return _form_page(form, f"{row.agency.name} in {version.label}", ["included", "reason"], version)


@bp.route("/terms-of-reference/agencies/<int:row_id>/remove", methods=["POST"])
@requires_review(Permission.MANAGE_TERMS)
def remove_agency(review_id: int, row_id: int):
    """Take an agency off a draft."""
    row = _child_or_404(TermsAgency, row_id, g.review)
    version = row.version
    _confirmed()
    name = row.agency.name
    return _on_version(lambda: services.remove_agency(row, actor=actor()), f"{name} removed", version)


@bp.route("/terms-of-reference/versions/<int:version_id>/agencies/from-matrix", methods=["POST"])
@requires_review(Permission.MANAGE_TERMS)
def add_agencies_from_matrix(review_id: int, version_id: int):
    """Add the agency matrix's agencies that the draft does not list yet."""
    version = in_review(TermsVersion, version_id, g.review)
    _confirmed()
    return _on_version(
        lambda: services.add_agencies_from_matrix(version, actor=actor()),
        lambda added: f"{added} agencies added from the agency matrix",
        version,
    )


# Parallel processes

PROCESS_INTRO = (
    "Criminal proceedings, inquests, IOPC investigations and other reviews that affect this review's timing."
)


def _process_page(form, title: str):
    return _form_page(form, title, list(ProcessForm.FIELDS), intro=PROCESS_INTRO)


@bp.route("/parallel-processes/new", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_TERMS)
def new_process(review_id: int):
    """Record a parallel process."""
    review = g.review
    form = ProcessForm()
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.add_process(review, actor=actor(), **form.values()),
            form=form,
            field="status",
            done="Parallel process recorded",
            to=url_for("terms.index", review_id=review.id, _anchor="parallel-processes"),
        )
    ):
        return saved
    return _process_page(form, "Record a parallel process")


@bp.route("/parallel-processes/<int:process_id>/edit", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_TERMS)
def edit_process(review_id: int, process_id: int):
    """Update a parallel process: its status, dates, outcome and notes."""
    review = g.review
    process = in_review(ParallelProcess, process_id, review)
    form = ProcessForm(obj=process, kind=process.kind.value, status=process.status.value)
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.update_process(process, review, actor=actor(), **form.values()),
            form=form,
            field="status",
            done=lambda _: f"{process.kind.label} updated",
            to=url_for("terms.index", review_id=review.id, _anchor="parallel-processes"),
        )
    ):
        return saved
    return _process_page(form, f"Update: {process.title}")
