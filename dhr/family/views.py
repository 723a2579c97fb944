"""Family engagement pages: the overview, and the engagement record's parts (tribute, pseudonym, draft, participation).

Contacts, attempts and consent are in contact_views; draft comments in comment_views. Everything here needs
VIEW_FAMILY to see and MANAGE_FAMILY to change.
"""

from flask import Blueprint, abort, g, url_for
from flask_login import current_user

from dhr.core.dates import london_today
from dhr.core.forms import ConfirmForm
from dhr.core.saving import attempt
from dhr.core.told import with_told
from dhr.family import queries, services
from dhr.family.forms import (
    ENGAGED,
    DraftSharedForm,
    NoTributeForm,
    ParticipationForm,
    PerpetratorForm,
    PseudonymForm,
    TermsInputForm,
    TributeForm,
)
from dhr.family.stages import CommentStatus, PerpetratorContact
from dhr.permissions import Permission, can, requires_review
from dhr.reviews.views.common import actor, review_page

bp = Blueprint("family", __name__, url_prefix="/reviews/<int:review_id>/family")

STALE = "Someone else changed this after you opened the page. Check what you typed and save again."


def overview_url() -> str:
    """The family page of the current review."""
    return url_for("family.overview", review_id=g.review.id)


def form_page(form, title: str, fields, *, intro: str | None = None, back: str | None = None):
    """A family form inside the review layout; Cancel goes back to the family page unless told otherwise."""
    return review_page(
        "family/form.html", form=form, title=title, fields=fields, intro=intro, back=back or overview_url()
    )


def save(form, obj, first_field: str, change, success, back: str | None = None):
    """Run `change()` for a valid form, refusing a stale version and showing a rule's message on the field it names,
    or else on the first field.

    Returns a redirect when saved, or None to show the form again with everything typed.
    """
    if not form.validate_on_submit():
        return None
    current = str(obj.version) if obj is not None else ""
    typed = str(form.version.data or "") if getattr(form, "version", None) is not None else ""
    if typed and typed != current:
        form.version.data = current
        form[first_field].errors.append(STALE)
        return None
    return attempt(change, form=form, field=first_field, done=success, to=back or overview_url(), stale=STALE)


@bp.route("")
@requires_review(Permission.VIEW_FAMILY)
def overview(review_id: int):
    """The engagement summary, contacts, tribute, pseudonym, draft sharing and the comments returned on it."""
    review = g.review
    contacts = queries.contacts_for(review)
    comments = queries.comments_for(review)
    today = london_today()
    return review_page(
        "family/overview.html",
        engagement=queries.engagement_for(review),
        contacts=contacts,
        comments=comments,
        follow_up={c.id for c in contacts if c.needs_follow_up(today)},
        open_count=sum(1 for c in comments if c.status is CommentStatus.OPEN),
        consent_given=sum(1 for c in contacts if c.consent.value == "given"),
        today=today,
        may_rename=can(current_user, Permission.MANAGE_PEOPLE, review),
        confirm=ConfirmForm(),
    )


def _version(engagement) -> str:
    return str(engagement.version) if engagement else ""


@bp.route("/tribute", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_FAMILY)
def edit_tribute(review_id: int):
    """The family's tribute in their own words."""
    review = g.review
    engagement = queries.engagement_for(review)
    form = TributeForm(obj=engagement, version=_version(engagement))
    done = save(
        form,
        engagement,
        "tribute_text",
        lambda: services.record_tribute(
            review, text=form.tribute_text.data, given_by=form.tribute_from.data, actor=actor()
        ),
        "Tribute saved",
    )
    return done or form_page(
        form,
        "The family's tribute",
        ["tribute_text", "tribute_from"],
        intro="The QA panel looks for a sense of who the victim was, in the family's words where they wish.",
    )


@bp.route("/pseudonym", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_FAMILY)
def edit_pseudonym(review_id: int):
    """The pseudonym the family chose for the victim."""
    review = g.review
    engagement = queries.engagement_for(review)
    form = PseudonymForm(obj=engagement, version=_version(engagement))
    done = save(
        form,
        engagement,
        "chosen_pseudonym",
        lambda: services.record_pseudonym(review, pseudonym=form.chosen_pseudonym.data, actor=actor()),
        "Pseudonym saved. Use it for the victim from the family page when you are ready.",
    )
    return done or form_page(
        form,
        "Pseudonym the family chose",
        ["chosen_pseudonym"],
        intro=f"The victim is currently called {review.victim_pseudonym} in the review. Saving here does not "
        "rename them: you can do that from the family page.",
    )


