"""Sign in and out, forgotten password, invitation and reset links, and the user's own account page."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from dhr.auth import services
from dhr.auth.forms import ChangePasswordForm, ForgotPasswordForm, SetPasswordForm, SignInForm, words_for
from dhr.auth.kept_forms import mark_waiting
from dhr.auth.models import TokenPurpose
from dhr.auth.sessions import IDLE_KEY, open_session_count
from dhr.core import clock
from dhr.core.safe_paths import local_path
from dhr.extensions import db, limiter
from dhr.permissions import public, signed_in

bp = Blueprint("auth", __name__)


def _account_key() -> str:
    # Per account, not per address: a whole council office can sit behind one NAT address.
    return (request.form.get("email") or "").strip().lower()[:254]


def _safe_next(target: str | None) -> str:
    """Only a path on this site (open-redirect guard), else the dashboard."""
    return local_path(target) or url_for("dashboard.index")


def _failed(response) -> bool:
    return response.status_code != 302


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["SIGN_IN_ACCOUNT_LIMIT"],
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_failed,
    scope="sign-in-account",
)
@limiter.limit(
    lambda: current_app.config["SIGN_IN_ADDRESS_LIMIT"], methods=["POST"], deduct_when=_failed, scope="sign-in-address"
)
@public
def sign_in():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            session.clear()  # a fresh cookie at sign-in defeats session fixation
            services.sign_in(user, remote_addr=request.remote_addr, user_agent=request.user_agent.string)
            db.session.commit()
            login_user(user)
            session[IDLE_KEY] = clock.now().timestamp()
            mark_waiting(user)
            return redirect(_safe_next(request.args.get("next")))
        db.session.commit()  # keep the audit record of the failure
        form.email.errors.append("Enter a correct email address and password")
        form.password.errors.append("Enter a correct email address and password")
    return render_template("auth/sign-in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@signed_in
def sign_out():
    """End the session on the server, then clear the cookie."""
    services.sign_out(current_user._get_current_object(), current_user.session_token)
    db.session.commit()
    logout_user()
    session.clear()
    flash("You have signed out.", "success")
    response = redirect(url_for("auth.sign_in"))
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/session/keep-alive", methods=["POST"])
@signed_in
def keep_alive():
    """ "Stay signed in" from the timeout warning: passing the gate has already restarted the idle timer."""
    return "", 204


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["PASSWORD_RESET_LIMIT"],
    key_func=_account_key,
    methods=["POST"],
    scope="password-reset-account",
)
@limiter.limit(
    lambda: current_app.config["PASSWORD_RESET_ADDRESS_LIMIT"], methods=["POST"], scope="password-reset-address"
)
@public
def forgot_password():
    """Ask for a reset link. The answer is the same whether or not the email is known."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        return render_template("auth/check-email.html", email=form.email.data)
    return render_template("auth/forgot-password.html", form=form)


def _set_password_page(token: str, purpose: TokenPurpose, template: str):
    row = services.usable_token(token, purpose)
    if row is None:
        return render_template("auth/link-expired.html", purpose=purpose), 404
    form = SetPasswordForm()
    form.user_words = words_for(row.user)
    if form.validate_on_submit():
        user = services.set_password_from_token(row, form.password.data)
        db.session.commit()
        flash(f"Your password has been saved. Sign in as {user.email} to continue.", "success")
        return redirect(url_for("auth.sign_in"))
    return render_template(template, form=form, user=row.user)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    """Choose a new password from a single-use emailed link."""
    return _set_password_page(token, TokenPurpose.PASSWORD_RESET, "auth/reset-password.html")


@bp.route("/accept-invite/<token>", methods=["GET", "POST"])
@public
def accept_invite(token: str):
    """Choose a first password from an invitation link."""
    return _set_password_page(token, TokenPurpose.INVITE, "auth/accept-invite.html")


@bp.route("/account")
@signed_in
def account():
    """The signed-in user's own details."""
    return render_template("auth/account.html", sessions_open=open_session_count(current_user))


def _user_key() -> str:
    return f"user-{current_user.get_id() and current_user.id}"


@bp.route("/account/change-password", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["SIGN_IN_ACCOUNT_LIMIT"],
    key_func=_user_key,
    methods=["POST"],
    deduct_when=_failed,
    scope="change-password",
)
@signed_in
def change_password():
    """Change your password; every other session ends."""
    form = ChangePasswordForm()
    form.user_words = words_for(current_user)
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if services.change_password(user, form.current_password.data, form.password.data):
            db.session.commit()
            logout_user()
            session.clear()
            flash("Your password has been changed. Sign in with your new password.", "success")
            return redirect(url_for("auth.sign_in"))
        db.session.commit()
        form.current_password.errors.append("Your current password is not correct")
    return render_template("auth/change-password.html", form=form)
