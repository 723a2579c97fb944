"""Partnership settings page."""

from flask import Blueprint, render_template, url_for
from flask_login import current_user

from dhr.core.saving import attempt
from dhr.partnerships.forms import SettingsForm
from dhr.partnerships.models import ReviewLabel
from dhr.partnerships.services import update_settings
from dhr.permissions import Permission, requires

bp = Blueprint("partnerships", __name__, url_prefix="/admin/settings")


@bp.route("", methods=["GET", "POST"])
@requires(Permission.MANAGE_PARTNERSHIP)
def edit_settings():
    """Change the partnership's name, reference prefix and review label."""
    partnership = current_user.partnership
    form = SettingsForm(
        data={
            "name": partnership.name,
            "reference_prefix": partnership.reference_prefix,
            "review_label": partnership.review_label.value,
            "evidence_due_days": partnership.evidence_due_days,
            "two_step_for_everyone": partnership.two_step_for_everyone,
            "s19_commenced_on": partnership.s19_commenced_on,
            "signatory_name": partnership.signatory_name,
            "signatory_role": partnership.signatory_role,
        }
    )
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: update_settings(
                partnership,
                name=form.name.data,
                reference_prefix=form.reference_prefix.data,
                review_label=ReviewLabel(form.review_label.data),
                evidence_due_days=form.evidence_due_days.data,
                two_step_for_everyone=form.two_step_for_everyone.data,
                s19_commenced_on=form.s19_commenced_on.data,
                signatory=((form.signatory_name.data or "").strip(), (form.signatory_role.data or "").strip()),
                actor=current_user._get_current_object(),
            ),
            form=form,
            field="name",
            done="Partnership settings saved",
            to=url_for("partnerships.edit_settings"),
        )
    ):
        return saved
    return render_template("partnerships/edit-settings.html", form=form)
