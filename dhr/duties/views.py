"""The duty register: the register with filters, a 12-month calendar, each duty and occurrence, marking an
occurrence met, not applicable or in progress, evidence, and the annual report. Every change is audited."""

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from dhr.agencies.models import Agency
from dhr.core.dates import london_today
from dhr.core.forms import filling_from_record
from dhr.core.saving import attempt
from dhr.duties import access, queries, services, workflow
from dhr.duties.forms import (
    AnnualSignOffForm,
    DutyForm,
    EvidenceForm,
    FilterForm,
    MetForm,
    OccurrenceForm,
    StatusForm,
)
from dhr.duties.live import live_state
from dhr.duties.models import Duty, DutyOccurrence, OccurrenceEvidence
from dhr.duties.stages import OCCURRENCE_TRANSITIONS, SCHEDULED, OccurrenceStatus
from dhr.extensions import db
from dhr.files.guard import UploadError
from dhr.files.store import attachment, check_uploaded, download, record_refusal
from dhr.permissions import Permission, can, requires, signed_in
from dhr.reports.services import DOCX_MIMETYPE
from dhr.reviews.views.common import actor

bp = Blueprint("duties", __name__, url_prefix="/duties")
OS = OccurrenceStatus
# The moves offered on the status page (met is recorded with its date on its own page).
MOVE_LABELS = {
    OS.IN_PROGRESS: "In progress",
    OS.NOT_STARTED: "Not started (it applies after all)",
    OS.NOT_APPLICABLE: "Not applicable this time",
    OS.OVERDUE: "Overdue",
}


def _agencies() -> list[Agency]:
    return list(
        db.session.scalars(
            select(Agency).where(Agency.partnership_id == current_user.partnership_id).order_by(Agency.name)
        )
    )


def duty_or_404(duty_id: int) -> Duty:
    """The duty, if the user may see it."""
    duty = db.session.get(Duty, duty_id)
    if duty is None or not access.may_view(current_user, duty):
        abort(404)
    return duty


def occurrence_or_404(occurrence_id: int, *, recording: bool = False) -> DutyOccurrence:
    """The occurrence, if the user may see its duty (and record it, when `recording`: else 403)."""
    occurrence = db.session.get(DutyOccurrence, occurrence_id)
    if occurrence is None or not access.may_view(current_user, occurrence.duty):
        abort(404)
    if recording and not access.may_update(current_user, occurrence.duty):
        abort(403)
    return occurrence


def occurrence_url(occurrence: DutyOccurrence) -> str:
    """The occurrence's own page."""
    return url_for("duties.view_occurrence", occurrence_id=occurrence.id)


@bp.route("")
@signed_in
def register():
    """Every duty the user may see: legal basis, frequency, owner, the current occurrence and its status."""
    today = london_today()
    duties = queries.visible_duties(current_user)
    form = FilterForm(request.args)
    form.set_choices(sorted({d.owner_agency for d in duties if d.owner_agency}, key=lambda a: a.name))
    found = queries.register(duties, today)
    rows = found.rows
    if form.frequency.data:
        rows = [r for r in rows if r.duty.frequency.value == form.frequency.data]
    if form.owner.data:
        rows = [r for r in rows if str(r.duty.owner_agency_id) == form.owner.data]
    if form.status.data:
        rows = [r for r in rows if r.status and r.status.value == form.status.data]
    if form.overdue.data:
        rows = [r for r in rows if r.overdue]
    return render_template(
        "duties/register.html",
        rows=rows,
        form=form,
        filtered=any(request.args.get(k) for k in ("frequency", "owner", "status", "overdue")),
        overdue=found.overdue,
        may_manage=can(current_user, Permission.MANAGE_DUTIES),
        today=today,
    )


@bp.route("/calendar")
@signed_in
def calendar():
    """The next 12 months of occurrences, month by month, with anything already overdue first."""
    today = london_today()
    duties = queries.visible_duties(current_user)
    return render_template(
        "duties/calendar.html",
        months=queries.months_ahead(duties, today),
        overdue=queries.overdue_occurrences(duties, today),
        shown_status=workflow.shown_status,
        today=today,
    )


