"""The inbox: each person's notifications, newest first, with read and unread, filters, and a link to each thing."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from dhr.core.forms import ConfirmForm
from dhr.core.saving import attempt
from dhr.extensions import db
from dhr.mail.models import MailChoice
from dhr.notifications import emails, services
from dhr.notifications.audiences import TABLE, Category
from dhr.notifications.forms import PreferencesForm
from dhr.notifications.models import Notification
from dhr.permissions import signed_in

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

PAGE_SIZE = 25
KINDS_OF = {category: [kind for kind, rows in TABLE.items() if rows[0].category is category] for category in Category}


@bp.app_context_processor
def _inbox_in_the_header() -> dict:
    return {"inbox_nav_item": _inbox_nav_item}


def _inbox_nav_item() -> dict | None:
    """The header's link to the inbox, with the unread count; None when nobody is signed in."""
    if not current_user.is_authenticated:
        return None
    try:
        count = services.unread_count(current_user)
    except SQLAlchemyError:  # an error page while the database is away still needs its header
        db.session.rollback()
        count = 0
    label = Markup("Notifications")
    if count:
        label += Markup(
            ' <strong class="dhr-count">{}</strong><span class="govuk-visually-hidden"> unread</span>'
        ).format(count)
    return {"html": label, "href": url_for("notifications.inbox"), "active": request.blueprint == "notifications"}


def _own(notification_id: int) -> Notification:
    """The signed-in person's own notification, or 404 (another person's id does not exist here)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    if notification.partnership_id != current_user.partnership_id:
        abort(404)  # another partnership's: it exists only while working there
    return notification


def _page_number() -> int:
    value = request.args.get("page", "1")
    return max(int(value), 1) if value.isdigit() else 1


@bp.route("")
@signed_in
def inbox():
    """The person's notifications, newest first; ?show=unread and ?category= filter, ?page= pages."""
    unread_only = request.args.get("show") == "unread"
    category = request.args.get("category", "")
    chosen = Category(category) if category in {c.value for c in Category} else None
    query = select(Notification).where(services.addressed_to(current_user))
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    if chosen is not None:
        query = query.where(Notification.kind.in_(KINDS_OF[chosen]))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = min(_page_number(), max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1))
    rows = db.session.scalars(
        query.order_by(Notification.created_at.desc(), Notification.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return render_template(
        "notifications/inbox.html",
        notifications=rows,
        total=total,
        page=page,
        pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        unread_only=unread_only,
        category=chosen,
        categories=list(Category),
        labels={kind: rows_[0].label for kind, rows_ in TABLE.items()},
        unread=services.unread_count(current_user),
        form=ConfirmForm(),
    )


@bp.route("/<int:notification_id>")
@signed_in
def open_notification(notification_id: int):
    """Mark it read and go to the thing it is about."""
    notification = _own(notification_id)
    services.mark_read(notification, actor=current_user._get_current_object())
    db.session.commit()
    link = notification.link
    # Only a path in this app: a stored link can never send anyone elsewhere.
    local = link.startswith("/") and not link.startswith("//") and "\\" not in link
    return redirect(link if local else url_for("dashboard.index"), 303)


@bp.route("/<int:notification_id>/read", methods=["POST"])
@signed_in
def mark_read(notification_id: int):
    """Mark one notification read without opening it."""
    notification = _own(notification_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.mark_read(notification, actor=current_user._get_current_object())
    db.session.commit()
    return redirect(url_for("notifications.inbox", **request.args), 303)


@bp.route("/read-all", methods=["POST"])
@signed_in
def mark_all_read():
    """Mark every notification read."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    count = services.mark_all_read(current_user._get_current_object())
    db.session.commit()
    flash(
        f"{count} notification{'' if count == 1 else 's'} marked as read" if count else "Nothing was unread", "success"
    )
    return redirect(url_for("notifications.inbox"), 303)


@bp.route("/preferences", methods=["GET", "POST"])
@signed_in
def preferences():
    """Which notifications the person has emailed: at once, in a daily digest, or not at all, per category."""
    person = current_user._get_current_object()
    current = emails.choices_of(person)
    form = PreferencesForm(data={category.value: choice.value for category, choice in current.items()})
    if form.validate_on_submit():
        chosen = {category: MailChoice(form[category.value].data) for category in Category}

        def _done(changed: list) -> str:
            return "Email preferences saved" if changed else "Nothing changed"

        saved = attempt(
            lambda: emails.set_choices(person, chosen, actor=person),
            form=form,
            done=_done,
            to=url_for("notifications.preferences"),
        )
        if saved is not None:
            return saved
    return render_template(
        "notifications/preferences.html", form=form, categories=list(Category), always_sent=emails.ALWAYS_SENT
    )
