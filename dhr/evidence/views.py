"""Evidence pages: the coordinator's agency matrix, the agency portal, and the combined chronology."""

from flask import Blueprint, Response, abort, current_app, flash, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from dhr.agencies.models import Agency
from dhr.agencies.services import agencies_for
from dhr.audit.services import record
from dhr.core.dates import london_today
from dhr.core.forms import ConfirmForm, choices, filling_from_record
from dhr.core.keyset import count, distinct_values, keyset_page
from dhr.core.saving import attempt
from dhr.core.told import told_sentence, with_told
from dhr.core.wording import counted
from dhr.evidence import export, queries, services
from dhr.evidence.access import chosen_export, involvement_or_404
from dhr.evidence.filters import KEYS as FILTER_KEYS
from dhr.evidence.forms import EntryForm, InvolvementForm, ReturnForm
from dhr.evidence.models import AgencyInvolvement, ChronologyEntry
from dhr.evidence.stages import EDITABLE, Contact, EvidenceStatus, OutputRequired
from dhr.extensions import db
from dhr.permissions import Permission, can, requires_review
from dhr.reviews.views.common import actor, in_review, review_page

bp = Blueprint("evidence", __name__, url_prefix="/reviews/<int:review_id>")
PAGE_SIZE = 100


def _matrix(review) -> list[AgencyInvolvement]:
    """The review's agencies by name (entries are counted separately: a chronology can run to thousands)."""
    return list(
        db.session.scalars(
            select(AgencyInvolvement)
            .where(AgencyInvolvement.review_id == review.id)
            .options(selectinload(AgencyInvolvement.agency))
            .join(Agency)
            .order_by(Agency.name)
        )
    )


def _entry_counts(review) -> dict[int, int]:
    """Entries per involvement, counted in the database."""
    rows = db.session.execute(
        select(ChronologyEntry.involvement_id, func.count())
        .where(ChronologyEntry.review_id == review.id)
        .group_by(ChronologyEntry.involvement_id)
    )
    return dict(rows.all())


@bp.route("/agencies")
@requires_review(Permission.REVIEW_EVIDENCE)
def matrix(review_id: int):
    """Which agencies knew the people involved, what each owes, and where each request stands."""
    return review_page(
        "evidence/matrix.html",
        involvements=_matrix(g.review),
        counts=_entry_counts(g.review),
        contributors={
            i.agency_id: [user.name for user in services.contributors(g.review, i.agency_id)] for i in _matrix(g.review)
        },
        confirm=ConfirmForm(),
        today=london_today(),
    )


def _involvement_form(review, involvement=None) -> InvolvementForm:
    if involvement is None:
        form = InvolvementForm(due_on=services.default_due_on(review, london_today()))
        taken = {i.agency_id for i in _matrix(review)}
        form.agency.choices = choices(
            [("", "Select an agency")]
            + [
                (a.id, f"{a.name} ({a.code})")
                for a in agencies_for(review.partnership_id, active_only=True)
                if a.id not in taken
            ]
        )
    else:
        form = InvolvementForm(
            obj=involvement,
            contact_victim=involvement.contact_victim.value,
            contact_perpetrator=involvement.contact_perpetrator.value,
            contact_children=involvement.contact_children.value,
            output=involvement.output.value,
        )
        form.agency.choices = choices([(involvement.agency_id, involvement.agency.name)])
        form.agency.data = str(involvement.agency_id)
    return form


def _involvement_values(form: InvolvementForm) -> dict:
    return {
        "contact_victim": Contact(form.contact_victim.data),
        "contact_perpetrator": Contact(form.contact_perpetrator.data),
        "contact_children": Contact(form.contact_children.data),
        "records_secured_on": form.records_secured_on.data,
        "output": OutputRequired(form.output.data),
        "exclusion_reason": form.exclusion_reason.data or "",
        "due_on": form.due_on.data,
    }


FIELDS = list(services.INVOLVEMENT_FIELDS)


