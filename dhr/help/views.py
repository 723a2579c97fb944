"""The help pages: an index of the roles, the signed-in person's own first, and one page per role."""

from flask import Blueprint, abort, render_template
from flask_login import current_user

from dhr.help.guide import current_guide
from dhr.help.roles import BY_SLUG, ROLE_PAGES, own_slugs
from dhr.permissions import signed_in

bp = Blueprint("help", __name__, url_prefix="/help")


@bp.route("")
@signed_in
def index():
    """Every role's help page, those for the person's own roles first."""
    own = own_slugs(current_user)
    return render_template(
        "help/index.html",
        intro=current_guide().render(None),
        own=[page for page in ROLE_PAGES if page.slug in own],
        others=[page for page in ROLE_PAGES if page.slug not in own],
    )


@bp.route("/<role_slug>")
@signed_in
def role(role_slug: str):
    """One role's part of the user guide; anyone signed in may read any role's."""
    page = BY_SLUG.get(role_slug)
    if page is None:
        abort(404)
    guide = current_guide()
    return render_template(
        "help/role.html", page=page, body=guide.render(page.slug), contents=guide.contents(page.slug)
    )
