"""Dashboard: my reviews, my dated tasks (dhr/overview/work.py), and for coordinators every open review with its
clocks, most urgent first."""

from dataclasses import dataclass, replace

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import func, select

from dhr.agencies.models import Agency
from dhr.auth.membership import members_of
from dhr.auth.models import User
from dhr.clocks.rows import Filters, count_reviews, review_rows
from dhr.core.dates import london_today
from dhr.core.keyset import page_number
from dhr.dashboard.forms import ANY, DashboardFilterForm
from dhr.evidence.services import requests_for_contributor
from dhr.extensions import db
from dhr.mail.models import MailStatus, OutboxMessage
from dhr.monitoring.queries import workload
from dhr.overview.work import runs_partnership, work_for, work_reviews
from dhr.permissions import Permission, can, signed_in
from dhr.reviews.queries import member_reviews, review_years, visible_reviews

bp = Blueprint("dashboard", __name__)

MAX_TASKS = 25
PAGE_SIZE = 50
MINE_SHOWN = 10  # of the person's own reviews, above the table of every open review


def _admin_summary(partnership_id: int) -> dict[str, int]:
    def count(query) -> int:
        return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0

    return {
        "active_users": count(select(User.id).where(members_of(partnership_id, active=True), User.active.is_(True))),
        "pending_invitations": count(
            select(User.id).where(
                members_of(partnership_id, active=True), User.active.is_(True), User.password_hash.is_(None)
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
        "failed_mail": count(
            select(OutboxMessage.id).where(
                OutboxMessage.partnership_id == partnership_id, OutboxMessage.status == MailStatus.FAILED
            )
        ),
    }


def _filters(form: DashboardFilterForm) -> Filters:
    """The filters of a validated form."""
    return Filters(
        stage=form.stage.data or "",
        category=form.category.data or "",
        year=int(form.year.data) if form.year.data not in (None, ANY) else None,
        overdue_only=bool(form.overdue.data),
    )


def _overdue_duties(today):
    """The statutory duties overdue that the user may see (the register's readers and owners), read as the
    register reads them (duties.queries.overdue)."""
    from dhr.duties.queries import overdue, visible_duties

    return overdue(visible_duties(current_user), today)


@dataclass(frozen=True)
class OpenReviews:
    """One page of a table of open reviews, with the counts the sentence above it gives."""

    rows: list
    total: int
    overdue: int
    number: int
    pages: int


def _paged(query, filters: Filters, today) -> OpenReviews:
    total = count_reviews(query, filters, today)
    overdue = total if filters.overdue_only else count_reviews(query, replace(filters, overdue_only=True), today)
    number, pages = page_number(request.args.get("page", 1, type=int), total, PAGE_SIZE)
    rows = review_rows(query, filters, today, page=((number - 1) * PAGE_SIZE, PAGE_SIZE))
    return OpenReviews(rows, total, overdue, number, pages)


def _open_reviews(form: DashboardFilterForm, today) -> OpenReviews:
    valid = bool(request.args) and form.validate()  # validated once: the filters and "only mine" both read it
    filters = _filters(form) if valid else Filters()
    only_mine = valid and bool(form.mine.data)
    return _paged(member_reviews(current_user) if only_mine else visible_reviews(current_user), filters, today)


def _my_reviews(sees_all: bool, today) -> tuple[OpenReviews | list, int]:
    """The open reviews the person is on: a page of them when they are the person's only list; otherwise the few
    most urgent above the table of every open review (which a filter narrows to theirs), and how many there are."""
    query = member_reviews(current_user)
    if not sees_all:
        mine = _paged(query, Filters(), today)
        return mine, mine.total
    return review_rows(query, Filters(), today, page=(0, MINE_SHOWN)), count_reviews(query, Filters(), today)


@bp.route("/")
@signed_in
def index():
    """The home page after sign-in."""
    today = london_today()
    sees_all = runs_partnership(current_user) or current_user.system_admin
    mine, mine_total = _my_reviews(sees_all, today)
    form = DashboardFilterForm(request.args)
    open_reviews = None
    if sees_all:
        form.set_years(review_years(visible_reviews(current_user)))
        open_reviews = _open_reviews(form, today)
    summary = _admin_summary(current_user.partnership_id) if can(current_user, Permission.MANAGE_USERS) else None
    work = work_for(current_user, work_reviews(current_user), today, limit=MAX_TASKS)
    return render_template(
        "dashboard/index.html",
        summary=summary,
        mine=mine,
        mine_total=mine_total,
        open_reviews=open_reviews,
        sees_all=sees_all,
        form=form,
        tasks=work.items,
        more_tasks=max(work.total - len(work.items), 0),
        agency_requests=requests_for_contributor(current_user),
        actions=workload(current_user, today),
        overdue_duties=_overdue_duties(today),
        today=today,
        filtered=bool(set(request.args) - {"page"}),
        page_args={key: value for key, value in request.args.items() if key != "page"},
    )