@bp.route("/agencies/add", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_EVIDENCE)
def add_involvement(review_id: int):
    """Add an agency to the matrix."""
    review = g.review
    form = _involvement_form(review)
    if form.validate_on_submit():
        if not form.agency.data:
            form.agency.errors.append("Select an agency")
        elif saved := attempt(
            lambda: services.involve_agency(
                review,
                agency=db.session.get(Agency, int(form.agency.data)),
                actor=actor(),
                **_involvement_values(form),
            ),
            form=form,
            field="output",
            done="Agency added to the matrix",
            to=url_for("evidence.matrix", review_id=review.id),
        ):
            return saved
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Add an agency",
        fields=["agency", *FIELDS],
        intro="Record what the agency knew and what the review needs from it.",
    )


@bp.route("/agencies/<int:involvement_id>/edit", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_EVIDENCE)
def edit_involvement(review_id: int, involvement_id: int):
    """Change an agency's row in the matrix."""
    review = g.review
    involvement = in_review(AgencyInvolvement, involvement_id, review)
    form = _involvement_form(review, involvement)
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.update_involvement(involvement, actor=actor(), **_involvement_values(form)),
            form=form,
            field="output",
            done=lambda _: f"{involvement.agency.name} updated",
            to=url_for("evidence.matrix", review_id=review.id),
        )
    ):
        return saved
    return review_page("reviews/simple-form.html", form=form, title=f"Change {involvement.agency.name}", fields=FIELDS)


@bp.route("/agencies/<int:involvement_id>/request", methods=["POST"])
@requires_review(Permission.MANAGE_EVIDENCE)
def send_request(review_id: int, involvement_id: int):
    """Ask the agency for its evidence; its contributors get an email with a link."""
    review = g.review
    involvement = in_review(AgencyInvolvement, involvement_id, review)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    back = url_for("evidence.matrix", review_id=review.id)
    return attempt(
        lambda: services.send_request(involvement, actor=actor()),
        done=lambda emailed: f"Request sent to {counted(emailed, 'contributor')} at {involvement.agency.name}",
        to=back,
        refused_to=back,
    )


@bp.route("/agencies/requests", methods=["POST"])
@requires_review(Permission.MANAGE_EVIDENCE)
def send_all_requests(review_id: int):
    """Ask every agency not yet asked at once; say which could not be asked yet, and why."""
    review = g.review
    if not ConfirmForm().validate_on_submit():
        abort(400)
    sent, waiting = services.send_all_requests(review, actor=actor())
    db.session.commit()
    if sent:
        flash(with_told(f"Requests sent to {counted(len(sent), 'agency')}: {', '.join(sent)}")(sent), "success")
    if waiting:
        flash(f"Not sent yet. {'. '.join(waiting)}.", "important")
    if not sent and not waiting:
        flash("Every agency that owes evidence has already been asked", "important")
    return redirect(url_for("evidence.matrix", review_id=review.id))


@bp.route("/evidence/<int:involvement_id>")
@requires_review(Permission.VIEW_REVIEW)
def view_request(review_id: int, involvement_id: int):
    """One agency's request: its chronology, its history, and what can be done next."""
    review = g.review
    involvement = involvement_or_404(review, involvement_id)
    show_identities = can(current_user, Permission.VIEW_IDENTITIES, review)
    return review_page(
        "evidence/request.html",
        involvement=involvement,
        show_identities=show_identities,
        contributing=can(current_user, Permission.CONTRIBUTE_EVIDENCE, review) and involvement.status in EDITABLE,
        reviewing=can(current_user, Permission.REVIEW_EVIDENCE, review),
        confirm=ConfirmForm(),
    )


def _entry_form(review, entry=None) -> EntryForm:
    form = EntryForm(obj=entry) if entry else EntryForm()
    if entry is not None and filling_from_record(form):
        form.when.data = entry.when.display()
        form.people.data = [str(p.id) for p in entry.people]
    form.set_people(review.people, can(current_user, Permission.VIEW_IDENTITIES, review))
    return form


def _chosen_people(review, form: EntryForm):
    wanted = {int(value) for value in form.people.data or []}
    return [p for p in review.people if p.id in wanted]


