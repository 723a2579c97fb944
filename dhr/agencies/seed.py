"""Looking up the demo partnership's agencies, for every module's seed."""

from sqlalchemy import select

from dhr.agencies.models import Agency
from dhr.extensions import db


def agency_of(partnership_id: int, code: str) -> Agency:
    """The partnership's agency with this code."""
    return db.session.scalar(select(Agency).where(Agency.partnership_id == partnership_id, Agency.code == code))
