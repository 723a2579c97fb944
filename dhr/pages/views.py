"""Pages anyone may open: the health check and the accessibility statement."""

from flask import Blueprint, jsonify, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from dhr.extensions import db
from dhr.permissions import public

bp = Blueprint("pages", __name__)


@bp.route("/health")
@public
def health():
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.route("/accessibility")
@public
def accessibility():
    """The accessibility statement, linked from every page's footer."""
    return render_template("pages/accessibility.html")