@bp.route("/pseudonym/use", methods=["POST"])
@requires_review(Permission.MANAGE_FAMILY)
def use_pseudonym(review_id: int):
    """Rename the victim in the people register to the family's choice (audited)."""
    review = g.review
    if not can(current_user, Permission.MANAGE_PEOPLE, review):
        abort(403)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return attempt(
        lambda: services.use_pseudonym_for_victim(review, actor=actor()),
        done=lambda before: f"The victim is now called {review.victim_pseudonym} (was {before})",
        to=overview_url(),
        refused_to=overview_url(),
    )


@bp.route("/draft-shared", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_FAMILY)
def edit_draft_shared(review_id: int):
    """When the draft report was shared with the family, and with whom."""
    review = g.review
    engagement = queries.engagement_for(review)
    form = DraftSharedForm(obj=engagement, version=_version(engagement))
    done = save(
        form,
        engagement,
        "draft_shared_on",
        lambda: services.record_draft_shared(
            review,
            shared_on=form.draft_shared_on.data,
            shared_with=form.draft_shared_with.data,
            comments_due_on=form.draft_comments_due_on.data,
            actor=actor(),
        ),
        with_told("Draft sharing saved"),
    )
    return done or form_page(
        form,
        "Sharing the draft with the family",
        ["draft_shared_on", "draft_shared_with", "draft_comments_due_on"],
        intro="Families should have time and privacy to read the draft, with their advocate if they wish.",
    )


@bp.route("/participation", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_FAMILY)
def edit_participation(review_id: int):
    """Whether the family is taking part, and if not, why engagement did not happen."""
    review = g.review
    engagement = queries.engagement_for(review)
    chosen = None
    if engagement is not None:
        reason = engagement.no_engagement_reason
        chosen = reason.value if reason else ENGAGED
    form = ParticipationForm(obj=engagement, participation=chosen, version=_version(engagement))
    done = save(
        form,
        engagement,
        "participation",
        lambda: services.record_participation(
            review, reason=form.reason(), detail=form.no_engagement_detail.data or "", actor=actor()
        ),
        "Saved",
    )
    return done or form_page(
        form,
        "Family participation",
        ["participation", "no_engagement_detail"],
        intro="Record why, if the family and friends did not take part. The report must say what was done to "
        "involve them.",
    )


@bp.route("/tribute/none", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_FAMILY)
def edit_no_tribute(review_id: int):
    """The family's reason for giving no tribute."""
    review = g.review
    engagement = queries.engagement_for(review)
    form = NoTributeForm(obj=engagement, version=_version(engagement))
    done = save(
        form,
        engagement,
        "no_tribute_reason",
        lambda: services.record_no_tribute(review, reason=form.no_tribute_reason.data, actor=actor()),
        "Saved",
    )
    return done or form_page(
        form,
        "No tribute",
        ["no_tribute_reason"],
        intro="The QA panel looks for a tribute, or for the family's reason for none. The reason stays in the family "
        "log; the readiness checks count it in place of a tribute.",
    )


@bp.route("/terms-input", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_FAMILY)
def edit_terms_input(review_id: int):
    """The family's input to the terms of reference."""
    review = g.review
    engagement = queries.engagement_for(review)
    form = TermsInputForm(obj=engagement, version=_version(engagement))
    done = save(
        form,
        engagement,
        "terms_input_on",
        lambda: services.record_terms_input(
            review, given_on=form.terms_input_on.data, summary=form.terms_input.data, actor=actor()
        ),
        "The family's input to the terms of reference saved",
    )
    return done or form_page(
        form,
        "The family's input to the terms of reference",
        ["terms_input_on", "terms_input"],
        intro="Families should be able to shape what the review looks at. Record what they asked for, and when.",
    )


@bp.route("/perpetrator", methods=["GET", "POST"])
@requires_review(Permission.MANAGE_FAMILY)
def edit_perpetrator(review_id: int):
    """Whether the perpetrator's account was sought, and what came of it or why not."""
    review = g.review
    engagement = queries.engagement_for(review)
    chosen = engagement.perpetrator_contact.value if engagement else None
    form = PerpetratorForm(obj=engagement, perpetrator_contact=chosen, version=_version(engagement))
    done = save(
        form,
        engagement,
        "perpetrator_contact",
        lambda: services.record_perpetrator_contact(
            review,
            contact=PerpetratorContact(form.perpetrator_contact.data),
            contacted_on=form.perpetrator_contacted_on.data,
            detail=form.perpetrator_detail.data or "",
            actor=actor(),
        ),
        "Saved",
    )
    return done or form_page(
        form,
        "The perpetrator's account",
        ["perpetrator_contact", "perpetrator_contacted_on", "perpetrator_detail"],
        intro="The QA panel asks whether the review sought the perpetrator's account, usually through the prison or "
        "their solicitor, and if not, why not.",
    )


from dhr.family import comment_views, contact_views  # noqa: E402,F401 - register their routes on bp
