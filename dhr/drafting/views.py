"""Drafting pages: the document, a section's editor and comments, versions and their comparison."""

import re

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from dhr.core.told import told_sentence
from dhr.drafting import diff, equality, paragraphs, services, tokens
from dhr.drafting.forms import CommentForm, ResolveForm, SectionForm, VersionForm, equality_form
from dhr.drafting.models import DraftVersion, SectionComment
from dhr.drafting.prefill import prefill
from dhr.drafting.record import lines_of_enquiry
from dhr.drafting.structure import DOCUMENTS, DocumentSpec, SectionSpec
from dhr.evidence import queries as evidence_queries
from dhr.evidence.models import ChronologyEntry
from dhr.extensions import db
from dhr.permissions import Permission, can, requires_review
from dhr.reviews.views.common import actor, in_review, review_page

bp = Blueprint("drafting", __name__, url_prefix="/reviews")
CITABLE_ROWS = 25


def _document(slug: str) -> DocumentSpec:
    document = DOCUMENTS.get(slug)
    if document is None:
        abort(404)
    return document


def _section(document: DocumentSpec, key: str) -> SectionSpec:
    spec = document.section(key)
    if spec is None:
        abort(404)
    return spec


def _real_names(review) -> bool:
    """Real names only for a reader with the identity permission who asked for them."""
    return request.args.get("names") == "real" and can(current_user, Permission.VIEW_IDENTITIES, review)


def _context(review, texts, real_names=False) -> tokens.TokenContext:
    href = None
    if can(current_user, Permission.VIEW_CHRONOLOGY, review):
        href = lambda entry_id: url_for("drafting.cited_entry", review_id=review.id, entry_id=entry_id)  # noqa: E731
    return services.token_context(review, texts, real_names=real_names, entry_href=href)


def _rendered(spec: SectionSpec, body: str, context) -> list[tuple[str, object, bool]]:
    return [(p.number, tokens.render_html(p.text, context), p.heading) for p in paragraphs.number(spec.number, body)]


@bp.route("/<int:review_id>/report/<slug>")
@requires_review(Permission.VIEW_DRAFT)
def document(review_id: int, slug: str):
    """The whole document as it stands, with numbered paragraphs, open comments and saved versions."""
    review, document = g.review, _document(slug)
    rows = services.sections_of(review, document)
    real_names = _real_names(review)  # audited with every other reveal, by dhr.privacy.reveals
    context = _context(review, [row.body for row in rows.values()], real_names)
    open_comments: dict[str, int] = {}
    for comment in services.comments_for(review, document):
        if not comment.resolved:
            open_comments[comment.section_key] = open_comments.get(comment.section_key, 0) + 1
    sections = [
        {
            "spec": spec,
            "row": rows.get(spec.key),
            "paragraphs": _rendered(spec, rows[spec.key].body if spec.key in rows else "", context),
            "open_comments": open_comments.get(spec.key, 0),
        }
        for spec in document.sections
    ]
    return review_page(
        "drafting/document.html",
        document=document,
        documents=DOCUMENTS.values(),
        sections=sections,
        versions=services.versions_of(review, document),
        version_form=VersionForm(),
        real_names=real_names,
    )


def _citable_rows(review, query: str):
    if not query:
        return []
    found = evidence_queries.accepted_query(review).where(ChronologyEntry.details.ilike(f"%{_like(query)}%", "\\"))
    return db.session.scalars(
        evidence_queries.in_time_order(evidence_queries.with_sources(found)).limit(CITABLE_ROWS)
    ).all()


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _editor(review, document, spec, form, *, conflict=None, status=200, query=None):
    query = ((request.args.get("q") if query is None else query) or "").strip()
    theirs_html = None
    if conflict is not None:
        theirs_html = _rendered(spec, conflict.body, _context(review, [conflict.body]))
    return (
        review_page(
            "drafting/edit-section.html",
            document=document,
            spec=spec,
            form=form,
            people=review.people,
            lines=lines_of_enquiry(review),
            query=query,
            citable=_citable_rows(review, query),
            has_prefill=bool(prefill(review, spec.key)),
            conflict=conflict,
            theirs_html=theirs_html,
        ),
        status,
    )


