"""The audit log: read-only, filterable by user, action and date."""

from datetime import datetime, time, timedelta

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.audit.services import record
from dhr.audit_log.forms import ANY, AuditFilterForm
from dhr.core.dates import LONDON
from dhr.core.keyset import count, distinct_values, keyset_page
from dhr.extensions import db
from dhr.permissions import Permission, requires
from dhr.users.services import users_for

bp = Blueprint("audit", __name__, url_prefix="/admin/audit-log")

PAGE_SIZE = 50


def _start_of(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


FILTER_KEYS = ("user", "action", "date_from", "date_to")


def _apply_filters(query, form: AuditFilterForm):
    if form.user.data not in (None, ANY):
        query = query.where(AuditEvent.actor_id == int(form.user.data))
    if form.action.data not in (None, ANY):
        query = query.where(AuditEvent.action == form.action.data)
    if form.date_from.data:
        query = query.where(AuditEvent.occurred_at >= _start_of(form.date_from.data))
    if form.date_to.data:
        query = query.where(AuditEvent.occurred_at < _start_of(form.date_to.data + timedelta(days=1)))
    return query


@bp.route("")
@requires(Permission.VIEW_AUDIT)
def audit_log():
    """Search the partnership's audit events, newest first. Looking is itself audited."""
    partnership_id = current_user.partnership_id
    actions = distinct_values(db.session, AuditEvent.action, AuditEvent.partnership_id == partnership_id)
    form = AuditFilterForm(request.args)
    form.set_choices(users_for(partnership_id), actions)
    query = select(AuditEvent).where(AuditEvent.partnership_id == partnership_id)
    valid = True
    if any(key in request.args for key in FILTER_KEYS):
        valid = form.validate()
        query = _apply_filters(query, form) if valid else query.where(False)
    page = keyset_page(
        db.session,
        query,
        (AuditEvent.occurred_at, AuditEvent.id),
        number=request.args.get("page", 1, type=int),
        size=PAGE_SIZE,
        total=count(db.session, query),
        key=request.args.get("from"),
        descending=True,
    )
    for event in page.rows:
        db.session.expunge(event)  # shown after the commit below, without reading each one again
    record(
        "audit.searched",
        f"{current_user.name} viewed the audit log",
        actor=current_user._get_current_object(),
        data={key: request.args.getlist(key) for key in (*FILTER_KEYS, "page") if key in request.args},
    )
    db.session.commit()
    page_args = {key: request.args.getlist(key) for key in FILTER_KEYS if key in request.args}
    return render_template(
        "audit/audit-log.html", form=form, events=page.rows, page=page, valid=valid, page_args=page_args
    )
