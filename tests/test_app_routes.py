"""Walks the app's URL map: every endpoint gated, typed ids, kebab-case paths, snapshot, and matrix coverage."""

import importlib
import json
import re
from pathlib import Path

import pytest

from dhr.commands import ROUTES_FILE, route_list
from dhr.core.converters import IdConverter
from dhr.permissions import PUBLIC, SIGNED_IN, Permission, gate_of
from tests.access import MATRICES

FRAMEWORK_ENDPOINTS = {"static"}


def _load_matrices() -> None:
    for path in Path(__file__).parent.rglob("test_access*.py"):
        module = ".".join(path.relative_to(Path(__file__).parent.parent).with_suffix("").parts)
        importlib.import_module(module)


def test_every_endpoint_declares_a_gate(app):
    ungated = [
        f"{endpoint} ({view.__module__}.{view.__name__})"
        for endpoint, view in app.view_functions.items()
        if endpoint not in FRAMEWORK_ENDPOINTS and gate_of(view) is None
    ]
    assert not ungated, f"endpoints without @public, @signed_in or @requires: {ungated}"


def test_gates_are_known_values(app):
    for endpoint, view in app.view_functions.items():
        gate = gate_of(view)
        if endpoint not in FRAMEWORK_ENDPOINTS:
            review_gate = isinstance(gate, tuple) and gate[0] == "review" and isinstance(gate[1], Permission)
            assert gate in (PUBLIC, SIGNED_IN) or isinstance(gate, Permission) or review_gate, (endpoint, gate)


def test_every_route_on_a_review_checks_the_review(app):
    """A view that takes review_id must use @requires_review, which loads the review and scopes access to it."""
    for rule in app.url_map.iter_rules():
        if "review_id" in rule.arguments:
            gate = gate_of(app.view_functions[rule.endpoint])
            assert isinstance(gate, tuple), f"{rule.endpoint} takes review_id but is not @requires_review"
            assert gate[0] == "review", rule.endpoint


def test_public_endpoints_are_the_expected_few(app):
    public = sorted(e for e, v in app.view_functions.items() if gate_of(v) == PUBLIC)
    assert public == [
        "auth.accept_invite",
        "auth.forgot_password",
        "auth.reset_password",
        "auth.set_up_two_step",  # only for the person whose correct password the signed cookie records
        "auth.sign_in",
        "auth.two_step",  # the same
        "calendars.read_feed",  # the feed's secret address is its only key
        "pages.accessibility",
        "pages.health",
        "sso.callback",  # only completes a sign-in this browser started, with the provider's signed answer
        "sso.confirm_link",  # only for the person the provider just signed in, with their own password
        "sso.start",
    ]


def test_id_parameters_use_typed_converters(app):
    for rule in app.url_map.iter_rules():
        for argument, converter in rule._converters.items():
            if argument.endswith("_id"):
                assert isinstance(converter, IdConverter), f"{rule.rule}: <{argument}> must be <int:>"


def test_paths_are_kebab_case(app):
    for rule in app.url_map.iter_rules():
        static_parts = re.sub(r"<[^>]+>", "", rule.rule)
        assert re.fullmatch(r"[a-z0-9/\-.]*", static_parts), f"{rule.rule} is not kebab-case"


def test_route_snapshot_matches(app):
    """Adding or removing a route must be deliberate: run `flask dhr save-routes` and commit the file."""
    assert json.loads(ROUTES_FILE.read_text()) == route_list(app)


def test_every_route_is_in_an_access_matrix(app):
    _load_matrices()
    covered = {(route.endpoint, route.method) for rows in MATRICES.values() for route in rows}
    missing = [
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in FRAMEWORK_ENDPOINTS
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        if (rule.endpoint, method) not in covered
    ]
    assert not missing, f"routes missing from every access matrix: {missing}"


def test_the_gate_fails_closed_for_an_undeclared_endpoint(app, client):
    """An endpoint that somehow lacks a gate is refused, never served."""
    app.view_functions["pages.health"].__dict__.pop("dhr_gate")
    try:
        assert client.get("/health").status_code == 404
    finally:
        app.view_functions["pages.health"].dhr_gate = PUBLIC


@pytest.mark.parametrize("huge", [2**31, 2**63 + 5, 10**30])
def test_ids_beyond_the_database_range_are_not_found(app, client, db, login_as, huge):
    """An id too large for the database's integer column answers 404, never a database error."""
    from dhr.permissions import Role
    from tests.factories import create_partnership, create_user

    login_as(db.run(lambda: create_user(create_partnership(), Role.ADMIN, Role.COORDINATOR)))
    for rule in app.url_map.iter_rules():
        if rule.arguments and "GET" in rule.methods and all(a.endswith("_id") for a in rule.arguments):
            url = rule.rule
            for argument in rule.arguments:
                url = url.replace(f"<int:{argument}>", str(huge))
            assert client.get(url).status_code == 404, url
