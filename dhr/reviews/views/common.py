"""Helpers shared by the review views."""

from flask import abort, g, render_template
from flask_login import current_user

from dhr.extensions import db


def actor():
    """The signed-in user as a model instance (services record it)."""
    return current_user._get_current_object()


def review_page(template: str, **context):
    """Render a page inside the review layout, with the review to hand (templates ask can('verb', review))."""
    return render_template(template, review=g.review, **context)


def in_review(model, object_id: int, review):
    """An object that belongs to this review, or 404 (another review's id does not exist here)."""
    obj = db.session.get(model, object_id)
    if obj is None or obj.review_id != review.id:
        abort(404)
    return obj
