"""The outbox: where mail waits when no SMTP server is configured, and the record of what was sent."""

from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user
from sqlalchemy import select

from dhr.audit.services import record
from dhr.extensions import db
from dhr.mail.channels import channel_for
from dhr.mail.models import OutboxMessage
from dhr.mail.services import max_attempts
from dhr.permissions import Permission, requires

bp = Blueprint("mail", __name__, url_prefix="/admin/outbox")


@bp.route("")
@requires(Permission.VIEW_OUTBOX)
def list_outbox():
    """The partnership's most recent 200 messages, with each one's delivery status."""
    messages = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.partnership_id == current_user.partnership_id)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(200)
    ).all()
    channel = channel_for(current_app.config)
    return render_template(
        "mail/list-outbox.html",
        messages=messages,
        channel=channel.name if channel else None,
        max_attempts=max_attempts(),
    )


@bp.route("/<int:message_id>")
@requires(Permission.VIEW_OUTBOX)
def view_message(message_id: int):
    """One message. Reading a held message is audited, because it may carry a sign-in link."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.partnership_id != current_user.partnership_id:
        abort(404)
    record(
        "mail.viewed",
        f"{current_user.name} read an outbox message to {message.to_address}",
        actor=current_user._get_current_object(),
        obj=message,
    )
    db.session.commit()
    return render_template("mail/view-message.html", message=message)