@bp.route("/<int:duty_id>")
@signed_in
def view_duty(duty_id: int):
    """One duty: what it requires and why, who owns it, and its occurrences (or its live state)."""
    duty = duty_or_404(duty_id)
    return render_template(
        "duties/duty.html",
        duty=duty,
        live=live_state(duty),
        scheduled=duty.frequency in SCHEDULED,
        shown_status=workflow.shown_status,
        may_manage=can(current_user, Permission.MANAGE_DUTIES),
        # Review references are need-to-know: an owning agency sees the live duty's counts, not the reviews.
        show_reviews=can(current_user, Permission.VIEW_DUTIES),
        today=london_today(),
    )


@bp.route("/<int:duty_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_DUTIES)
def edit_duty(duty_id: int):
    """Change a duty's owner, due day, notes, or whether it is in force."""
    duty = duty_or_404(duty_id)
    form = DutyForm(obj=duty) if request.method == "GET" else DutyForm()
    form.set_choices([a for a in _agencies() if a.active or a.id == duty.owner_agency_id])
    if filling_from_record(form):
        form.owner_agency.data = str(duty.owner_agency_id or "")
    if form.validate_on_submit():
        owner = next((a for a in _agencies() if str(a.id) == form.owner_agency.data), None)
        services.change_duty(
            duty,
            owner=owner,
            officer=form.owner_officer.data or "",
            due_month=form.due_month.data,
            due_day=form.due_day.data,
            notes=form.notes.data or "",
            active=bool(form.active.data),
            actor=actor(),
        )
        db.session.commit()
        flash(f"Duty {duty.code} saved", "success")
        return redirect(url_for("duties.view_duty", duty_id=duty.id))
    return render_template(
        "duties/form.html",
        form=form,
        title=f"Change {duty.code}: {duty.title}",
        fields=["owner_agency", "owner_officer", "due_day", "due_month", "notes", "active"],
        back=url_for("duties.view_duty", duty_id=duty.id),
    )


@bp.route("/<int:duty_id>/occurrences/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_DUTIES)
def new_occurrence(duty_id: int):
    """Record an occurrence of an event-driven or on-request duty."""
    duty = duty_or_404(duty_id)
    form = OccurrenceForm()
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.add_occurrence(duty, label=form.label.data, due_on=form.due_on.data, actor=actor()),
            form=form,
            field="label",
            done=lambda occurrence: f"{duty.code}: {occurrence.label} added",
            to=occurrence_url,
        )
    ):
        return saved
    return render_template(
        "duties/form.html",
        form=form,
        title=f"Add an occurrence of {duty.code}",
        fields=["label", "due_on"],
        back=url_for("duties.view_duty", duty_id=duty.id),
    )


@bp.route("/occurrences/<int:occurrence_id>")
@signed_in
def view_occurrence(occurrence_id: int):
    """One occurrence: its period and due date, status, who met it and when, evidence and history."""
    occurrence = occurrence_or_404(occurrence_id)
    return render_template(
        "duties/occurrence.html",
        occurrence=occurrence,
        duty=occurrence.duty,
        status=workflow.shown_status(occurrence),
        may_record=access.may_update(current_user, occurrence.duty),
    )


@bp.route("/occurrences/<int:occurrence_id>/met", methods=["GET", "POST"])
@signed_in
def mark_met(occurrence_id: int):
    """Record the date the duty was met: met if by the due date, met late after it."""
    occurrence = occurrence_or_404(occurrence_id, recording=True)
    form = MetForm()
    if filling_from_record(form) and occurrence.met_on:
        form.met_on.data = occurrence.met_on
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: workflow.mark_met(occurrence, met_on=form.met_on.data, actor=actor()),
            form=form,
            field="met_on",
            done=lambda _: f"{occurrence.duty.code} {occurrence.label} recorded as {occurrence.status.label.lower()}",
            to=occurrence_url(occurrence),
        )
    ):
        return saved
    return render_template(
        "duties/form.html",
        form=form,
        title=f"Record {occurrence.duty.code} as met",
        intro=f"{occurrence.label}, due {occurrence.due_on:%d %B %Y}.",
        warning=None if occurrence.evidence else "No evidence has been added yet. Add the document that shows it.",
        fields=["met_on"],
        back=occurrence_url(occurrence),
    )


