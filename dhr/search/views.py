"""The search page behind the search box on every page."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from dhr.extensions import db
from dhr.permissions import signed_in
from dhr.search.queries import search

bp = Blueprint("search", __name__, url_prefix="/search")
MAX_QUERY = 200


@bp.route("")
@signed_in
def results():
    """What the words find across every review the person may see; each result only as its page would show it."""
    query = " ".join((request.args.get("q") or "").split())[:MAX_QUERY]
    found = search(current_user, query) if query else None
    db.session.commit()  # an identity match's audit event
    return render_template("search/results.html", query=query, found=found)
