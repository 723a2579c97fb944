"""The personal feed: making, stopping and reading a secret address, and writing the entries as iCalendar."""

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from icalendar import Calendar, Event
from sqlalchemy import delete, select

from dhr.audit.services import record
from dhr.auth.membership import may_work_in
from dhr.calendars.entries import Entry, entries_for, meeting_entry
from dhr.calendars.models import CalendarFeed
from dhr.core import clock
from dhr.core.dates import LONDON, london_today
from dhr.extensions import db

DAYS_BEHIND, DAYS_AHEAD = 90, 400


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _theirs(user: Any):
    """The person's feeds of the partnership they work in now."""
    return (CalendarFeed.user_id == user.id) & (CalendarFeed.partnership_id == user.partnership_id)


def feed_of(user: Any) -> CalendarFeed | None:
    """The person's live feed for the partnership they work in now, if any."""
    return db.session.scalar(select(CalendarFeed).where(_theirs(user)))


def make_feed(user: Any) -> str:
    """A new secret address for the person (any older one stops at once); returns the token, shown only now."""
    stop_feed(user, audit=False)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(user_id=user.id, partnership_id=user.partnership_id, token_hash=_hash(token))
    record("calendar.feed_created", f"{user.name} made a calendar feed address", actor=user, added=feed)
    return token


def stop_feed(user: Any, *, audit: bool = True) -> bool:
    """Stop the person's feed; True when there was one."""
    stopped = db.session.execute(delete(CalendarFeed).where(_theirs(user))).rowcount > 0
    if stopped and audit:
        record("calendar.feed_stopped", f"{user.name} stopped their calendar feed", actor=user)
    return stopped


def feed_for(token: str) -> CalendarFeed | None:
    """The live feed this token opens, if its person still works in its partnership."""
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == _hash(token)))
    if feed is None or not may_work_in(feed.user, feed.partnership_id):
        return None
    return feed


def ics(user: Any) -> bytes:
    """The person's calendar from 90 days ago to about a year ahead, as iCalendar."""
    today = london_today()
    calendar = Calendar()
    calendar.add("prodid", "-//DHR Case Manager//Calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", current_app.config["SERVICE_NAME"])
    stamp = clock.now()
    base = current_app.config["EXTERNAL_BASE_URL"].rstrip("/")
    for entry in entries_for(user, today - timedelta(days=DAYS_BEHIND), today + timedelta(days=DAYS_AHEAD), today):
        calendar.add_component(_event(entry, stamp, base))
    return calendar.to_ical()


def meeting_ics(meeting: Any) -> bytes:
    """One meeting as an iCalendar file to add to a calendar: its reference and kind, never its place or people."""
    calendar = Calendar()
    calendar.add("prodid", "-//DHR Case Manager//Meeting//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    base = current_app.config["EXTERNAL_BASE_URL"].rstrip("/")
    calendar.add_component(_event(meeting_entry(meeting), clock.now(), base))
    return calendar.to_ical()


def _event(entry: Entry, stamp: datetime, base: str) -> Event:
    event = Event()
    event.add("uid", f"{entry.uid}@dhr-case-manager")
    event.add("dtstamp", stamp)
    event.add("summary", entry.title)
    event.add("url", base + entry.href)
    event.add("description", f"{entry.kind.label}. Open DHR Case Manager for the detail: {base}{entry.href}")
    if entry.at is not None:
        start = datetime.combine(entry.on, entry.at, tzinfo=LONDON)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(hours=2))
    else:
        event.add("dtstart", entry.on)
        event.add("dtend", entry.on + timedelta(days=1))
    return event
