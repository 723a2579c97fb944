"""The Themes page: the partnership's taxonomy for tagging recommendations, kept by its administrators and
coordinators."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from dhr.core.forms import ConfirmForm
from dhr.core.saving import attempt
from dhr.extensions import db
from dhr.permissions import Permission, requires
from dhr.recommendations import themes as service
from dhr.recommendations.forms import ThemeForm
from dhr.recommendations.models import Theme
from dhr.recommendations.services import themes_for
from dhr.reviews.views.common import actor

bp = Blueprint("themes", __name__, url_prefix="/themes")


def _theme_or_404(theme_id: int) -> Theme:
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme.partnership_id != current_user.partnership_id:
        abort(404)
    return theme


def _back():
    return redirect(url_for("themes.list_themes"))


@bp.route("")
@requires(Permission.MANAGE_THEMES)
def list_themes():
    """The partnership's themes in the order the recommendation form offers them, retired ones marked."""
    themes = themes_for(current_user.partnership_id, active_only=False)
    return render_template("recommendations/list-themes.html", themes=themes, form=ConfirmForm())


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_THEMES)
def add_theme():
    """Add a theme at the end of the list."""
    form = ThemeForm()
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: service.add_theme(current_user.partnership_id, label=form.label.data, actor=actor()),
            form=form,
            field="label",
            done=lambda added: f"Theme {added.label} added",
            to=url_for("themes.list_themes"),
        )
    ):
        return saved
    return render_template("recommendations/theme-form.html", form=form, theme=None)


@bp.route("/<int:theme_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_THEMES)
def rename_theme(theme_id: int):
    """Rename a theme: every recommendation tagged with it shows the new name."""
    theme = _theme_or_404(theme_id)
    form = ThemeForm(data={"label": theme.label})
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: service.rename_theme(theme, label=form.label.data, actor=actor()), form=form, field="label"
        )
    ):
        if saved.value:
            flash(f"Theme renamed to {theme.label}", "success")
        return _back()
    return render_template("recommendations/theme-form.html", form=form, theme=theme)


def _confirmed() -> None:
    if not ConfirmForm().validate_on_submit():
        abort(400)


@bp.route("/<int:theme_id>/retire", methods=["POST"])
@requires(Permission.MANAGE_THEMES)
def retire_theme(theme_id: int):
    """Stop offering a theme for new recommendations; the ones tagged with it keep it."""
    theme = _theme_or_404(theme_id)
    _confirmed()
    if service.set_active(theme, False, actor=actor()):
        db.session.commit()
        flash(f"Theme {theme.label} retired", "success")
    return _back()


@bp.route("/<int:theme_id>/restore", methods=["POST"])
@requires(Permission.MANAGE_THEMES)
def restore_theme(theme_id: int):
    """Offer a retired theme again."""
    theme = _theme_or_404(theme_id)
    _confirmed()
    if service.set_active(theme, True, actor=actor()):
        db.session.commit()
        flash(f"Theme {theme.label} restored", "success")
    return _back()


@bp.route("/<int:theme_id>/move", methods=["POST"])
@requires(Permission.MANAGE_THEMES)
def move_theme(theme_id: int):
    """Move a theme one place up or down (direction=up|down)."""
    theme = _theme_or_404(theme_id)
    _confirmed()
    if service.move(theme, request.form.get("direction", ""), actor=actor()):
        db.session.commit()
    return redirect(url_for("themes.list_themes", _anchor=f"theme-{theme.id}"))


@bp.route("/defaults", methods=["POST"])
@requires(Permission.MANAGE_THEMES)
def add_default_themes():
    """Start a partnership with no themes from the Home Office library's taxonomy."""
    _confirmed()
    added = service.add_defaults(current_user.partnership, actor=actor())
    if added:
        db.session.commit()
        flash(f"{added} themes added", "success")
    return _back()
