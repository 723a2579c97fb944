"""Dashboard: what the signed-in user can do next."""

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import func, select

from dhr.agencies.models import Agency
from dhr.auth.models import User
from dhr.extensions import db
from dhr.mail.models import MailStatus, OutboxMessage
from dhr.permissions import Permission, can, signed_in

bp = Blueprint("dashboard", __name__)


def _admin_summary(partnership_id: int) -> dict[str, int]:
    def count(query) -> int:
        return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0

    return {
        "active_users": count(select(User.id).where(User.partnership_id == partnership_id, User.active.is_(True))),
        "pending_invitations": count(
            select(User.id).where(
                User.partnership_id == partnership_id, User.active.is_(True), User.password_hash.is_(None)
            )
        ),
        "active_agencies": count(
            select(Agency.id).where(Agency.partnership_id == partnership_id, Agency.active.is_(True))
        ),
        "held_mail": count(
            select(OutboxMessage.id).where(
                OutboxMessage.partnership_id == partnership_id, OutboxMessage.status == MailStatus.HELD
            )
        ),
    }


@bp.route("/")
@signed_in
def index():
    """The home page after sign-in."""
    summary = _admin_summary(current_user.partnership_id) if can(current_user, Permission.MANAGE_USERS) else None
    return render_template("dashboard/index.html", summary=summary)
