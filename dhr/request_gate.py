"""Before every request: a request id, the route gate, and the idle-session timeout."""

import secrets

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, logout_user

from dhr.auth.kept_forms import (
    PARTNERSHIP_FIELD,
    TIMED_OUT_FIELD,
    WAITING_KEY,
    keep_typed,
    leave_waiting_page,
    recently_ended,
    remember_ended,
)
from dhr.auth.membership import partnership_in_view
from dhr.auth.sessions import IDLE_KEY
from dhr.core import clock
from dhr.extensions import db
from dhr.permissions import PUBLIC, gate_of


def _keep_for(user) -> str | None:
    """Keep a POST's typed text for the user whose session has just ended; the page to return to, if kept."""
    if user is None or request.method != "POST":
        return None
    page = keep_typed(user)
    db.session.commit()
    return page


def _sign_in_redirect(page: str | None = None):
    """To the sign-in page, coming back afterwards to this page (a GET) or to the page a kept form was on."""
    target = request.full_path if request.method == "GET" else page
    if target and target.endswith("?"):
        target = target[:-1]
    return redirect(url_for("auth.sign_in", next=target) if target and target != "/" else url_for("auth.sign_in"))


def _idle_timed_out() -> bool:
    seen = session.get(IDLE_KEY)
    limit = current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
    return seen is None or clock.now().timestamp() - float(seen) > limit


def _signed_out():
    """No session: to sign in, keeping a form's text if this browser's session ended moments ago."""
    ended_now = g.pop("session_ended_user", None)
    if ended_now is not None:
        remember_ended(ended_now)  # this request found the 12-hour limit: later forms from other tabs count too
    page = _keep_for(ended_now or recently_ended())
    if page:
        flash("You were signed out. We have kept what you typed and will put it back when you sign in.", "info")
    return _sign_in_redirect(page)


def _time_out(user):
    """End an idle session, keeping a form's text, and send the person to sign in."""
    from dhr.auth.services import time_out

    page = _keep_for(user)
    time_out(user, current_user.session_token)
    db.session.commit()
    logout_user()
    # Keep the CSRF secret and whose session it was for a few minutes, so a form another tab sends after this
    # one noticed the timeout is kept too, not refused.
    csrf_secret = session.get("csrf_token")
    session.clear()
    if csrf_secret:
        session["csrf_token"] = csrf_secret
    remember_ended(user)
    minutes = int(current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds() // 60)
    kept = " We have kept what you typed and will put it back when you sign in." if page else ""
    flash(f"You were signed out because you had not done anything for {minutes} minutes.{kept}", "info")
    return _sign_in_redirect(page)


def _keep_not_act(user):
    """This tab's timer ran out while another tab kept the session alive: keep the text, act on nothing."""
    page = _keep_for(user)
    if page is None:
        return redirect(url_for("dashboard.index"))
    session[WAITING_KEY] = page
    return redirect(page)


# Forms of a page carry the partnership it showed (the form macro adds it); these act on no partnership's records.
_ANY_PARTNERSHIP = {"switch.switch", "auth.sign_out"}


def _from_another_partnership() -> bool:
    """A POST from a page of another partnership than the session's now: the person switched in another tab."""
    sent = request.form.get(PARTNERSHIP_FIELD)
    return bool(sent) and request.endpoint not in _ANY_PARTNERSHIP and sent != str(partnership_in_view())


def _stale_partnership(user):
    """Keep what was typed on a page of the partnership the person has switched away from, act on nothing, and
    offer to switch back to finish it."""
    page = _keep_for(user)
    return redirect(url_for("switch.switch", back=request.form.get(PARTNERSHIP_FIELD), next=page or None))


def enforce_gate():
    """Require sign-in for everything not declared public; refuse endpoints that declared no gate at all."""
    g.request_id = secrets.token_hex(8)
    if request.endpoint is None:
        return None  # 404/405 from routing: let the error handlers answer
    view = current_app.view_functions.get(request.endpoint)
    gate = gate_of(view)
    if gate is None and request.endpoint != "static":
        abort(404)  # fail closed: an endpoint that declared no gate does not exist
    if gate == PUBLIC or request.endpoint == "static":
        return None
    if not current_user.is_authenticated:
        return _signed_out()
    user = current_user._get_current_object()
    if _idle_timed_out():
        return _time_out(user)
    if request.method == "POST" and request.form.get(TIMED_OUT_FIELD):
        return _keep_not_act(user)
    if request.method == "POST" and _from_another_partnership():
        return _stale_partnership(user)
    if request.method == "GET":
        leave_waiting_page()
    g.idle_restarted = True
    session[IDLE_KEY] = clock.now().timestamp()
    return None
