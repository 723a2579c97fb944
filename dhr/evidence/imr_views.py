"""The IMR: write it in the structured form or upload the agency's Word document; every save is a new version."""

from flask import abort, g, request, url_for
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, FileField, StringField, SubmitField, TextAreaField

from dhr.core.forms import BaseForm, GovDateField, MaxLength
from dhr.core.saving import attempt
from dhr.evidence import services
from dhr.evidence.access import involvement_or_404
from dhr.evidence.imr import SECTIONS, read_docx_sections
from dhr.evidence.models import ImrVersion
from dhr.evidence.views import bp
from dhr.extensions import db
from dhr.files.guard import UploadError, check_upload
from dhr.files.models import StoredFile
from dhr.permissions import Permission, requires_review
from dhr.reviews.views.common import actor, review_page


def _short(label: str) -> StringField:
    return StringField(
        label, widget=GovTextInput(), validators=[MaxLength(200, f"{label} must be 200 characters or fewer")]
    )


class ImrForm(BaseForm):
    """The IMR's sections, its author and the senior manager's sign-off."""

    author_name = _short("IMR author's name")
    author_role = _short("IMR author's role")
    author_independent = BooleanField(
        "The author had no involvement with the case and does not manage anyone who had",
        widget=GovCheckboxInput(),
    )
    sign_off_name = _short("Senior manager's name")
    sign_off_role = _short("Senior manager's role")
    sign_off_on = GovDateField("Date signed off")
    attested = BooleanField(
        "I confirm a senior manager of the agency has quality-assured and approved this IMR for submission",
        widget=GovCheckboxInput(),
    )
    submit = SubmitField("Save IMR", widget=GovSubmitInput())

    SIGN_OFF_MISSING = {
        "sign_off_name": "Enter the senior manager's name",
        "sign_off_role": "Enter the senior manager's role",
        "sign_off_on": "Enter the date the senior manager signed off the IMR",
        "attested": "Select the box to confirm a senior manager has approved this IMR",
    }

    def validate(self, extra_validators=None) -> bool:
        """A sign-off is all four parts or none: a part-filled one names what is missing rather than saving the IMR
        as unsigned without saying why."""
        valid = super().validate(extra_validators=extra_validators)
        given = [name for name in self.SIGN_OFF_MISSING if self[name].data or self[name].errors]
        if given:
            for name, message in self.SIGN_OFF_MISSING.items():
                if name not in given:
                    self[name].errors = [*self[name].errors, message]
                    valid = False
        return valid


for _key, (_title, _hint, _) in SECTIONS.items():
    setattr(
        ImrForm,
        _key,
        TextAreaField(
            _title,
            description=_hint,
            widget=GovTextArea(),
            validators=[MaxLength(50_000, f"{_title} must be 50,000 characters or fewer")],
        ),
    )


class ImrUploadForm(BaseForm):
    """An IMR written in the agency's own Word template."""

    file = FileField(
        "Word document (.docx)",
        widget=GovFileInput(),
        description="Headings such as 'Methodology', 'Analysis' and 'Lessons learned' are put in the "
        "matching sections. Check them afterwards.",
    )
    submit = SubmitField("Upload IMR", widget=GovSubmitInput())


def _values(form: ImrForm) -> dict:
    return {
        "sections": {key: form[key].data or "" for key in SECTIONS},
        "author_name": form.author_name.data or "",
        "author_role": form.author_role.data or "",
        "sign_off_name": form.sign_off_name.data or "",
        "sign_off_role": form.sign_off_role.data or "",
        "sign_off_on": form.sign_off_on.data,
        "attested": bool(form.attested.data),
        "author_independent": bool(form.author_independent.data),
    }


@bp.route("/evidence/<int:involvement_id>/imr", methods=["GET", "POST"])
@requires_review(Permission.CONTRIBUTE_EVIDENCE)
def edit_imr(review_id: int, involvement_id: int):
    """Write or revise the IMR; saving keeps the earlier versions."""
    review = g.review
    involvement = involvement_or_404(review, involvement_id, contributing=True)
    latest = involvement.latest_imr
    form = ImrForm(obj=latest, **(latest.sections if latest else {})) if request.method == "GET" else ImrForm()
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.save_imr(involvement, actor=actor(), **_values(form)),
            form=form,
            field="author_name",
            done=lambda version: (
                f"IMR saved as version {version.number}"
                + ("" if version.signed_off else ". It needs a senior manager's sign-off to submit.")
            ),
            to=url_for("evidence.view_request", review_id=review.id, involvement_id=involvement.id),
        )
    ):
        return saved
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title=f"{involvement.agency.name}: IMR",
        fields=[
            "author_name",
            "author_role",
            "author_independent",
            *SECTIONS,
            "sign_off_name",
            "sign_off_role",
            "sign_off_on",
            "attested",
        ],
        intro="Save as often as you like: each save is kept as a version. The IMR can be submitted "
        "once a senior manager has signed it off.",
    )


@bp.route("/evidence/<int:involvement_id>/imr/upload", methods=["GET", "POST"])
@requires_review(Permission.CONTRIBUTE_EVIDENCE)
def upload_imr(review_id: int, involvement_id: int):
    """Read the sections of an IMR from the agency's Word document (checked before it is opened)."""
    review = g.review
    involvement = involvement_or_404(review, involvement_id, contributing=True)
    form = ImrUploadForm()

    def read_and_save():
        uploaded = request.files.get("file")
        if not uploaded or not uploaded.filename or not uploaded.filename.lower().endswith(".docx"):
            raise UploadError("Select a Word document saved as .docx")
        checked = check_upload(uploaded.filename, uploaded.read())
        sections = read_docx_sections(checked)
        stored = StoredFile(
            partnership_id=review.partnership_id,
            filename=checked.filename,
            content_type=checked.content_type,
            size=len(checked.data),
            sha256=checked.sha256,
            data=checked.data,
            uploaded_by_id=current_user.id,
        )
        db.session.add(stored)
        previous = involvement.latest_imr
        version = services.save_imr(
            involvement,
            sections=sections,
            actor=actor(),
            stored_file=stored,
            author_name=previous.author_name if previous else "",
            author_role=previous.author_role if previous else "",
            author_independent=previous.author_independent if previous else False,
            sign_off_name="",
            sign_off_role="",
            sign_off_on=None,
            attested=False,
        )
        return checked.filename, version.number

    if form.validate_on_submit() and (
        saved := attempt(
            read_and_save,
            form=form,
            field="file",
            done=lambda read: f"IMR read from {read[0]} as version {read[1]}. Check each section and add the sign-off.",
            to=url_for("evidence.edit_imr", review_id=review.id, involvement_id=involvement.id),
        )
    ):
        return saved
    return review_page("reviews/simple-form.html", form=form, title="Upload an IMR", fields=["file"], multipart=True)


@bp.route("/evidence/<int:involvement_id>/imr/versions/<int:version_id>")
@requires_review(Permission.VIEW_REVIEW)
def view_imr(review_id: int, involvement_id: int, version_id: int):
    """One version of the IMR, as saved."""
    review = g.review
    involvement = involvement_or_404(review, involvement_id)
    version = db.session.get(ImrVersion, version_id)
    if version is None or version.involvement_id != involvement.id:
        abort(404)
    return review_page("evidence/imr.html", involvement=involvement, version=version, sections=SECTIONS)