@bp.route("/<int:review_id>/report/<slug>/<key>/edit", methods=["GET", "POST"])
@requires_review(Permission.EDIT_DRAFT)
def edit_section(review_id: int, slug: str, key: str):
    """Edit one section. A save based on an older revision is a conflict: both texts are shown, nothing lost."""
    review, document = g.review, _document(slug)
    spec = _section(document, key)
    row = services.section_of(review, document, key)
    if request.method == "GET":
        body = row.body if row and row.body else ""
        if not body or request.args.get("refresh") == "yes":
            body = prefill(review, key) or body
        form = SectionForm(body=body, base_revision=str(row.revision if row else 0))
        return _editor(review, document, spec, form)
    form = SectionForm()
    if request.form.get("find"):
        # Finding rows to cite keeps the typed text in the box and saves nothing.
        return _editor(review, document, spec, form, query=request.form.get("q", ""))
    if not form.validate_on_submit():
        return _editor(review, document, spec, form)
    try:
        services.save_section(
            review, document, spec, body=form.body.data or "", base_revision=int(form.base_revision.data), actor=actor()
        )
        db.session.commit()
    except services.SectionConflictError as conflict:
        return _conflict(review, document, spec, form, conflict.theirs)
    except services.DraftError as error:
        form.body.errors = list(error.messages)
        return _editor(review, document, spec, form)
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        return _conflict(review, document, spec, form, services.section_of(review, document, key))
    flash(f"'{spec.title}' saved", "success")
    if request.form.get("then") == "equality":
        # The judgements are a page of their own; the text typed here is saved on the way.
        return redirect(url_for("drafting.edit_equality", review_id=review.id))
    return redirect(url_for("drafting.document", review_id=review.id, slug=slug) + f"#section-{key}")


def _conflict(review, document, spec, form, theirs):
    """Show what the other person saved next to what this person typed; saving again replaces theirs knowingly."""
    db.session.rollback()
    theirs = services.section_of(review, document, spec.key) if theirs is None else theirs
    form.base_revision.data = str(theirs.revision if theirs else 0)
    return _editor(review, document, spec, form, conflict=theirs, status=409)


@bp.route("/<int:review_id>/report/<slug>/<key>")
@requires_review(Permission.VIEW_DRAFT)
def view_section(review_id: int, slug: str, key: str):
    """One section with its comments."""
    review, document = g.review, _document(slug)
    return _section_page(review, document, _section(document, key), CommentForm())


def _section_page(review, document, spec, comment_form, status=200):
    row = services.section_of(review, document, spec.key)
    body = row.body if row else ""
    return (
        review_page(
            "drafting/section.html",
            document=document,
            spec=spec,
            row=row,
            paragraphs=_rendered(spec, body, _context(review, [body])),
            comments=services.comments_for(review, document, spec.key),
            comment_form=comment_form,
            resolve_form=ResolveForm(),
        ),
        status,
    )


@bp.route("/<int:review_id>/report/<slug>/<key>/comments", methods=["POST"])
@requires_review(Permission.COMMENT_DRAFT)
def add_comment(review_id: int, slug: str, key: str):
    """Comment on a section."""
    review, document = g.review, _document(slug)
    spec = _section(document, key)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            services.add_comment(
                review, document, spec, paragraph=form.paragraph.data or "", body=form.body.data, actor=actor()
            )
        except services.DraftError as error:
            field = form.paragraph if str(error).startswith("There is no paragraph") else form.body
            field.errors = list(error.messages)
        else:
            db.session.commit()
            flash(f"Comment added. {told_sentence()}", "success")
            return redirect(url_for("drafting.view_section", review_id=review.id, slug=slug, key=key) + "#comments")
    return _section_page(review, document, spec, form)


@bp.route("/<int:review_id>/report/<slug>/comments/<int:comment_id>/resolve", methods=["POST"])
@requires_review(Permission.EDIT_DRAFT)
def resolve_comment(review_id: int, slug: str, comment_id: int):
    """Resolve a comment, saying how."""
    review, document = g.review, _document(slug)
    comment = in_review(SectionComment, comment_id, review)
    if comment.document != document.slug:
        abort(404)
    form = ResolveForm()
    if form.validate_on_submit():
        try:
            services.resolve_comment(review, comment, resolution=form.resolution.data or "", actor=actor())
        except services.DraftError as error:
            flash(str(error), "important")
        else:
            db.session.commit()
            flash(f"Comment resolved. {told_sentence()}", "success")
        return redirect(
            url_for("drafting.view_section", review_id=review.id, slug=slug, key=comment.section_key) + "#comments"
        )
    return _section_page(review, document, _section(document, comment.section_key), CommentForm(), status=400)


