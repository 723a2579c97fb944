"""Word documents for download: the list of documents, each report, and the combined chronology. Audited."""

from flask import Blueprint, Response, abort, flash, g, redirect, request, url_for
from flask_login import current_user

from dhr.drafting import services as drafting
from dhr.drafting.structure import DOCUMENTS, OVERVIEW
from dhr.extensions import db
from dhr.files.store import download as file_download
from dhr.permissions import Permission, can, requires_review
from dhr.reports import gate, letters, services
from dhr.reports.context import DRAFT, PSEUDONYMISED, VERSIONS, WORKING, ReportError
from dhr.reports.publication import PublicationRefusedError
from dhr.reviews.views.common import actor, in_review, review_page

bp = Blueprint("reports", __name__, url_prefix="/reviews")
REPORT_KINDS = ("overview", "executive-summary", "action-plan")
# Which drafted document each report is built from (the action plan from the overview's recommendations).
SOURCES = {"overview": "overview", "executive-summary": "executive-summary", "action-plan": "overview"}


def _attachment(done: services.Export) -> Response:
    """The finished document as a download under its predictable name."""
    return file_download(done.data, done.filename, services.DOCX_MIMETYPE)


def _number() -> int | None:
    """The version asked for: a saved version's number, 'working' for the text as it stands, or the latest."""
    value = request.args.get("number")
    if value is None or value == "":
        return None
    if value == "working":
        return WORKING
    if not value.isdigit():
        abort(404)
    return int(value)


def _options(review) -> tuple[str, bool]:
    version = request.args.get("version", DRAFT)
    if version not in VERSIONS:
        abort(404)
    real_names = request.args.get("names") == "real"
    if real_names and version in PSEUDONYMISED:
        abort(400)  # a preview or publication is always pseudonymised
    if real_names and not can(current_user, Permission.VIEW_IDENTITIES, review):
        abort(403)
    return version, real_names


def _send(review, kind: str, number: int | None):
    version, real_names = _options(review)
    try:
        done = services.export(
            review, kind, version=version, real_names=real_names, number=number, actor=actor(), via="web"
        )
    except ReportError:
        abort(404)
    except PublicationRefusedError as refused:
        db.session.commit()  # keep the audit of the refusal
        return (
            review_page(
                "reports/refused.html", title=services.TITLES[kind], refused=refused, kind=kind, version=version
            ),
            409,
        )
    except gate.PublicationBlockedError as blocked:
        db.session.commit()
        preview = {**request.view_args, **request.args.to_dict(), "version": "preview"}
        return (
            review_page(
                "reports/blocked.html",
                title=services.TITLES[kind],
                blocked=blocked,
                preview=url_for(request.endpoint, **preview),
            ),
            409,
        )
    db.session.commit()
    return _attachment(done)


@bp.route("/<int:review_id>/documents")
@requires_review(Permission.VIEW_DRAFT)
def downloads(review_id: int):
    """Every Word document of the review, as a draft, with real names (if allowed) or for publication."""
    review = g.review
    latest = {}
    for slug, document in DOCUMENTS.items():
        versions = drafting.versions_of(review, document)
        latest[slug] = versions[0].label if versions else ""
    rows = [
        {"kind": kind, "title": services.TITLES[kind], "version": latest[SOURCES[kind]], "source": SOURCES[kind]}
        for kind in REPORT_KINDS
    ]
    return review_page(
        "reports/downloads.html",
        rows=rows,
        letters=_letters(review),
        documents=DOCUMENTS.values(),
        overview=OVERVIEW,
        chronology_title=services.TITLES["chronology"],
        publication_agreed=gate.agreed(review),
    )


