"""Spreadsheet import pages: upload, map the columns, see every bad row, then import all rows or none."""

from flask import abort, flash, g, redirect, request, url_for
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect, GovSubmitInput
from wtforms import FileField, SelectField, SubmitField

from dhr.core.forms import BaseForm, choices
from dhr.core.saving import attempt
from dhr.core.wording import counted
from dhr.evidence import confirmed_columns, importer, services
from dhr.evidence.access import involvement_or_404
from dhr.evidence.models import ChronologyImport
from dhr.evidence.views import bp
from dhr.extensions import db
from dhr.files.guard import UploadError, check_upload
from dhr.permissions import Permission, requires_review
from dhr.reviews.views.common import actor, review_page

NOT_USED = ""
# The preview shows how this many rows' dates were read: enough to check the reading, not a page of 20,000 rows.
DATES_SHOWN = 200


class UploadForm(BaseForm):
    """Choose the spreadsheet."""

    file = FileField(
        "Spreadsheet",
        widget=GovFileInput(),
        description="An .xlsx or .csv file, smaller than 10MB, with at most 20,000 rows. The first rows "
        "must name the columns; a title above them is fine.",
    )
    submit = SubmitField("Upload", widget=GovSubmitInput())


def mapping_form(headers: list[str], suggested: dict[str, str], formdata=None):
    """A select per field, listing the spreadsheet's columns."""

    class MappingForm(BaseForm):
        submit = SubmitField("Check the rows", widget=GovSubmitInput())

    options = choices([(NOT_USED, "Not in this spreadsheet")] + [(h, h) for h in headers if h])
    for key, (label, required, _) in importer.FIELDS.items():
        setattr(
            MappingForm,
            key,
            SelectField(
                f"{label}{'' if required else ' (optional)'}",
                widget=GovSelect(),
                choices=options,
                validate_choice=True,
                default=suggested.get(key, NOT_USED),
            ),
        )
    return MappingForm(formdata=formdata)


def _batch_or_404(involvement, import_id: int) -> ChronologyImport:
    batch = db.session.get(ChronologyImport, import_id)
    if batch is None or batch.involvement_id != involvement.id:
        abort(404)
    return batch


@bp.route("/evidence/<int:involvement_id>/import", methods=["GET", "POST"])
@requires_review(Permission.CONTRIBUTE_EVIDENCE)
def upload_spreadsheet(review_id: int, involvement_id: int):
    """Step 1: upload a chronology spreadsheet."""
    review = g.review
    involvement = involvement_or_404(review, involvement_id, contributing=True)
    form = UploadForm()

    def start():
        uploaded = request.files.get("file")
        if not uploaded or not uploaded.filename:
            raise UploadError("Select a spreadsheet to upload")
        data = uploaded.read()
        importer.read_table(uploaded.filename, data)  # refuse unreadable or hostile files now
        checked = check_upload(uploaded.filename, data)
        return services.start_import(involvement, upload=checked, actor=actor())

    if form.validate_on_submit() and (
        saved := attempt(
            start,
            form=form,
            field="file",
            to=lambda batch: url_for(
                "evidence.map_columns", review_id=review.id, involvement_id=involvement.id, import_id=batch.id
            ),
        )
    ):
        return saved
    return review_page(
        "reviews/simple-form.html",
        form=form,
        title="Import a chronology spreadsheet",
        fields=["file"],
        multipart=True,
        intro="You will match its columns to the chronology and see every row that needs fixing "
        "before anything is imported. One bad row means nothing is imported.",
    )


@bp.route("/evidence/<int:involvement_id>/import/<int:import_id>", methods=["GET", "POST"])
@requires_review(Permission.CONTRIBUTE_EVIDENCE)
def map_columns(review_id: int, involvement_id: int, import_id: int):
    """Step 2: match the columns (suggested, and remembered per agency), check every row, then import."""
    review = g.review
    involvement = involvement_or_404(review, involvement_id, contributing=True)
    batch = _batch_or_404(involvement, import_id)
    if batch.imported_at is not None:
        flash(f"{batch.file.filename} has already been imported", "info")
        return redirect(url_for("evidence.view_request", review_id=review.id, involvement_id=involvement.id))
    table = importer.read_table(batch.file.filename, batch.file.data)
    suggested = confirmed_columns.for_upload(batch, table.headers) or importer.suggest_mapping(
        table.headers, services.remembered_mapping(involvement.agency_id)
    )
    form = mapping_form(table.headers, suggested, formdata=request.form if request.method == "POST" else None)
    rows, errors, missing, skipped = None, [], [], set()
    if request.method == "POST" and form.validate():
        mapping = {key: form[key].data for key in importer.FIELDS if form[key].data}
        missing = importer.missing_required(mapping)
        if missing:
            form.date.errors = [f"Choose the column for: {', '.join(missing)}"] if "Date" in missing else []
            if "What happened" in missing:
                form.details.errors = ["Choose the column that says what happened"]
        else:
            from dhr.privacy import shield

            rows, errors = importer.validate(table, mapping, review.people, shield.checker(review))
            skipped = set() if errors else services.already_present(involvement, rows)
            if errors or request.form.get("confirm") != "yes":
                confirmed_columns.keep(batch, mapping)  # a corrected copy of the file starts from these columns
                db.session.commit()
            else:
                imported, duplicates = services.import_rows(batch, rows, mapping=mapping, actor=actor())
                replaced = shield.replaced_in_session(db.session)
                db.session.commit()
                flash(
                    f"{counted(imported, 'row')} imported"
                    + (f"; {duplicates} were already in the chronology" if duplicates else "")
                    + (f"; {replaced} registered names saved as person tokens" if replaced else ""),
                    "success",
                )
                return redirect(url_for("evidence.view_request", review_id=review.id, involvement_id=involvement.id))
    return review_page(
        "evidence/import-preview.html",
        form=form,
        batch=batch,
        table=table,
        rows=rows,
        errors=errors,
        skipped=skipped,
        dates_shown=DATES_SHOWN,
        involvement=involvement,
        show_identities=False,
        has_errors=bool(form.errors or errors),
        current_user=current_user,
    )
