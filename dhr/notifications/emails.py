"""Emailing notifications: each person's choice per category (at once, a daily digest, or off), the email for
one notification, and the digest run. Emails carry only the words of the notification (a reference, an agency
and what happened) and a link: never a person's name or case text. Sign-in, reset and invitation emails are
sent by the auth services directly and cannot be switched off."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from dhr.audit.services import record
from dhr.auth.models import User
from dhr.core.links import external_url
from dhr.extensions import db
from dhr.mail.models import MailChoice, MailPreference
from dhr.mail.services import send_mail
from dhr.notifications.audiences import Category
from dhr.notifications.models import Notification

# What a person who never chose gets: every category at once.
DEFAULT_CHOICE = MailChoice.IMMEDIATE
ALWAYS_SENT = ("Sign-in and security", "Password reset", "Invitations to an account")


def _base() -> str:
    base: str = current_app.config["EXTERNAL_BASE_URL"]
    return base.rstrip("/")


def choices_of(user: Any) -> dict[Category, MailChoice]:
    """The person's choice for every category, with the default where they have not chosen."""
    chosen = {
        row.category: row.choice
        for row in db.session.scalars(select(MailPreference).where(MailPreference.user_id == user.id))
    }
    return {category: chosen.get(category.value, DEFAULT_CHOICE) for category in Category}


def mail_choices(people: Iterable[User], category: Category) -> dict[int, MailChoice]:
    """Each person's choice for one category, in one query."""
    ids = [p.id for p in people]
    chosen = (
        dict(
            db.session.execute(
                select(MailPreference.user_id, MailPreference.choice).where(
                    MailPreference.user_id.in_(ids), MailPreference.category == category.value
                )
            ).all()
        )
        if ids
        else {}
    )
    return {user_id: chosen.get(user_id, DEFAULT_CHOICE) for user_id in ids}


def set_choices(user: Any, choices: dict[Category, MailChoice], *, actor: Any) -> list[Category]:
    """Save the person's choices; returns the categories that changed (audited together)."""
    rows = {
        row.category: row for row in db.session.scalars(select(MailPreference).where(MailPreference.user_id == user.id))
    }
    changed = []
    for category, choice in choices.items():
        row = rows.get(category.value)
        if (row.choice if row else DEFAULT_CHOICE) is choice:
            continue
        if row is None:
            db.session.add(MailPreference(user_id=user.id, category=category.value, choice=choice))
        else:
            row.choice = choice
        changed.append(category)
    if changed:
        record(
            "notification.preferences_changed",
            f"{user.name} changed which emails they get: "
            + ", ".join(f"{c.label}: {choices[c].label.lower()}" for c in changed),
            actor=actor,
            obj=user,
            partnership_id=user.partnership_id,
            data={c.value: choices[c].value for c in changed},
        )
    return changed


def _footer() -> str:
    return (
        "\n\nThis email holds no names or case details: sign in to read more.\n"
        f"Choose which emails you get: {external_url('notifications.preferences')}\n"
    )


def email_notification(person: User, kind: str, summary: str, link: str) -> None:
    """Queue the email for one notification, in the transaction that wrote it (the outbox's category is the
    event's kind)."""
    send_mail(
        to=person.email,
        subject=summary[:200],
        body=f"{summary}.\n\nOpen it in DHR Case Manager:\n{_base()}{link}{_footer()}",
        category=kind[:40],
        partnership_id=person.partnership_id,
        user_id=person.id,
    )


@dataclass
class DigestRun:
    """What one partnership's digest run did."""

    emails: int = 0
    notifications: int = 0


def send_digests(partnership_id: int) -> DigestRun:
    """Email each person of the partnership one digest of the notifications waiting for it. The waiting rows are
    claimed by one UPDATE ... RETURNING, so two runs at once never put a notification in two digests."""
    claimed = db.session.execute(
        update(Notification)
        .where(Notification.partnership_id == partnership_id, Notification.in_digest.is_(True))
        .values(in_digest=False)
        .returning(Notification.user_id, Notification.summary, Notification.link, Notification.created_at)
    ).all()
    by_person: dict[int, list[Any]] = defaultdict(list)
    for row in claimed:
        by_person[row.user_id].append(row)
    run = DigestRun()
    for user_id, rows in sorted(by_person.items()):
        person = db.session.get(User, user_id)
        if person is None or not person.active:
            continue
        rows.sort(key=lambda r: r.created_at)
        lines = "\n".join(f"- {r.summary}\n  {_base()}{r.link}" for r in rows)
        send_mail(
            to=person.email,
            subject=f"DHR Case Manager: {len(rows)} update{'s' if len(rows) != 1 else ''} since your last digest",
            body=f"Your updates, oldest first:\n\n{lines}{_footer()}",
            category="digest",
            partnership_id=partnership_id,
            user_id=person.id,
        )
        run.emails += 1
        run.notifications += len(rows)
    if run.emails:
        record(
            "notification.digest_sent",
            f"Daily digests: {run.emails} emails of {run.notifications} notifications",
            partnership_id=partnership_id,
            data={"emails": run.emails, "notifications": run.notifications},
        )
    return run
