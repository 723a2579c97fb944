"""Looking up the demo partnership's people, for every module's seed."""

from sqlalchemy import select

from dhr.auth.membership import members_of
from dhr.auth.models import User
from dhr.extensions import db


def people_of(partnership_id: int) -> dict:
    """The partnership's users by the part of their email before the @ ('coordinator', 'chair', ...)."""
    users = db.session.scalars(select(User).where(members_of(partnership_id)))
    return {user.email.split("@")[0]: user for user in users}