def _letters(review) -> list[dict]:
    """The letters this user may produce: (title, who for, endpoint, arguments)."""
    from sqlalchemy import select

    from dhr.drafting.prefill import review_involvements
    from dhr.family.models import FamilyContact

    may = lambda permission: can(current_user, permission, review)  # noqa: E731
    rows = []
    if may(Permission.RECORD_CORRESPONDENCE):
        rows.append(_row("Decision notification", "The Home Office", "reports.letter_decision"))
    if may(Permission.MANAGE_EVIDENCE):
        for involvement in sorted(review_involvements(review), key=lambda i: i.agency.name):
            args = {"involvement_id": involvement.id}
            name = involvement.agency.name
            rows.append(_row("Scoping letter", name, "reports.letter_agency", letter="scoping", **args))
            rows.append(_row("IMR and chronology request", name, "reports.letter_agency", letter="imr-request", **args))
    if may(Permission.MANAGE_FAMILY):
        contacts = db.session.scalars(
            select(FamilyContact).where(FamilyContact.review_id == review.id).order_by(FamilyContact.name)
        )
        for contact in contacts:
            who = f"{contact.name} ({contact.relationship_to_victim})"
            rows.append(_row("First letter to the family", who, "reports.letter_family", contact_id=contact.id))
    if may(Permission.EDIT_REVIEW):
        rows.append(
            _row("Covering letter for the report", "The Domestic Abuse Commissioner", "reports.letter_commissioner")
        )
    return rows


def _row(title: str, recipient: str, endpoint: str, **args) -> dict:
    return {"title": title, "recipient": recipient, "endpoint": endpoint, "args": args}


def _names_page(form=None, status=200):
    from dhr.privacy.rescan import rescan
    from dhr.reports import names_to_check
    from dhr.reports.forms import NamesCheckedForm

    review = g.review
    candidates = names_to_check.to_check(review)
    form = form or NamesCheckedForm()
    form.offer(candidates, names_to_check.key)
    # Case text the shield could not tokenise names someone, so only readers of identities see where it is.
    findings = rescan(review, apply=False).to_check if can(current_user, Permission.VIEW_IDENTITIES, review) else None
    return (
        review_page(
            "reports/names-to-check.html",
            candidates=candidates,
            checked=names_to_check.checked(review),
            findings=findings,
            form=form,
        ),
        status,
    )


@bp.route("/<int:review_id>/documents/names-to-check")
@requires_review(Permission.VIEW_DRAFT)
def names_to_check(review_id: int):
    """Name-like words in the publication text that the people register does not know, for the chair to check."""
    return _names_page()


@bp.route("/<int:review_id>/documents/names-to-check", methods=["POST"])
@requires_review(Permission.EDIT_DRAFT)
def confirm_names(review_id: int):
    """Record that the ticked words are not anyone's real name."""
    from dhr.reports import names_to_check
    from dhr.reports.forms import NamesCheckedForm

    form = NamesCheckedForm()
    form.offer(names_to_check.to_check(g.review), names_to_check.key)
    if not form.validate_on_submit():
        return _names_page(form, 400)
    added = names_to_check.confirm(g.review, form.words.data, actor=actor())
    db.session.commit()
    flash(f"{added} confirmed as not a name", "success")
    return redirect(url_for("reports.names_to_check", review_id=review_id))


@bp.route("/<int:review_id>/documents/report/<kind>")
@requires_review(Permission.VIEW_DRAFT)
def download(review_id: int, kind: str):
    """One report as a Word document: ?version=draft|preview|publication, ?names=real, ?number=N|working."""
    if kind not in REPORT_KINDS:
        abort(404)
    return _send(g.review, kind, _number())


@bp.route("/<int:review_id>/documents/library.csv")
@requires_review(Permission.VIEW_IDENTITIES)
def library_entry(review_id: int):
    """The Home Office DHR Library entry: the case facts the Library is searched by, ages in bands, no names."""
    from dhr.reports.library import library_csv

    data = library_csv(g.review, actor=actor())
    db.session.commit()
    return file_download(data, f"{g.review.reference}_dhr-library.csv", "text/csv")


@bp.route("/<int:review_id>/documents/chronology")
@requires_review(Permission.VIEW_CHRONOLOGY)
def download_chronology(review_id: int):
    """The combined chronology as a landscape Word document: ?version=draft|preview|publication, ?names=real."""
    return _send(g.review, "chronology", None)


