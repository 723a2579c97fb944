"""A national data set on PostgreSQL: 300 partnerships, about 5,000 reviews in every stage, 500,000 chronology rows
(20,000 in one review), 50,000 actions (5,000 in one partnership) and 1,000,000 audit events.

The demo is seeded first, so its people sign in and its Safer Westminster Partnership is the large one the load test
(bench/load.py) measures: its coordinator sees the biggest dashboard, its Adult Q review holds the 20,000-row
chronology, and its action plans the 5,000 actions. The other partnerships are shaped like the country's: a few large,
many small, every stage, one review in twelve paused, clocks overdue where real ones are.

Rows go in by COPY (the big tables) and multi-row INSERT (the rest), then every review's clocks and open tasks are
stored and the tables analysed. The same --seed gives the same data.

`.venv/bin/python bench/national.py [--database dhr_national] [--seed 2026] [--scale 1.0]`
(the database on DATABASE_URL's server or 127.0.0.1:5432 is dropped and made again; --scale 0.05 for a quick run).
"""

import argparse
import hashlib
import json
import random
import time
from datetime import UTC, date, datetime, timedelta

from harness import DevelopmentConfig, create_app, db, upgrade
from sqlalchemy import insert, select, text
from sqlalchemy.engine import make_url

from dhr.actions.models import Action, ActionStatusChange
from dhr.agencies.models import Agency, Organisation
from dhr.auth.models import Membership, MembershipRole, User
from dhr.clocks.stored import rebuild
from dhr.core.dates import london_today
from dhr.evidence.models import AgencyInvolvement
from dhr.overview.stored import rebuild as rebuild_tasks
from dhr.partnerships.models import Partnership
from dhr.recommendations.models import Recommendation
from dhr.reviews.models import Person, Review, ReviewMember, StageChange
from dhr.reviews.queries import review_of_victim
from dhr.reviews.stages import MAIN_LINE, ReviewStage
from dhr.seed import PARTNERSHIP_NAME, seed_demo

S = ReviewStage
PLACES = ("Northshire", "Barnfield", "Kingsmoor", "Eastwick", "Lowbridge", "Harrowdale", "Ashcombe", "Redmarsh")
KINDS = ("police", "local_authority", "health", "probation")
CATEGORIES = ("intimate_partner_homicide", "familial_homicide", "suspected_victim_suicide", "unexpected_death", "other")
PAUSE_REASONS = ("criminal_trial", "inquest", "iopc_investigation", "awaiting_agency")
ACTION_STATUSES = ("not_started", "on_track", "at_risk", "overdue", "completion_requested", "completed")
ACTIONS_AUDITED = ("review.viewed", "evidence.submitted", "draft.section_saved", "action.updated", "user.signed_in")
STAGE_DAYS = 25  # a typical stay in each stage of the main line
EXTRA_WESTMINSTER_REVIEWS = 140
WAITING = ("requested", "submitted")


def _admin_url(database: str) -> tuple[str, str]:
    import os

    server = make_url(os.environ.get("DATABASE_URL") or "postgresql+psycopg://127.0.0.1:5432/postgres")
    server = server.set(drivername="postgresql+psycopg")
    admin = server.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    return admin, server.set(database=database).render_as_string(hide_password=False)


def fresh_database(database: str) -> str:
    """Drop and make the database again; its SQLAlchemy URL."""
    import psycopg

    admin, url = _admin_url(database)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{database}"')
    return url


def national_app(url: str):
    """The app on the national database (CSRF off: the load test posts nothing)."""

    class National(DevelopmentConfig):
        SQLALCHEMY_DATABASE_URI = url
        WTF_CSRF_ENABLED = False

    return create_app(National)


def _sizes(rng: random.Random, partnerships: int, reviews: int) -> list[int]:
    """Reviews per partnership: a long tail, a few large (weights from a Pareto draw), at least 3 each."""
    weights = [rng.paretovariate(1.6) for _ in range(partnerships)]
    total = sum(weights)
    sizes = [max(3, round(reviews * w / total)) for w in weights]
    sizes.sort(reverse=True)
    return sizes


def _shares(total: int, parts: int) -> list[int]:
    """`total` split into `parts` whole shares that differ by at most one."""
    if parts == 0:
        return []
    each, extra = divmod(total, parts)
    return [each + (1 if i < extra else 0) for i in range(parts)]


