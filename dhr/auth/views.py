"""Sign in and out, forgotten password, invitation and reset links, and the user's own account page."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from markupsafe import Markup

from dhr.auth import services
from dhr.auth import two_step as two_step_rules
from dhr.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    SetPasswordForm,
    SetUpTwoStepForm,
    SignInForm,
    TwoStepForm,
    words_for,
)
from dhr.auth.kept_forms import mark_waiting
from dhr.auth.models import TokenPurpose
from dhr.auth.sessions import IDLE_KEY, marked_person, open_session_count
from dhr.core import clock
from dhr.core.forms import ConfirmForm
from dhr.core.safe_paths import local_path
from dhr.extensions import db, limiter
from dhr.permissions import public, signed_in

bp = Blueprint("auth", __name__)
# In the signed cookie between the password and the second step, and the secret being set up until its first
# code confirms it (so it is never in the database unconfirmed, where someone else could have planted it).
PENDING_KEY = "two_step_pending"
SETUP_KEY = "two_step_setup"


def _account_key() -> str:
    # Per account, not per address: a whole council office can sit behind one NAT address.
    return (request.form.get("email") or "").strip().lower()[:254]


def safe_next(target: str | None) -> str:
    """Only a path on this site (open-redirect guard), else the dashboard."""
    return local_path(target) or url_for("dashboard.index")


def _failed(response) -> bool:
    return response.status_code != 302


def _user_key() -> str:
    return f"user-{current_user.get_id() and current_user.id}"


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
    """Sign in with email and password; a second step follows for those who use or need it."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = SignInForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None and not services.may_use_password(user):
            db.session.commit()  # the audit record of the refusal
            form.password.errors.append(
                "Your partnership has turned off password sign-in. Use “Sign in with your organisation” instead"
            )
            return render_template("auth/sign-in.html", form=form)
        if user is not None:
            session.clear()  # a fresh cookie at sign-in defeats session fixation
            if two_step_rules.must_verify(user):
                session[PENDING_KEY] = {
                    "user": user.id,
                    "at": clock.now().timestamp(),
                    "next": safe_next(request.args.get("next")),
                }
                db.session.commit()  # the audit record of the password step
                return redirect(url_for("auth.two_step" if user.has_two_step else "auth.set_up_two_step"))
            return complete_sign_in(user, safe_next(request.args.get("next")), second_step=None)
        db.session.commit()  # keep the audit record of the failure
        form.email.errors.append("Enter a correct email address and password")
        form.password.errors.append("Enter a correct email address and password")
    return render_template("auth/sign-in.html", form=form)


def complete_sign_in(user, target: str, *, second_step: str | None, then=None):
    """Open the session, set the cookie, and go on to the target (or answer with `then()`)."""
    session.clear()
    services.sign_in(
        user, remote_addr=request.remote_addr, user_agent=request.user_agent.string, second_step=second_step
    )
    db.session.commit()
    login_user(user)
    session[IDLE_KEY] = clock.now().timestamp()
    mark_waiting(user, target)
    return then() if then is not None else redirect(target)


def _pending_user():
    """The person who gave a correct password moments ago and has a second step to make, or None."""
    user = marked_person(PENDING_KEY, current_app.config["TWO_STEP_WAIT"].total_seconds())
    if user is None:
        session.pop(PENDING_KEY, None)
    return user


def _pending_key() -> str:
    pending = session.get(PENDING_KEY)
    return f"pending-{pending.get('user')}" if isinstance(pending, dict) else "pending-none"


# One count per person across the code page and the set-up page. Every attempt counts before it is checked, so
# guesses sent all at once cannot pass the check before any is counted.
_pending_limit = limiter.limit(
    lambda: current_app.config["TWO_STEP_LIMIT"], key_func=_pending_key, methods=["POST"], scope="two-step"
)


def _start_again():
    flash("Sign in again to continue: the time to enter your code ran out.", "info")
    return redirect(url_for("auth.sign_in"))


@bp.route("/sign-in/two-step", methods=["GET", "POST"])
@_pending_limit
@public
def two_step():
    """The second step: a code from the authenticator app, or a recovery code."""
    user = _pending_user()
    if user is None or not user.has_two_step:
        return _start_again()
    form = TwoStepForm()
    if form.validate_on_submit():
        how = two_step_rules.verify(user, form.code.data)
        if how is not None:
            return complete_sign_in(user, safe_next(session[PENDING_KEY].get("next")), second_step=how)
        db.session.commit()
        form.code.errors.append("Enter a correct security code")
    return render_template("auth/two-step.html", form=form)


@bp.route("/sign-in/set-up-two-step", methods=["GET", "POST"])
@_pending_limit
@public
def set_up_two_step():
    """First sign-in of someone who must use two-step verification: set up the app, then sign in."""
    user = _pending_user()
    if user is None or user.has_two_step:
        return _start_again()
    target = safe_next(session[PENDING_KEY].get("next"))

    def _done(codes: list[str]):
        return complete_sign_in(
            user, target, second_step="totp", then=lambda: _codes_page(codes, target, first_time=True)
        )

    return _set_up_page(user, on_done=_done)


def _codes_page(codes: list[str], target: str, *, first_time: bool):
    """The recovery codes, shown once, in this response only: they are kept nowhere but as hashes."""
    return render_template("auth/recovery-codes.html", codes=codes, target=target, first_time=first_time)


def _set_up_page(user, *, on_done):
    """The set-up page: QR code and key, then the first code; on success the recovery codes are kept to show once."""
    setting_up = session.get(SETUP_KEY)
    if not isinstance(setting_up, dict) or setting_up.get("user") != user.id:
        setting_up = {"user": user.id, "secret": two_step_rules.new_secret()}
        session[SETUP_KEY] = setting_up
    secret = str(setting_up["secret"])
    form = SetUpTwoStepForm()
    if form.validate_on_submit():
        codes = two_step_rules.confirm_enrolment(user, secret, form.code.data)
        if codes is not None:
            session.pop(SETUP_KEY, None)
            return on_done(codes)
        db.session.commit()
        form.code.errors.append("Enter the code your authenticator app shows now")
    uri = two_step_rules.setup_uri(user, secret)
    return render_template(
        "auth/set-up-two-step.html",
        form=form,
        qr=Markup(two_step_rules.qr_svg(uri)),  # noqa: S704 - SVG drawn by segno from our own address
        key=two_step_rules.spaced(secret),
        required=two_step_rules.required(user),
    )


@bp.route("/account/two-step", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["TWO_STEP_LIMIT"], key_func=_user_key, methods=["POST"], scope="two-step-account"
)
@signed_in
def account_two_step():
    """Set up two-step verification from your account, or see how many recovery codes are left."""
    user = current_user._get_current_object()
    if user.has_two_step:
        return render_template("auth/two-step-status.html", left=two_step_rules.recovery_codes_left(user))

    def _done(codes: list[str]):
        db.session.commit()
        return _codes_page(codes, url_for("auth.account"), first_time=True)

    return _set_up_page(user, on_done=_done)


@bp.route("/account/recovery-codes", methods=["POST"])
@signed_in
def new_recovery_codes():
    """Make new recovery codes; the old ones stop working."""
    user = current_user._get_current_object()
    if not user.has_two_step or not ConfirmForm().validate_on_submit():
        return redirect(url_for("auth.account_two_step"))
    codes = two_step_rules.replace_recovery_codes(user)
    db.session.commit()
    return _codes_page(codes, url_for("auth.account"), first_time=False)


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
