"""Switching the partnership a session works in, for people who work for more than one."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from sqlalchemy import select
from wtforms import HiddenField, RadioField, SubmitField

from dhr.audit.services import record
from dhr.auth.kept_forms import mark_waiting
from dhr.auth.membership import partnership_in_view
from dhr.auth.sessions import switch_partnership
from dhr.core.forms import BaseForm, Required, choices
from dhr.core.safe_paths import local_path
from dhr.extensions import db
from dhr.partnerships.models import Partnership
from dhr.permissions import signed_in

bp = Blueprint("switch", __name__)


class SwitchPartnershipForm(BaseForm):
    """Choose the partnership to work in."""

    partnership = RadioField(
        "Which partnership do you want to work in?",
        validators=[Required("Select the partnership to work in")],
        invalid_choice_message="Select a partnership you work for",
        widget=GovRadioInput(),
    )
    next = HiddenField()
    submit = SubmitField("Switch partnership", widget=GovSubmitInput())


def _stale_partnership_name(user, back: str | None) -> str | None:
    """The name of the partnership a stale page belonged to, if the person works there."""
    if not back or not back.isdigit():
        return None
    membership = user.membership_in(int(back))
    return membership.partnership.name if membership is not None and membership.active else None


@bp.route("/switch-partnership", methods=["GET", "POST"])
@signed_in
def switch():
    """The partnerships the person works for; choosing one moves this session (every tab) to it."""
    user = current_user._get_current_object()
    ids = [m.partnership_id for m in user.active_memberships]
    names = dict(db.session.execute(select(Partnership.id, Partnership.name).where(Partnership.id.in_(ids))).all())
    form = SwitchPartnershipForm()
    form.partnership.choices = choices(sorted(names.items(), key=lambda pair: pair[1]))
    back = request.args.get("back")
    if request.method == "GET":
        form.partnership.data = back if _stale_partnership_name(user, back) else str(partnership_in_view())
        form.next.data = local_path(request.args.get("next")) or ""
    if form.validate_on_submit():
        before, chosen = partnership_in_view(), int(form.partnership.data)
        if not switch_partnership(user, user.session_token, chosen):
            abort(404)
        if chosen != before:
            record(
                "auth.partnership_switched",
                f"{user.name} switched to working in {user.membership_in(chosen).partnership.name}",
                actor=user,
                obj=user,
                partnership_id=chosen,
                data={"from": before, "to": chosen},
            )
        target = local_path(form.next.data)
        if target:
            mark_waiting(user, target)  # a form kept from that page comes back there
        db.session.commit()
        return redirect(target or url_for("dashboard.index"))
    return render_template(
        "auth/switch-partnership.html", form=form, stale_name=_stale_partnership_name(user, back), current=user
    )