@bp.route("/<int:review_id>/report/<slug>/versions", methods=["POST"])
@requires_review(Permission.EDIT_DRAFT)
def save_version(review_id: int, slug: str):
    """Snapshot the document as the next version."""
    review, document = g.review, _document(slug)
    form = VersionForm()
    if form.validate_on_submit():
        try:
            version = services.save_version(review, document, note=form.note.data or "", actor=actor())
        except services.DraftError as error:
            flash(str(error), "important")
        else:
            db.session.commit()
            flash(f"{document.title} saved as {version.label}", "success")
    else:
        flash(" ".join(e for errors in form.errors.values() for e in errors), "important")
    return redirect(url_for("drafting.document", review_id=review.id, slug=slug) + "#versions")


def _version(review, document, number: int) -> DraftVersion:
    version = db.session.scalar(
        select(DraftVersion).where(
            DraftVersion.review_id == review.id, DraftVersion.document == document.slug, DraftVersion.number == number
        )
    )
    if version is None:
        abort(404)
    return version


@bp.route("/<int:review_id>/report/<slug>/versions/<int:number>")
@requires_review(Permission.VIEW_DRAFT)
def view_version(review_id: int, slug: str, number: int):
    """A saved version, read-only."""
    review, document = g.review, _document(slug)
    version = _version(review, document, number)
    context = _context(review, list(version.sections.values()))
    sections = [(spec, _rendered(spec, version.sections.get(spec.key, ""), context)) for spec in document.sections]
    return review_page("drafting/version.html", document=document, version=version, sections=sections)


def _texts(review, document, which: str) -> tuple[str, dict[str, str]]:
    if which == "current":
        return "the current text", {key: row.body for key, row in services.sections_of(review, document).items()}
    if not re.fullmatch(r"[0-9]{1,9}", which):
        abort(404)
    version = _version(review, document, int(which))
    return version.label, version.sections


@bp.route("/<int:review_id>/report/<slug>/compare")
@requires_review(Permission.VIEW_DRAFT)
def compare(review_id: int, slug: str):
    """What changed between two versions (or a version and the current text)."""
    review, document = g.review, _document(slug)
    versions = services.versions_of(review, document)
    if not versions:
        abort(404)
    old_key = request.args.get("old") or str(versions[-1].number)
    new_key = request.args.get("new") or "current"
    old_label, old = _texts(review, document, old_key)
    new_label, new = _texts(review, document, new_key)
    context = _context(review, [*old.values(), *new.values()])
    rendered_old = {key: tokens.render_text(text, context) for key, text in old.items()}
    rendered_new = {key: tokens.render_text(text, context) for key, text in new.items()}
    return review_page(
        "drafting/compare.html",
        document=document,
        versions=versions,
        old_key=old_key,
        new_key=new_key,
        old_label=old_label,
        new_label=new_label,
        changes=diff.compare(document, rendered_old, rendered_new),
    )


@bp.route("/<int:review_id>/report/chronology/<int:entry_id>")
@requires_review(Permission.VIEW_CHRONOLOGY)
def cited_entry(review_id: int, entry_id: int):
    """The combined-chronology row a draft cites, and every section that cites it."""
    review = g.review
    in_review(ChronologyEntry, entry_id, review)
    query = evidence_queries.with_sources(evidence_queries.accepted_query(review).where(ChronologyEntry.id == entry_id))
    entry = db.session.scalar(query)
    if entry is None:
        abort(404)
    token = f"[[entry:{entry.id}]]"
    citing = []
    for document in DOCUMENTS.values():
        for key, row in services.sections_of(review, document).items():
            if token in row.body:
                citing.append((document, document.section(key)))
    return review_page(
        "drafting/cited-entry.html",
        entry=entry,
        citing=[(doc, spec) for doc, spec in citing if spec],
        show_identities=can(current_user, Permission.VIEW_IDENTITIES, review),
    )


@bp.route("/<int:review_id>/equality", methods=["GET", "POST"])
@requires_review(Permission.EDIT_DRAFT)
def edit_equality(review_id: int):
    """The panel's judgement on each protected characteristic: section 11 of the overview report is written from it."""
    review = g.review
    judgements = equality.judgements_of(review.id)
    form = equality_form(
        equality.CHARACTERISTICS, judgements, formdata=request.form if request.method == "POST" else None
    )
    if request.method == "POST" and form.validate_on_submit():
        equality.save_judgements(review, form.answers(), actor=actor())
        db.session.commit()
        flash("Equality and diversity judgements saved", "success")
        return redirect(url_for("drafting.edit_equality", review_id=review.id))
    return review_page(
        "drafting/equality.html",
        form=form,
        characteristics=list(enumerate(equality.CHARACTERISTICS)),
        missing=equality.problems(judgements),
        minimum=equality.MIN_ANALYSIS_WORDS,
    )