def _entry_page(form, involvement, title, *, another=False):
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title=title,
        another=another,
        fields=["when", "service_team", "source_ref", "people", "event_type", "details", "outcome", "comment"],
        intro=f"For {involvement.agency.name}'s chronology.",
    )


@bp.route("/evidence/<int:involvement_id>/entries/new", methods=["GET", "POST"])
@requires_review(Permission.CONTRIBUTE_EVIDENCE)
def new_entry(review_id: int, involvement_id: int):
    """Add an event to your agency's chronology."""
    review = g.review
    involvement = involvement_or_404(review, involvement_id, contributing=True)
    form = _entry_form(review)
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.add_entry(
                involvement, when=form.parsed_when, people=_chosen_people(review, form), actor=actor(), **form.values()
            ),
            form=form,
            field="when",
            done="Entry added" + (". Add the next one" if form.another.data else ""),
            to=url_for(
                "evidence.new_entry" if form.another.data else "evidence.view_request",
                review_id=review.id,
                involvement_id=involvement.id,
            ),
        )
    ):
        return saved
    return _entry_page(form, involvement, "Add a chronology entry", another=True)


@bp.route("/evidence/<int:involvement_id>/entries/<int:entry_id>/edit", methods=["GET", "POST"])
@requires_review(Permission.CONTRIBUTE_EVIDENCE)
def edit_entry(review_id: int, involvement_id: int, entry_id: int):
    """Change an event in your agency's chronology."""
    review = g.review
    involvement = involvement_or_404(review, involvement_id, contributing=True)
    entry = db.session.get(ChronologyEntry, entry_id)
    if entry is None or entry.involvement_id != involvement.id:
        abort(404)
    form = _entry_form(review, entry)
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.update_entry(
                entry, when=form.parsed_when, people=_chosen_people(review, form), actor=actor(), **form.values()
            ),
            form=form,
            field="when",
            done="Entry saved",
            to=url_for("evidence.view_request", review_id=review.id, involvement_id=involvement.id),
        )
    ):
        return saved
    return _entry_page(form, involvement, "Change a chronology entry")


@bp.route("/evidence/<int:involvement_id>/entries/<int:entry_id>/delete", methods=["POST"])
@requires_review(Permission.CONTRIBUTE_EVIDENCE)
def delete_entry(review_id: int, involvement_id: int, entry_id: int):
    """Remove an event from your agency's chronology."""
    review = g.review
    involvement = involvement_or_404(review, involvement_id, contributing=True)
    entry = db.session.get(ChronologyEntry, entry_id)
    if entry is None or entry.involvement_id != involvement.id or not ConfirmForm().validate_on_submit():
        abort(404)
    back = url_for("evidence.view_request", review_id=review.id, involvement_id=involvement.id)
    return attempt(lambda: services.delete_entry(entry, actor=actor()), done="Entry deleted", to=back, refused_to=back)


def _status_action(involvement, verb, success: str, **kwargs):
    back = url_for("evidence.view_request", review_id=g.review.id, involvement_id=involvement.id)
    return attempt(
        lambda: verb(involvement, actor=actor(), **kwargs),
        done=lambda _: f"{success}. {told_sentence()}",
        to=back,
        refused_to=back,
    )


@bp.route("/evidence/<int:involvement_id>/submit", methods=["POST"])
@requires_review(Permission.CONTRIBUTE_EVIDENCE)
def submit(review_id: int, involvement_id: int):
    """Submit your agency's chronology; it locks until returned."""
    involvement = involvement_or_404(g.review, involvement_id, contributing=True)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _status_action(involvement, services.submit, "Submitted")


