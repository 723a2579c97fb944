"""Before every request: a request id, the route gate, and the idle-session timeout."""

import secrets

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_login import current_user, logout_user

from dhr.core import clock
from dhr.extensions import db
from dhr.permissions import PUBLIC, gate_of

IDLE_KEY = "seen"


def _sign_in_redirect():
    target = request.full_path if request.method == "GET" else None
    if target and target.endswith("?"):
        target = target[:-1]
    return redirect(url_for("auth.sign_in", next=target) if target and target != "/" else url_for("auth.sign_in"))


def _idle_timed_out() -> bool:
    seen = session.get(IDLE_KEY)
    limit = current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
    return seen is None or clock.now().timestamp() - float(seen) > limit


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
        return _sign_in_redirect()
    if _idle_timed_out():
        from dhr.auth.services import time_out

        time_out(current_user._get_current_object(), current_user.session_token)
        db.session.commit()
        logout_user()
        session.clear()
        minutes = int(current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds() // 60)
        flash(f"You were signed out because you had not done anything for {minutes} minutes.", "info")
        return _sign_in_redirect()
    session[IDLE_KEY] = clock.now().timestamp()
    return None
