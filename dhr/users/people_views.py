"""A system administrator adds someone who already has an account to any partnership."""

from flask import Blueprint, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from dhr.auth.services import find_user_by_email
from dhr.core.forms import choices
from dhr.core.saving import attempt
from dhr.extensions import db
from dhr.partnerships.models import Partnership
from dhr.permissions import Permission, requires
from dhr.users import services
from dhr.users.forms import AddToPartnershipForm

bp = Blueprint("people", __name__, url_prefix="/admin/people")


def _add(form: AddToPartnershipForm):
    person = find_user_by_email(form.email.data)
    if person is None:
        raise services.AccountError(
            "There is no account for this email address: the partnership's administrator invites new people",
            field="email",
        )
    partnership = db.session.get(Partnership, int(form.partnership.data))
    return services.add_existing_person(
        person,
        partnership=partnership,
        agency=None,
        roles=form.chosen_roles(),
        actor=current_user._get_current_object(),
    )


@bp.route("/add", methods=["GET", "POST"])
@requires(Permission.MANAGE_MEMBERSHIPS)
def add_to_partnership():
    """Give a person with an account a membership of another partnership, without a new account."""
    form = AddToPartnershipForm()
    partnerships = db.session.scalars(select(Partnership).order_by(Partnership.name)).all()
    form.partnership.choices = choices([("", "Choose a partnership")] + [(p.id, p.name) for p in partnerships])
    if form.validate_on_submit() and (
        saved := attempt(
            lambda: _add(form),
            form=form,
            field="partnership",
            done=lambda person: f"{person.name} has been added to {person.memberships[-1].partnership.name}",
            to=url_for("people.add_to_partnership"),
        )
    ):
        return saved
    return render_template("users/add-to-partnership.html", form=form)