@bp.route("/evidence/<int:involvement_id>/accept", methods=["POST"])
@requires_review(Permission.REVIEW_EVIDENCE)
def accept(review_id: int, involvement_id: int):
    """Accept a submission into the combined chronology."""
    involvement = involvement_or_404(g.review, involvement_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _status_action(involvement, services.accept, f"{involvement.agency.name}'s chronology accepted")


@bp.route("/evidence/<int:involvement_id>/return", methods=["GET", "POST"])
@requires_review(Permission.REVIEW_EVIDENCE)
def return_submission(review_id: int, involvement_id: int):
    """Send a submission back to the agency with reasons."""
    review = g.review
    involvement = involvement_or_404(review, involvement_id)
    form = ReturnForm()
    if involvement.status is not EvidenceStatus.SUBMITTED:
        flash("Only a submitted chronology can be returned", "error")
        return redirect(url_for("evidence.view_request", review_id=review.id, involvement_id=involvement.id))
    if form.validate_on_submit():
        return _status_action(
            involvement,
            services.return_for_amendment,
            f"Returned to {involvement.agency.name}",
            reason=form.reason.data,
        )
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title=f"Return {involvement.agency.name}'s chronology",
        fields=["reason"],
        intro="The agency's contributors can change it and submit again. Your reasons are kept with the request.",
    )


def _combined_query(review) -> tuple:
    """The combined chronology's entries as the request filters them."""
    return queries.combined_query(
        review, request.args, may_include_submitted=can(current_user, Permission.REVIEW_EVIDENCE, review)
    )


def _with_provenance(query):
    return queries.in_time_order(queries.with_sources(query))


@bp.route("/chronology/export")
@requires_review(Permission.VIEW_CHRONOLOGY)
def export_chronology(review_id: int):
    """The combined chronology as CSV or XLSX, with pseudonyms or (for those allowed) real names. Audited."""
    review = g.review
    file_format, real_names = chosen_export(request.args, review, unknown_format=404)
    query = _combined_query(review)[0]
    total = count(db.session, query)
    if total > current_app.config["EXPORT_IN_REQUEST_ROWS"]:
        # Too long to build while the person waits: offer to prepare it as a job (dhr/exports).
        return review_page(
            "exports/prepare.html",
            total=total,
            file_format=file_format,
            names="real" if real_names else "pseudonyms",
            filters={key: value for key, value in request.args.items() if key not in ("format", "names")},
        )
    data = export.rows(db.session.scalars(_with_provenance(query)).all(), real_names=real_names)
    names = "real names" if real_names else "pseudonyms"
    record(
        "chronology.exported",
        f"{current_user.name} exported the combined chronology ({file_format}, {names})",
        actor=actor(),
        obj=review,
        review_id=review.id,
        data={"format": file_format, "real_names": real_names, "rows": len(data)},
    )
    db.session.commit()
    if file_format == "csv":
        body, mimetype = export.to_csv(data), "text/csv"
    else:
        body = export.to_xlsx(data, f"{review.reference} combined chronology")
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = Response(body, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=f"{review.reference}-chronology.{file_format}")
    return response


@bp.route("/chronology")
@requires_review(Permission.VIEW_CHRONOLOGY)
def combined(review_id: int):
    """Every accepted entry from every agency in date order, with its source. Coordinators and chairs can
    include submissions not yet accepted."""
    review = g.review
    query, filters = _combined_query(review)
    # Pages by key (core/keyset.py): "Next" reads on from the last entry shown, and a page asked for by number
    # finds its first entry along the index of the review's entries in time order.
    page = keyset_page(
        db.session,
        query,
        queries.TIME_ORDER,
        number=request.args.get("page", 1, type=int),
        size=PAGE_SIZE,
        total=count(db.session, query),
        key=request.args.get("from"),
        loads=queries.source_loads(),
    )
    event_types = distinct_values(
        db.session, ChronologyEntry.event_type, ChronologyEntry.review_id == review.id, ChronologyEntry.event_type != ""
    )
    return review_page(
        "evidence/combined.html",
        entries=page.rows,
        total=page.total,
        entries_page=page,
        filters=filters,
        event_types=event_types,
        duplicates={second for (_, second), same in queries.same_event_pairs(review).items() if same},
        page_args={key: request.args[key] for key in FILTER_KEYS if request.args.get(key)},
        involvements=_matrix(review),
        show_identities=can(current_user, Permission.VIEW_IDENTITIES, review),
    )


from dhr.evidence import duplicate_views, import_views, imr_views  # noqa: E402,F401 - register their routes on bp
