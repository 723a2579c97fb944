"""Meeting pages: one blueprint, its routes split by what they change."""

from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/reviews/<int:review_id>/meetings")

from dhr.meetings.views import actions, agenda, attendance, meetings  # noqa: E402, F401 - registers the routes