@bp.route("/occurrences/<int:occurrence_id>/status", methods=["GET", "POST"])
@signed_in
def change_status(occurrence_id: int):
    """Mark an occurrence in progress or not applicable (with a reason), or undo a 'met'."""
    occurrence = occurrence_or_404(occurrence_id, recording=True)
    targets = [t for t in MOVE_LABELS if t in OCCURRENCE_TRANSITIONS[occurrence.status]]
    form = StatusForm()
    form.target.choices = [(t.value, MOVE_LABELS[t]) for t in targets]
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: workflow.transition(occurrence, OS(form.target.data), actor=actor(), reason=form.reason.data or ""),
            form=form,
            field="target",
            done=lambda _: f"{occurrence.duty.code} {occurrence.label} is {occurrence.status.label.lower()}",
            to=occurrence_url(occurrence),
        )
    ):
        return saved
    return render_template(
        "duties/form.html",
        form=form,
        title=f"Status of {occurrence.duty.code}: {occurrence.label}",
        intro=f"It is {workflow.shown_status(occurrence).label.lower()}.",
        fields=["target", "reason"],
        back=occurrence_url(occurrence),
    )


@bp.route("/occurrences/<int:occurrence_id>/evidence", methods=["GET", "POST"])
@signed_in
def add_evidence(occurrence_id: int):
    """Upload the document that shows the duty was met (checked by the upload guard before it is kept)."""
    occurrence = occurrence_or_404(occurrence_id, recording=True)
    form = EvidenceForm()
    if form.validate_on_submit():
        try:
            upload = check_uploaded(request.files.get("file"))
            services.add_evidence(occurrence, upload=upload, description=form.description.data or "", actor=actor())
        except UploadError as error:
            db.session.rollback()
            record_refusal(error, actor=actor(), partnership_id=occurrence.duty.partnership_id)
            db.session.commit()
            form.file.errors = [str(error)]
        else:
            db.session.commit()
            flash("Evidence added", "success")
            return redirect(occurrence_url(occurrence))
    return render_template(
        "duties/form.html",
        form=form,
        title=f"Add evidence for {occurrence.duty.code}: {occurrence.label}",
        fields=["file", "description"],
        back=occurrence_url(occurrence),
        multipart=True,
    )


@bp.route("/occurrences/<int:occurrence_id>/evidence/<int:evidence_id>")
@signed_in
def download_evidence(occurrence_id: int, evidence_id: int):
    """An evidence file, as a download (never rendered inline). Audited."""
    occurrence = occurrence_or_404(occurrence_id)
    item = db.session.get(OccurrenceEvidence, evidence_id)
    if item is None or item.occurrence_id != occurrence.id:
        abort(404)
    response = attachment(
        item.file,
        actor=actor(),
        about=f"evidence for {occurrence.duty.code}",
        partnership_id=occurrence.duty.partnership_id,
    )
    db.session.commit()
    return response


@bp.route("/annual-report")
@requires(Permission.VIEW_DUTIES)
def annual_report():
    """Choose a year, then download the annual report on the partnership's duties (audited)."""
    from dhr.duties.annual import export_annual_report

    today = london_today()
    value = request.args.get("year", "").strip()
    error = ""
    if value:
        if re.fullmatch(r"[0-9]{4}", value) and 2000 <= int(value) <= today.year:
            done = export_annual_report(current_user.partnership, int(value), actor=actor())
            db.session.commit()
            return download(done.data, done.filename, DOCX_MIMETYPE)
        error = f"Enter a year from 2000 to {today.year}, like {today.year}"
    return _annual_page(value or str(today.year), error)


def _annual_page(year: str, error: str = "", form=None):
    from dhr.duties.annual import sign_offs

    partnership = current_user.partnership
    return render_template(
        "duties/annual-report.html",
        year=year,
        error=error,
        form=form or AnnualSignOffForm(formdata=None, report_year=london_today().year - 1),
        signed=sign_offs(partnership.id),
        may_sign=can(current_user, Permission.MANAGE_DUTIES),
    )


@bp.route("/annual-report/sign-off", methods=["POST"])
@requires(Permission.MANAGE_DUTIES)
def sign_off_annual_report():
    """Record the board's sign-off of a year's annual report: it is no longer marked a draft."""
    from dhr.duties.annual import record_sign_off

    form = AnnualSignOffForm()
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: record_sign_off(
                current_user.partnership,
                year=form.report_year.data,
                signed_off_on=form.signed_off_on.data,
                signed_off_by=form.signed_off_by.data,
                minute_reference=form.minute_reference.data or "",
                actor=actor(),
            ),
            form=form,
            field="report_year",
            done=f"The board's sign-off of the {form.report_year.data} annual report is recorded",
            to=url_for("duties.annual_report") + "#sign-off",
        )
    ):
        return saved
    return _annual_page(str(london_today().year), form=form), 200
