"""The organisations every partnership shares: a system administrator lists and corrects them."""

from flask import Blueprint, abort, render_template, url_for
from flask_login import current_user

from dhr.agencies import organisations as services
from dhr.agencies.forms import OrganisationForm
from dhr.agencies.models import AgencyKind, Organisation
from dhr.core.forms import filling_from_record
from dhr.core.saving import attempt
from dhr.extensions import db
from dhr.permissions import Permission, requires

bp = Blueprint("organisations", __name__, url_prefix="/admin/organisations")


@bp.route("")
@requires(Permission.MANAGE_ORGANISATIONS)
def list_organisations():
    """Every organisation, with its ODS code and how many partnerships it takes part in."""
    organisations = services.all_organisations()
    sharing = services.sharing_counts([organisation.id for organisation in organisations])
    return render_template("organisations/list-organisations.html", organisations=organisations, sharing=sharing)


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_ORGANISATIONS)
def edit_organisation(organisation_id: int):
    """Correct an organisation's name, kind or ODS code, for every partnership it serves."""
    organisation = db.session.get(Organisation, organisation_id) or abort(404)
    form = OrganisationForm()
    if filling_from_record(form):
        form.name.data, form.kind.data = organisation.name, organisation.kind.value
        form.ods_code.data = organisation.ods_code or ""
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.update_organisation(
                organisation,
                name=form.name.data,
                kind=AgencyKind(form.kind.data),
                ods_code=form.ods_code.data,
                actor=current_user._get_current_object(),
            ),
            form=form,
            field="name",
            done=f"{form.name.data} has been updated",
            to=url_for("organisations.list_organisations"),
        )
    ):
        return saved
    return render_template(
        "organisations/organisation-form.html",
        form=form,
        organisation=organisation,
        partnerships=services.partnership_count(organisation.id),
    )
