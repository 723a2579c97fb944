"""Review pages. `bp` is shared by the modules below, one per area."""

from flask import Blueprint

bp = Blueprint("reviews", __name__, url_prefix="/reviews")

from dhr.reviews.views import members, pages, people, stage  # noqa: E402,F401 - registers the routes
