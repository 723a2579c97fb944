"""User administration pages for partnership admins."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from dhr.agencies.models import Agency
from dhr.agencies.services import agencies_for
from dhr.audit.models import AuditEvent
from dhr.auth import two_step
from dhr.auth.models import User
from dhr.auth.services import find_user_by_email, send_invitation, send_password_reset
from dhr.auth.sessions import open_session_count
from dhr.core.forms import ConfirmForm
from dhr.core.saving import attempt
from dhr.core.wording import counted
from dhr.extensions import db
from dhr.permissions import Permission, requires
from dhr.users import services
from dhr.users.forms import NO_AGENCY, EditUserForm, InviteUserForm

bp = Blueprint("users", __name__, url_prefix="/admin/users")


def _user_or_404(user_id: int) -> User:
    """A user of the current partnership; anyone else's is 'not found'."""
    user = db.session.get(User, user_id)
    if user is None or user.partnership_id != current_user.partnership_id:
        abort(404)
    return user


def _agency_or_none(agency_id: int | None) -> Agency | None:
    if agency_id is None:
        return None
    agency = db.session.get(Agency, agency_id)
    if agency is None or agency.partnership_id != current_user.partnership_id:
        abort(400)
    return agency


@bp.route("")
@requires(Permission.MANAGE_USERS)
def list_users():
    """Every user in the partnership."""
    return render_template("users/list-users.html", users=services.users_for(current_user.partnership_id))


@bp.route("/invite", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def invite_user():
    """Create an account and email an invitation link, or add someone who already has an account."""
    form = InviteUserForm()
    form.set_agency_choices(agencies_for(current_user.partnership_id, active_only=True))
    already = form.is_submitted() and find_user_by_email(form.email.data or "") is not None
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.invite_user(
                partnership=current_user.partnership,
                email=form.email.data,
                name=form.name.data,
                agency=_agency_or_none(form.chosen_agency_id()),
                roles=form.chosen_roles(),
                actor=current_user._get_current_object(),
            ),
            form=form,
            field="email",
            done=lambda user: (
                f"{user.name} already had an account: they have been added to {current_user.partnership.name}"
                if already
                else f"Invitation sent to {user.email}"
            ),
            to=lambda user: url_for("users.view_user", user_id=user.id),
        )
    ):
        return saved
    return render_template("users/invite-user.html", form=form)


@bp.route("/<int:user_id>")
@requires(Permission.MANAGE_USERS)
def view_user(user_id: int):
    """One user's details, status and recent audit history."""
    user = _user_or_404(user_id)
    history = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == "User", AuditEvent.object_id == user.id)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(10)
    ).all()
    return render_template(
        "users/view-user.html", user=user, history=history, sessions_open=open_session_count(user), form=ConfirmForm()
    )


@bp.route("/<int:user_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def edit_user(user_id: int):
    """Change a user's name, agency and partnership roles."""
    user = _user_or_404(user_id)
    form = EditUserForm(
        data={
            "name": user.name,
            "agency": str(user.agency_id) if user.agency_id else NO_AGENCY,
            "roles": [role.value for role in user.role_set],
        }
    )
    form.set_agency_choices(agencies_for(current_user.partnership_id))
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.update_user(
                user,
                name=form.name.data,
                agency=_agency_or_none(form.chosen_agency_id()),
                roles=form.chosen_roles(),
                actor=current_user._get_current_object(),
            ),
            form=form,
            field="roles",
            done=lambda _: f"{user.name}'s details have been saved",
            to=url_for("users.view_user", user_id=user.id),
        )
    ):
        return saved
    return render_template("users/edit-user.html", form=form, user=user)


@bp.route("/<int:user_id>/deactivate", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def deactivate_user(user_id: int):
    """Confirm, then deactivate a user and end all their sessions."""
    user = _user_or_404(user_id)
    form = ConfirmForm()
    error = None
    if form.validate_on_submit():
        try:
            ended = services.set_user_active(user, False, actor=current_user._get_current_object())
        except services.AccountError as exc:
            error = str(exc)
        else:
            db.session.commit()
            flash(f"{user.name} has been deactivated and {counted(ended, 'open session')} ended", "success")
            return redirect(url_for("users.view_user", user_id=user.id))
    return render_template("users/deactivate-user.html", form=form, user=user, error=error)


@bp.route("/<int:user_id>/reactivate", methods=["POST"])
@requires(Permission.MANAGE_USERS)
def reactivate_user(user_id: int):
    """Let a deactivated user sign in again."""
    user = _user_or_404(user_id)
    if ConfirmForm().validate_on_submit():
        services.set_user_active(user, True, actor=current_user._get_current_object())
        db.session.commit()
        flash(f"{user.name} has been reactivated", "success")
    return redirect(url_for("users.view_user", user_id=user.id))


@bp.route("/<int:user_id>/send-password-link", methods=["POST"])
@requires(Permission.MANAGE_USERS)
def send_password_link(user_id: int):
    """Email a password reset link, or a fresh invitation if the user never set a password."""
    user = _user_or_404(user_id)
    if not user.active:
        flash("Reactivate this user before sending them a link", "error")
    elif ConfirmForm().validate_on_submit():
        actor = current_user._get_current_object()
        if user.has_password:
            send_password_reset(user, actor=actor)
            flash(f"A password reset link has been sent to {user.email}", "success")
        else:
            send_invitation(user, actor=actor)
            flash(f"A new invitation has been sent to {user.email}", "success")
        db.session.commit()
    return redirect(url_for("users.view_user", user_id=user.id))


@bp.route("/<int:user_id>/reset-two-step", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def reset_two_step(user_id: int):
    """Confirm, then reset a person's two-step verification (a lost phone): every session of theirs ends."""
    user = _user_or_404(user_id)
    if not user.has_two_step:
        flash(f"{user.name} has not set up two-step verification", "info")
        return redirect(url_for("users.view_user", user_id=user.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        ended = two_step.reset(user, actor=current_user._get_current_object())
        db.session.commit()
        flash(
            f"{user.name}'s two-step verification has been reset and {counted(ended, 'open session')} ended. "
            "They will set it up again when they next sign in.",
            "success",
        )
        return redirect(url_for("users.view_user", user_id=user.id))
    return render_template("users/reset-two-step.html", form=form, user=user)
