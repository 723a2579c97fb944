"""BaseForm behaviour shared by every form."""

from wtforms import StringField

from dhr.core.forms import BaseForm


class _Sample(BaseForm):
    class Meta:
        csrf = False

    name = StringField("Name", filters=[lambda v: v.upper() if isinstance(v, str) else v])


def test_whitespace_is_stripped_and_the_fields_own_filters_still_run(app):
    from werkzeug.datastructures import MultiDict

    with app.test_request_context():
        form = _Sample(MultiDict({"name": "  ada  "}))
    assert form.name.data == "ADA"