def _insert(model, rows: list[dict], *, returning: bool = False) -> list[int]:
    """Multi-row INSERT in batches; the new ids in row order when asked."""
    ids: list[int] = []
    for start in range(0, len(rows), 2000):
        batch = rows[start : start + 2000]
        if returning:
            result = db.session.execute(insert(model).returning(model.id, sort_by_parameter_order=True), batch)
            ids += [row[0] for row in result]
        else:
            db.session.execute(insert(model), batch)
    return ids


def _copy(table: str, columns: tuple[str, ...], rows) -> int:
    """COPY rows (tuples) into a table through the session's connection; how many went in."""
    raw = db.session.connection().connection.driver_connection
    count = 0
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _timeline(rng: random.Random, today: date) -> tuple[ReviewStage, list[tuple], dict]:
    """A review's history: its stage now, its stage changes (from, to, on, pause reason) and its dated fields."""
    notified = today - timedelta(days=rng.randint(5, 3 * 365))
    fields: dict = {"notified_on": notified, "year": notified.year}
    changes: list[tuple] = [(None, "notified", notified, None)]
    on = notified
    roll = rng.random()
    if roll < 0.04:
        decided = notified + timedelta(days=rng.randint(10, 40))
        if decided <= today:
            fields.update(decision="not_commission", decided_on=decided)
            changes.append(("notified", "not_commissioned", decided, None))
            return S.NOT_COMMISSIONED, changes, fields
    stage = S.NOTIFIED
    for target in MAIN_LINE[1:]:
        step = on + timedelta(days=rng.randint(STAGE_DAYS // 2, STAGE_DAYS * 2))
        if step > today:
            break
        if target is S.SET_UP:
            fields.update(decision="commission", decided_on=step)
        if target is S.SUBMITTED:
            fields["signed_off_on"] = on
        if target is S.PUBLISHED:
            fields["published_on"] = step
        changes.append((stage.value, target.value, step, None))
        stage, on = target, step
    if stage not in (S.CLOSED, S.PUBLISHED, S.MONITORING) and stage in MAIN_LINE[3:] and rng.random() < 1 / 12:
        paused_on = min(today, on + timedelta(days=rng.randint(1, 60)))
        reason = rng.choice(PAUSE_REASONS)
        changes.append((stage.value, "paused", paused_on, reason))
        fields.update(paused_from_stage=stage.value, pause_reason=reason)
        return S.PAUSED, changes, fields
    if stage is not S.CLOSED and rng.random() < 0.01:
        changes.append((stage.value, "withdrawn", min(today, on + timedelta(days=3)), None))
        return S.WITHDRAWN, changes, fields
    return stage, changes, fields


class National:
    """Builds the data set, step by step, printing each step's time."""

    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.today = london_today()
        self.scale = args.scale
        self.partnerships: list[int] = []
        self.agencies: dict[int, dict[str, int]] = {}
        self.people: dict[int, dict[str, int]] = {}
        self.reviews: list[tuple[int, int, ReviewStage]] = []  # (review id, partnership id, stage)

    def n(self, figure: int) -> int:
        return max(1, round(figure * self.scale))

    def step(self, label: str, work) -> None:
        started = time.perf_counter()
        result = work()
        db.session.commit()
        print(f"  {label:<52} {time.perf_counter() - started:7.1f} s  {result if result is not None else ''}")

    def demo(self) -> str:
        seed_demo()
        # Ids, not objects: an expired object's lazy load inside a COPY would wait for the connection forever.
        self.westminster = db.session.scalar(select(Partnership.id).where(Partnership.name == PARTNERSHIP_NAME))
        self.password = db.session.scalar(select(User.password_hash).where(User.email == "coordinator@swp.example"))
        self.partnerships = list(db.session.scalars(select(Partnership.id).order_by(Partnership.id)))
        for pid in self.partnerships:
            self.agencies[pid] = {
                kind.value: agency_id
                for kind, agency_id in db.session.execute(
                    select(Agency.kind, Agency.id).where(Agency.partnership_id == pid).order_by(Agency.id.desc())
                )
            }
            chair = db.session.scalar(
                select(User.id).join(Membership).where(Membership.partnership_id == pid).order_by(User.id)
            )
            self.people[pid] = {"chair": chair, "owner": chair}
        return f"{len(self.partnerships)} demo partnerships"

    def partnership_rows(self) -> str:
        self.demo_count = len(self.partnerships)
        wanted = self.n(self.args.partnerships) - self.demo_count
        names = [f"Safer {PLACES[i % len(PLACES)]} {i // len(PLACES) + 1} Partnership" for i in range(wanted)]
        ids = _insert(
            Partnership,
            [{"name": name, "reference_prefix": f"N{i:03d}"} for i, name in enumerate(names)],
            returning=True,
        )
        # Forces and trusts serve several partnerships: one organisation per kind per ten partnerships.
        organisations = _insert(
            Organisation,
            [
                {"name": f"{PLACES[i % len(PLACES)]} {kind.replace('_', ' ').title()} {i}", "kind": kind}
                for i in range(-(-len(ids) // 10))
                for kind in KINDS
            ],
            returning=True,
        )
        agencies = []
        for index, pid in enumerate(ids):
            for k, kind in enumerate(KINDS):
                organisation = organisations[(index // 10) * len(KINDS) + k]
                agencies.append(
                    {
                        "partnership_id": pid,
                        "organisation_id": organisation,
                        "code": f"{kind[:3].upper()}{index}",
                        "name": f"{kind.replace('_', ' ').title()} for partnership {index}",
                        "kind": kind,
                    }
                )
        agency_ids = iter(_insert(Agency, agencies, returning=True))
        for pid in ids:
            self.agencies[pid] = {kind: next(agency_ids) for kind in KINDS}
        users = []
        for index, pid in enumerate(ids):
            for who in ("coordinator", "chair", "contributor"):
                users.append(
                    {
                        "last_partnership_id": pid,
                        "email": f"{who}.{index}@national.example",
                        "name": f"{who.title()} {index}",
                        "password_hash": self.password,
                    }
                )
        user_ids = _insert(User, users, returning=True)
        memberships, roles = [], []
        for index, pid in enumerate(ids):
            coordinator, chair, contributor = user_ids[index * 3 : index * 3 + 3]
            self.people[pid] = {"chair": chair, "owner": contributor}
            for user_id, agency in ((coordinator, None), (chair, None), (contributor, self.agencies[pid]["police"])):
                memberships.append({"user_id": user_id, "partnership_id": pid, "agency_id": agency, "active": True})
        membership_ids = _insert(Membership, memberships, returning=True)
        roles = [{"membership_id": membership_ids[i * 3], "role": "coordinator"} for i in range(len(ids))]
        _insert(MembershipRole, roles)
        self.partnerships += ids
        return f"{len(ids)} partnerships, {len(agencies)} agencies, {len(users)} people"

    def review_rows(self) -> str:
        total = self.n(self.args.reviews)
        national = self.partnerships[self.demo_count :]
        sizes = _sizes(self.rng, len(national), total - self.n(EXTRA_WESTMINSTER_REVIEWS))
        plan = [(self.westminster, self.n(EXTRA_WESTMINSTER_REVIEWS)), *zip(national, sizes, strict=True)]
        reviews, histories = [], []
        numbers: dict[tuple[int, int], int] = {}
        for pid, size in plan:
            prefix = "SWP" if pid == self.westminster else f"N{self.partnerships.index(pid):03d}"
            for _ in range(size):
                stage, changes, fields = _timeline(self.rng, self.today)
                key = (pid, fields["year"])
                numbers[key] = numbers.get(key, 100 if pid == self.westminster else 0) + 1
                reviews.append(
                    {
                        "partnership_id": pid,
                        "reference": f"{prefix}-DARDR-{fields['year']}-{numbers[key]:02d}",
                        "number": numbers[key],
                        "category": self.rng.choice(CATEGORIES),
                        "stage": stage.value,
                        "circumstances": "Synthetic review for the national benchmark.",
                        **fields,
                    }
                )
                histories.append((pid, stage, changes))
        ids = _insert(Review, reviews, returning=True)
        changes, people, members = [], [], []
        for review_id, (pid, stage, history) in zip(ids, histories, strict=True):
            self.reviews.append((review_id, pid, stage))
            for from_stage, to_stage, on, reason in history:
                changes.append(
                    {
                        "review_id": review_id,
                        "from_stage": from_stage,
                        "to_stage": to_stage,
                        "effective_on": on,
                        "pause_reason": reason,
                    }
                )
            people.append({"review_id": review_id, "role": "victim", "pseudonym": f"Adult {review_id}"})
            members.append({"review_id": review_id, "user_id": self.people[pid]["chair"], "role": "chair"})
        _insert(StageChange, changes)
        _insert(Person, people)
        _insert(ReviewMember, members)
        return f"{len(ids)} reviews, {len(changes)} stage changes"

    def evidence_rows(self) -> str:
        gathering = [r for r in self.reviews if r[2] not in (S.NOTIFIED, S.SCOPING, S.DECISION, S.NOT_COMMISSIONED)]
        involvements = []
        for review_id, pid, stage in gathering:
            for kind in ("police", "health"):
                agency = self.agencies[pid].get(kind) or next(iter(self.agencies[pid].values()))
                involvements.append(
                    {
                        "review_id": review_id,
                        "agency_id": agency,
                        "contact_victim": "yes",
                        "contact_perpetrator": "unknown",
                        "contact_children": "no",
                        "output": "chronology",
                        "status": "accepted"
                        if stage is not S.EVIDENCE
                        else self.rng.choice(("requested", "submitted")),
                        "due_on": self.today + timedelta(days=self.rng.randint(-40, 40)),
                    }
                )
        # One agency per review at most once: the demo's reviews already have theirs.
        existing = set(db.session.execute(select(AgencyInvolvement.review_id, AgencyInvolvement.agency_id)))
        involvements = [i for i in involvements if (i["review_id"], i["agency_id"]) not in existing]
        ids = _insert(AgencyInvolvement, involvements, returning=True)
        adult_q = review_of_victim(self.westminster, "Adult Q").id
        big = db.session.scalar(
            select(AgencyInvolvement.id).where(AgencyInvolvement.review_id == adult_q).order_by(AgencyInvolvement.id)
        )
        big_rows = self.n(self.args.big_review)
        spread = self.n(self.args.chronology) - big_rows
        targets = [(big, adult_q, big_rows)]
        shares = _shares(spread, len(ids))
        targets += [(iid, inv["review_id"], n) for iid, inv, n in zip(ids, involvements, shares, strict=True)]
        stamp = datetime.now(UTC)

        def rows():
            made = 0
            for involvement_id, review_id, count in targets:
                start = self.today - timedelta(days=3000)
                for i in range(count):
                    made += 1
                    day = start + timedelta(days=(i * 7) % 2900)
                    details = f"Contact {i}: attended appointment; risk discussed; referral considered ({made})."
                    fingerprint = hashlib.sha256(f"{involvement_id}:{i}".encode()).hexdigest()
                    yield (
                        involvement_id,
                        review_id,
                        day,
                        "exact",
                        False,
                        "Team",
                        f"REF{i}",
                        "Appointment",
                        details,
                        "Seen",
                        "",
                        fingerprint,
                        stamp,
                        stamp,
                    )

        columns = (
            "involvement_id",
            "review_id",
            "date_start",
            "precision",
            "approximate",
            "service_team",
            "source_ref",
            "event_type",
            "details",
            "outcome",
            "comment",
            "fingerprint",
            "created_at",
            "updated_at",
        )
        count = _copy("chronology_entries", columns, rows())
        return f"{len(ids)} agency requests, {count} chronology rows ({big_rows} in Adult Q)"

    def action_rows(self) -> str:
        monitored = [r for r in self.reviews if r[2] in (S.PUBLISHED, S.MONITORING, S.CLOSED, S.APPROVED)]
        westminster = [r for r in self.reviews if r[1] == self.westminster][:50]
        others = [r for r in monitored if r[1] != self.westminster]
        plan = list(zip(westminster, _shares(self.n(self.args.big_partnership_actions), len(westminster)), strict=True))
        rest = self.n(self.args.actions) - sum(count for _, count in plan)
        plan += list(zip(others, _shares(rest, len(others)), strict=True))
        recommendations, counts = [], []
        for (review_id, _pid, _stage), count in plan:
            for number in range(1, -(-count // 5) + 1):
                recommendations.append(
                    {"review_id": review_id, "number": number, "text": f"Recommendation {number}", "scope": "local"}
                )
                counts.append(min(5, count - (number - 1) * 5))
        ids = _insert(Recommendation, recommendations, returning=True)
        actions = []
        partnership_of = {review_id: pid for review_id, pid, _stage in self.reviews}
        for recommendation_id, row, count in zip(ids, recommendations, counts, strict=True):
            pid = partnership_of[row["review_id"]]
            for position in range(count):
                status = self.rng.choice(ACTION_STATUSES)
                done = status == "completed"
                actions.append(
                    {
                        "completed_on": self.today - timedelta(days=30) if done else None,
                        "approved_at": datetime.now(UTC) if done else None,
                        "outcome": "Done and checked" if done else "",
                        "recommendation_id": recommendation_id,
                        "review_id": row["review_id"],
                        "position": position,
                        "action": f"Action {position + 1} of recommendation {row['number']}",
                        "lead_agency_id": self.agencies[pid]["police"],
                        # A third owned by a named person with an account, the rest by someone named only.
                        "owner_id": self.people[pid]["owner"] if position % 3 == 0 else None,
                        "owner_name": "" if position % 3 == 0 else f"Lead officer {position}",
                        "target_on": self.today + timedelta(days=self.rng.randint(-400, 400)),
                        "status": status,
                    }
                )
        action_ids = _insert(Action, actions, returning=True)
        # Every move past "not started" has its history row, as the app writes it.
        stamp = datetime.now(UTC)
        _insert(
            ActionStatusChange,
            [
                {
                    "action_id": action_id,
                    "from_status": "not_started",
                    "to_status": action["status"],
                    "at": stamp - timedelta(days=self.rng.randint(1, 200), minutes=self.rng.randint(0, 1440)),
                }
                for action_id, action in zip(action_ids, actions, strict=True)
                if action["status"] != "not_started"
            ],
        )
        return f"{len(ids)} recommendations, {len(actions)} actions"

    def audit_rows(self) -> str:
        total = self.n(self.args.audit)
        mine = total // 10  # a tenth in Westminster: its audit log runs past page 1,500
        review_ids = {pid: [] for pid in self.partnerships}
        for review_id, pid, _stage in self.reviews:
            review_ids[pid].append(review_id)
        start = datetime.now(UTC) - timedelta(days=3 * 365)
        seconds = 3 * 365 * 86400
        data = json.dumps({})

        def rows():
            for i in range(total):
                pid = self.westminster if i < mine else self.partnerships[i % len(self.partnerships)]
                reviews = review_ids[pid]
                review_id = reviews[i % len(reviews)] if reviews else None
                yield (
                    start + timedelta(seconds=(i * 7919) % seconds),
                    pid,
                    self.people[pid]["chair"],
                    ACTIONS_AUDITED[i % len(ACTIONS_AUDITED)],
                    "Review" if review_id else None,
                    review_id,
                    review_id,
                    f"Synthetic event {i}",
                    data,
                )

        columns = (
            "occurred_at",
            "partnership_id",
            "actor_id",
            "action",
            "object_type",
            "object_id",
            "review_id",
            "summary",
            "data",
        )
        return f"{_copy('audit_events', columns, rows())} audit events ({mine} in Westminster)"

    def clocks(self) -> str:
        ids = list(db.session.scalars(select(Review.id).order_by(Review.id)))
        return f"{rebuild(db.session, ids, self.today)} reviews' clocks stored"

    def tasks(self) -> str:
        ids = list(db.session.scalars(select(Review.id).order_by(Review.id)))
        return f"{rebuild_tasks(db.session, ids)} reviews' open tasks stored"


def build(args) -> str:
    """Make the database and fill it; its URL."""
    url = fresh_database(args.database)
    app = national_app(url)
    with app.app_context():
        upgrade()
        national = National(args)
        print(f"National data set in {args.database} (seed {args.seed}, scale {args.scale}):")
        started = time.perf_counter()
        national.step("demo partnerships (the services)", national.demo)
        national.step("partnerships, agencies and people", national.partnership_rows)
        national.step("reviews, histories, victims and chairs", national.review_rows)
        national.step("agency requests and chronologies (COPY)", national.evidence_rows)
        national.step("recommendations and actions", national.action_rows)
        national.step("audit events (COPY)", national.audit_rows)
        national.step("stored clocks", national.clocks)
        national.step("stored tasks", national.tasks)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            began = time.perf_counter()
            connection.execute(text("VACUUM ANALYZE"))
            print(f"  {'VACUUM ANALYZE':<52} {time.perf_counter() - began:7.1f} s")
        print(f"  {'in all':<52} {time.perf_counter() - started:7.1f} s")
        db.session.remove()
        db.engine.dispose()
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="dhr_national")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--partnerships", type=int, default=300)
    parser.add_argument("--reviews", type=int, default=5000)
    parser.add_argument("--chronology", type=int, default=500_000)
    parser.add_argument("--big-review", type=int, default=20_000)
    parser.add_argument("--actions", type=int, default=50_000)
    parser.add_argument("--big-partnership-actions", type=int, default=5_000)
    parser.add_argument("--audit", type=int, default=1_000_000)
    build(parser.parse_args())


if __name__ == "__main__":
    main()
