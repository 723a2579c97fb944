"""The partnership's agency list: everyone with access can read it, admins maintain it."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from dhr.agencies import organisations as organisation_services
from dhr.agencies import services
from dhr.agencies.forms import AgencyForm
from dhr.agencies.models import Agency, AgencyKind, Organisation
from dhr.core.forms import ConfirmForm
from dhr.core.saving import attempt
from dhr.extensions import db
from dhr.permissions import Permission, requires

bp = Blueprint("agencies", __name__, url_prefix="/agencies")


def _agency_or_404(agency_id: int) -> Agency:
    agency = db.session.get(Agency, agency_id)
    if agency is None or agency.partnership_id != current_user.partnership_id:
        abort(404)
    return agency


@bp.route("")
@requires(Permission.VIEW_AGENCIES)
def list_agencies():
    """Every agency in the partnership, active ones first."""
    agencies = sorted(services.agencies_for(current_user.partnership_id), key=lambda a: (not a.active, a.name))
    sharing = organisation_services.sharing_counts([a.organisation_id for a in agencies if a.organisation_id])
    return render_template("agencies/list-agencies.html", agencies=agencies, sharing=sharing, form=ConfirmForm())


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_AGENCIES)
def add_agency():
    """Add an agency: the partnership's part of an organisation already in the service, or of a new one."""
    form = AgencyForm()
    form.offer_organisations(organisation_services.not_yet_in(current_user.partnership_id))
    chosen = _chosen_organisation(form)
    form.take_organisation_defaults(chosen)
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.create_agency(
                partnership_id=current_user.partnership_id,
                code=form.code.data,
                name=form.name.data,
                kind=AgencyKind(form.kind.data),
                responsible_authority=form.responsible_authority.data,
                senior_contact_name=form.senior_contact_name.data or "",
                senior_contact_email=form.senior_contact_email.data or "",
                organisation_id=chosen.id if chosen else None,
                ods_code=form.ods_code.data or None,
                actor=current_user._get_current_object(),
            ),
            form=form,
            field="code",
            done=lambda agency: f"{agency.name} ({agency.code}) has been added",
            to=url_for("agencies.list_agencies"),
        )
    ):
        return saved
    return render_template("agencies/agency-form.html", form=form, agency=None, shared_with=0)


def _chosen_organisation(form: AgencyForm) -> Organisation | None:
    """The listed organisation the form names, if it is one of those offered."""
    offered = {choice.value for choice in form.organisation.choices}
    value = form.organisation.data
    if form.is_submitted() and value and value in offered and value.isdigit():
        return db.session.get(Organisation, int(value))
    return None


@bp.route("/<int:agency_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_AGENCIES)
def edit_agency(agency_id: int):
    """Change an agency's details."""
    agency = _agency_or_404(agency_id)
    form = AgencyForm(
        data={
            "name": agency.name,
            "code": agency.code,
            "kind": agency.kind.value,
            "responsible_authority": agency.responsible_authority,
            "senior_contact_name": agency.senior_contact_name,
            "senior_contact_email": agency.senior_contact_email,
            "ods_code": agency.organisation.ods_code if agency.organisation else "",
        }
    )
    del form.organisation  # an agency stays the part of the organisation it was added for
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: services.update_agency(
                agency,
                code=form.code.data,
                name=form.name.data,
                kind=AgencyKind(form.kind.data),
                responsible_authority=form.responsible_authority.data,
                senior_contact_name=form.senior_contact_name.data or "",
                senior_contact_email=form.senior_contact_email.data or "",
                ods_code=form.ods_code.data or "",
                actor=current_user._get_current_object(),
            ),
            form=form,
            field="code",
            done=lambda _: f"{agency.name} ({agency.code}) has been updated",
            to=url_for("agencies.list_agencies"),
        )
    ):
        return saved
    shared_with = organisation_services.partnership_count(agency.organisation_id) - 1 if agency.organisation_id else 0
    return render_template("agencies/agency-form.html", form=form, agency=agency, shared_with=shared_with)


@bp.route("/<int:agency_id>/deactivate", methods=["POST"])
@requires(Permission.MANAGE_AGENCIES)
def deactivate_agency(agency_id: int):
    """Take an agency off the lists used for new work; its past records keep it."""
    return _set_active(agency_id, False)


@bp.route("/<int:agency_id>/reactivate", methods=["POST"])
@requires(Permission.MANAGE_AGENCIES)
def reactivate_agency(agency_id: int):
    """Bring a deactivated agency back."""
    return _set_active(agency_id, True)


def _set_active(agency_id: int, active: bool):
    agency = _agency_or_404(agency_id)
    if ConfirmForm().validate_on_submit() and agency.active != active:
        services.set_agency_active(agency, active, actor=current_user._get_current_object())
        db.session.commit()
        flash(f"{agency.name} ({agency.code}) has been {'reactivated' if active else 'deactivated'}", "success")
    return redirect(url_for("agencies.list_agencies"))