@bp.route("/<int:review_id>/documents/meetings/<int:meeting_id>/<paper>")
@requires_review(Permission.VIEW_MEETINGS)
def download_paper(review_id: int, meeting_id: int, paper: str):
    """A meeting's agenda or minutes as a Word document."""
    from dhr.meetings import queries as meetings
    from dhr.reports.papers import PAPERS

    review = g.review
    meeting = meetings.meeting_page(review, meeting_id)
    if meeting is None or paper not in PAPERS:
        abort(404)
    meetings.load_members(review)
    done = services.export_paper(review, meeting, paper, actor=actor())
    db.session.commit()
    return _attachment(done)


def _letter_names(review) -> bool:
    """Real names in a letter only for a user with the identity permission who asks for them."""
    real_names = request.args.get("names") == "real"
    if real_names and not can(current_user, Permission.VIEW_IDENTITIES, review):
        abort(403)
    return real_names


def _send_letter(review, letter, *, about: str = "", real_names: bool = False):
    done = services.export_letter(review, letter, about=about, real_names=real_names, actor=actor())
    db.session.commit()
    return _attachment(done)


@bp.route("/<int:review_id>/documents/letters/home-office-decision")
@requires_review(Permission.RECORD_CORRESPONDENCE)
def letter_decision(review_id: int):
    """The letter telling the Home Office of the partnership's decision."""
    real_names = _letter_names(g.review)
    return _send_letter(g.review, letters.decision_letter(g.review, real_names=real_names), real_names=real_names)


@bp.route("/<int:review_id>/documents/letters/agencies/<int:involvement_id>/<letter>")
@requires_review(Permission.MANAGE_EVIDENCE)
def letter_agency(review_id: int, involvement_id: int, letter: str):
    """The scoping letter or the IMR and chronology request to one agency of the review."""
    from dhr.drafting.record import lines_of_enquiry
    from dhr.evidence.models import AgencyInvolvement

    review = g.review
    involvement = in_review(AgencyInvolvement, involvement_id, review)
    real_names = _letter_names(review)
    if letter == "scoping":
        made = letters.scoping_letter(review, involvement, real_names=real_names)
    elif letter == "imr-request":
        lines = lines_of_enquiry(review)
        made = letters.imr_request_letter(review, involvement, lines_of_enquiry=lines, real_names=real_names)
    else:
        abort(404)
    return _send_letter(review, made, about=involvement.agency.code or str(involvement.id), real_names=real_names)


@bp.route("/<int:review_id>/documents/letters/family/<int:contact_id>")
@requires_review(Permission.MANAGE_FAMILY)
def letter_family(review_id: int, contact_id: int):
    """The first letter to a family member or friend on the review's contact list."""
    from dhr.family.models import FamilyContact

    review = g.review
    contact = in_review(FamilyContact, contact_id, review)
    real_names = _letter_names(review)
    made = letters.family_letter(review, contact, real_names=real_names)
    return _send_letter(review, made, about=f"contact-{contact.id}", real_names=real_names)


@bp.route("/<int:review_id>/documents/letters/commissioner")
@requires_review(Permission.EDIT_REVIEW)
def letter_commissioner(review_id: int):
    """The covering letter sending the completed report to the Domestic Abuse Commissioner."""
    review = g.review
    real_names = _letter_names(review)
    made = letters.commissioner_letter(review, versions=drafting.latest_versions(review), real_names=real_names)
    return _send_letter(review, made, real_names=real_names)


@bp.route("/<int:review_id>/documents/imr/<int:version_id>")
@requires_review(Permission.VIEW_REVIEW)
def download_imr(review_id: int, version_id: int):
    """One saved version of an agency's IMR as a Word document, for those who may read that agency's IMR."""
    from dhr.evidence.access import involvement_or_404
    from dhr.evidence.models import ImrVersion

    review = g.review
    version = db.session.get(ImrVersion, version_id)
    if version is None:
        abort(404)
    involvement = involvement_or_404(review, version.involvement_id)
    done = services.export_imr(review, involvement, version, actor=actor())
    db.session.commit()
    return _attachment(done)
