"""`flask dhr` commands for the job queue: the daily run and its parts, mail delivery, a worker, the scheduler
and the queue's status. Each daily command queues one job per partnership, or runs them in-process when no
queue is configured; either way each partnership's work is its own transaction and safe to run twice."""

from datetime import date

import click
from flask import current_app

from dhr.commands import dhr_cli
from dhr.core import queue
from dhr.core.dates import london_today
from dhr.jobs.daily import DAILY, run_daily


def _run_date(on: str | None) -> date:
    """The day a daily job runs as: --date YYYY-MM-DD (for catching up), or today in the UK."""
    try:
        return date.fromisoformat(on) if on else london_today()
    except ValueError as exc:
        raise click.BadParameter("Use the form YYYY-MM-DD", param_hint="--date") from exc


def _report(kinds: list[str], on: str | None) -> None:
    run = run_daily(_run_date(on), kinds)
    if run.queued:
        click.echo(f"Queued {run.queued} jobs for {run.partnerships} partnerships")
    else:
        totals = ", ".join(f"{value} {key}" for key, value in run.totals.items()) or "Nothing to do"
        click.echo(f"{totals} in {run.partnerships} partnerships")
    for line in run.skipped:
        click.echo(f"  not sent: {line}")
    for where, why in run.failed.items():
        click.echo(f"  failed: {where}: {why}")
    if run.failed:
        raise SystemExit(1)


DATE_OPTION = click.option("--date", "on", default=None, help="Run as if today were YYYY-MM-DD (for catching up).")


@dhr_cli.command("run-daily")
@DATE_OPTION
@click.option("--only", type=click.Choice(list(DAILY)), multiple=True, help="Run only these kinds of work.")
def run_daily_command(on: str | None, only: tuple[str, ...]) -> None:
    """Every partnership's daily work: duty notices, evidence and action reminders, clock alerts, then digests."""
    _report(list(only) or list(DAILY), on)


@dhr_cli.command("send-reminders")
@DATE_OPTION
def send_reminders_command(on: str | None) -> None:
    """Chase evidence before and after its due date and escalate long-overdue requests (part of run-daily)."""
    _report(["evidence-reminders"], on)


@dhr_cli.command("send-action-reminders")
@DATE_OPTION
def send_action_reminders_command(on: str | None) -> None:
    """Ask for action-plan updates, chase overdue actions and escalate long-overdue ones (part of run-daily)."""
    _report(["action-reminders"], on)


@dhr_cli.command("send-duty-reminders")
@DATE_OPTION
def send_duty_reminders_command(on: str | None) -> None:
    """Tell coordinators of duties falling due soon, and chase overdue ones (part of run-daily)."""
    _report(["duty-reminders"], on)


@dhr_cli.command("send-clock-alerts")
@DATE_OPTION
def send_clock_alerts_command(on: str | None) -> None:
    """Tell each review's people of clocks due within a week, and again when overdue (part of run-daily)."""
    _report(["clock-alerts"], on)


@dhr_cli.command("send-digests")
def send_digests_command() -> None:
    """Email each person who chose a daily digest the notifications waiting for it (part of run-daily)."""
    _report(["digests"], None)


@dhr_cli.command("deliver-mail")
def deliver_mail() -> None:
    """Send the due outbox messages through Notify or SMTP, retrying failures with backoff (the scheduler queues
    this every minute; safe to run on several hosts at once)."""
    from dhr.mail.channels import channel_for

    if channel_for(current_app.config) is None:
        click.echo(
            "No mail channel is configured (NOTIFY_API_KEY or MAIL_SMTP_HOST): messages stay in the outbox "
            "for administrators."
        )
        return
    ticket = queue.enqueue("deliver-mail")
    if ticket.job_id:
        click.echo(f"Queued mail delivery as job {ticket.job_id}")
    else:
        result = ticket.result
        click.echo(f"{result['sent']} sent, {result['retrying']} to retry, {result['failed']} failed")


@dhr_cli.command("jobs-status")
def jobs_status() -> None:
    """Say whether jobs run on a queue, and how many workers listen on it."""
    click.echo(status_line())


def status_line() -> str:
    """One line for `make run` and the admin page: where jobs run, and whether a worker is listening."""
    try:
        workers = queue.workers_running()
    except Exception as error:  # Redis down: say so rather than fail start-up
        return f"Jobs: the queue at JOBS_REDIS_URL cannot be reached ({type(error).__name__})."
    if workers is None:
        return "Jobs: no queue configured (JOBS_REDIS_URL), so jobs run in this process as they are queued."
    if workers == 0:
        return "Jobs: queued on Redis, but NO WORKER is running: start one with `flask --app wsgi dhr worker`."
    return f"Jobs: queued on Redis; {workers} worker{'s' if workers != 1 else ''} running."


def _worker_queue():
    from dhr.jobs.runner import worker_app

    with worker_app().app_context():
        target = queue.queue()
        schedule = current_app.config["JOBS_DAILY_CRON"]
    if target is None:
        raise click.ClickException("No queue is configured (JOBS_REDIS_URL): without one, jobs run in-process.")
    return target, schedule


# Without the app context the CLI would push, so that each job gets a fresh app context of its own.
@dhr_cli.command("worker", with_appcontext=False)
@click.option("--burst", is_flag=True, help="Run the jobs waiting now, then stop.")
def worker_command(burst: bool) -> None:
    """Run queued jobs: start as many as you like, on as many hosts as you like."""
    from rq import SimpleWorker

    target, _ = _worker_queue()
    SimpleWorker([target], connection=target.connection).work(burst=burst, with_scheduler=not burst)


@dhr_cli.command("scheduler", with_appcontext=False)
def scheduler_command() -> None:
    """Queue mail delivery every minute and the daily run each day (JOBS_DAILY_CRON, UTC). Two schedulers queue
    twice, which does no harm: every job does its work once."""
    from rq.cron import CronScheduler

    target, schedule = _worker_queue()
    scheduler = CronScheduler(connection=target.connection)
    scheduler.register(queue.run_job, target.name, args=("deliver-mail", {}), interval=60)
    scheduler.register(queue.run_job, target.name, args=("daily", {}), cron=schedule)
    scheduler.start()
