"""Clock rules: which guidance the partnership follows, and its own timescales for each clock."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from dhr.clocks.forms import GuidanceForm, rules_form, specs_from
from dhr.clocks.rules import DEFAULT_RULES
from dhr.clocks.service import rules_for, save_rules, set_guidance
from dhr.extensions import db
from dhr.partnerships.models import GuidanceVersion
from dhr.permissions import Permission, requires

bp = Blueprint("clocks", __name__, url_prefix="/admin/clock-rules")


@bp.route("", methods=["GET", "POST"])
@requires(Permission.MANAGE_CLOCK_RULES)
def edit_rules():
    """Switch guidance, or change the current guidance's timescales. Every change is audited."""
    partnership = current_user.partnership
    actor = current_user._get_current_object()
    rules = rules_for(partnership)
    guidance_form = GuidanceForm(formdata=None, guidance=partnership.guidance.value)
    form = rules_form(rules, formdata=None)
    if request.method == "POST" and "guidance" in request.form:
        guidance_form = GuidanceForm()
        if guidance_form.validate_on_submit():
            set_guidance(partnership, GuidanceVersion(guidance_form.guidance.data), actor=actor)
            db.session.commit()
            flash(f"Clocks now follow the {partnership.guidance.label}", "success")
            return redirect(url_for("clocks.edit_rules"))
    elif request.method == "POST":
        form = rules_form(rules, formdata=request.form)
        if form.validate_on_submit():
            save_rules(partnership, partnership.guidance, specs_from(form, rules), actor=actor)
            db.session.commit()
            flash("Clock rules saved. Every review's clocks now use them.", "success")
            return redirect(url_for("clocks.edit_rules"))
    defaults = {rule.key: rule for rule in DEFAULT_RULES[partnership.guidance]}
    return render_template(
        "clocks/edit-rules.html",
        form=form,
        guidance_form=guidance_form,
        rules=rules,
        defaults=defaults,
        partnership=partnership,
    )
