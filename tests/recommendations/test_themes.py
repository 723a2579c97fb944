"""The Themes page: add, rename, retire and restore, reorder, start from the defaults; every change audited,
slugs unique in the partnership, errors keep what was typed, retired themes stay where they are used."""

import re

import pytest
from sqlalchemy import func, select

from dhr.audit.models import AuditEvent
from dhr.extensions import db as _db
from dhr.recommendations.models import Theme
from dhr.recommendations.taxonomy import DEFAULT_THEMES
from dhr.recommendations.themes import slug_for
from tests.conftest import check_page, csrf_token, start_session_cookie
from tests.recommendations.rec_world import build_recommendation_world
from tests.test_query_counts import count_queries


@pytest.fixture
def world(db):
    return db.run(build_recommendation_world)


@pytest.fixture
def coordinator(app, db, world):
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["coordinator"])
    return client


def _post(client, url, data=None):
    return client.post(url, data={"csrf_token": csrf_token(client), **(data or {})})


def _themes(db, world) -> list[tuple[str, str, bool]]:
    partnership = db.scalar(select(Theme.partnership_id).where(Theme.id == world["recommendations"]["P1"]["theme"]))
    return [
        (t.slug, t.label, t.active)
        for t in db.scalars(select(Theme).where(Theme.partnership_id == partnership).order_by(Theme.position))
    ]


def _audited(db, action: str) -> int:
    return db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def test_slugs_are_made_from_names():
    assert slug_for("Risk assessment & DASH") == "risk-assessment-dash"
    assert slug_for("  Honour-based abuse ") == "honour-based-abuse"
    assert slug_for("Émigré support") == "emigre-support"
    assert slug_for("!!!") == ""


def test_the_page_lists_every_theme_in_order(coordinator, world):
    page = check_page(coordinator.get("/themes").get_data(as_text=True))
    labels = [row.find("th").get_text(strip=True) for row in page.select("tbody tr")]
    assert labels == [label for _, label in DEFAULT_THEMES]
    assert page.find("caption").get_text(strip=True) == f"{len(DEFAULT_THEMES)} themes, {len(DEFAULT_THEMES)} in use"


def test_adding_a_theme_is_audited_and_a_duplicate_name_is_refused_keeping_the_input(coordinator, db, world):
    response = _post(coordinator, "/themes/new", {"label": "Faith  communities"})
    assert response.status_code == 302
    assert _themes(db, world)[-1] == ("faith-communities", "Faith communities", True)
    assert _audited(db, "theme.added") == 1
    refused = _post(coordinator, "/themes/new", {"label": "faith communities!"})
    assert refused.status_code == 200
    page = check_page(refused.get_data(as_text=True))
    assert page.title.get_text().startswith("Error:")
    assert "There is already a theme called Faith communities" in page.find(class_="govuk-error-summary").get_text()
    assert page.find("input", attrs={"name": "label"})["value"] == "faith communities!"
    empty = _post(coordinator, "/themes/new", {"label": " "})
    assert "Enter the name of the theme" in empty.get_data(as_text=True)
    assert _audited(db, "theme.added") == 1


def test_renaming_changes_the_name_everywhere_and_refuses_a_clash(coordinator, db, world):
    theme = world["recommendations"]["P1"]["theme"]
    assert _post(coordinator, f"/themes/{theme}/edit", {"label": "Stalking"}).status_code == 302
    assert ("stalking", "Stalking", True) in _themes(db, world)
    assert _audited(db, "theme.renamed") == 1
    clash = _post(coordinator, f"/themes/{theme}/edit", {"label": "Housing"})
    assert clash.status_code == 200
    assert "There is already a theme called Housing" in clash.get_data(as_text=True)
    assert 'value="Housing"' in clash.get_data(as_text=True)
    # The same name again changes nothing and writes nothing.
    assert _post(coordinator, f"/themes/{theme}/edit", {"label": "Stalking"}).status_code == 302
    assert _audited(db, "theme.renamed") == 1


def test_a_retired_theme_is_not_offered_but_stays_on_recommendations_that_have_it(coordinator, db, world):
    first = world["recommendations"]["P1"]["themes"][0]  # on R1's recommendation
    label = db.scalar(select(Theme.label).where(Theme.id == first))
    assert _post(coordinator, f"/themes/{first}/retire").status_code == 302
    assert _audited(db, "theme.retired") == 1
    review = world["objects"]["R1"]["review"]
    new_form = coordinator.get(f"/reviews/{review}/recommendations/new").get_data(as_text=True)
    assert f'name="themes" type="checkbox" value="{first}"' not in new_form
    edit_form = coordinator.get(
        f"/reviews/{review}/recommendations/{world['recommendations']['R1']['recommendation']}/edit"
    ).get_data(as_text=True)
    assert f"{label} (retired)" in edit_form
    assert f"{label} (retired)" in coordinator.get(f"/reviews/{review}/recommendations").get_data(as_text=True)
    # Restoring offers it again; retiring twice or restoring twice changes nothing more.
    assert _post(coordinator, f"/themes/{first}/retire").status_code == 302
    assert _audited(db, "theme.retired") == 1
    assert _post(coordinator, f"/themes/{first}/restore").status_code == 302
    assert _audited(db, "theme.restored") == 1
    offered = coordinator.get(f"/reviews/{review}/recommendations/new").get_data(as_text=True)
    assert f'name="themes" type="checkbox" value="{first}"' in offered


def test_themes_move_up_and_down_and_stop_at_the_ends(coordinator, db, world):
    slugs = [slug for slug, _, _ in _themes(db, world)]
    third = world["recommendations"]["P1"]["theme"]
    assert _post(coordinator, f"/themes/{third}/move", {"direction": "up"}).status_code == 302
    moved = [slug for slug, _, _ in _themes(db, world)]
    assert moved == [slugs[0], slugs[2], slugs[1], *slugs[3:]]
    assert _audited(db, "theme.moved") == 1
    first = world["recommendations"]["P1"]["themes"][0]
    assert _post(coordinator, f"/themes/{first}/move", {"direction": "up"}).status_code == 302
    assert _post(coordinator, f"/themes/{first}/move", {"direction": "sideways"}).status_code == 302
    assert [slug for slug, _, _ in _themes(db, world)] == moved
    assert _audited(db, "theme.moved") == 1
    assert _post(coordinator, f"/themes/{first}/move", {"direction": "down"}).status_code == 302
    assert [slug for slug, _, _ in _themes(db, world)][:2] == [slugs[2], slugs[0]]


def test_a_partnership_without_themes_can_start_from_the_defaults(app, db):
    from dhr.permissions import Role
    from tests.factories import create_partnership, create_user

    admin = db.run(lambda: create_user(create_partnership(), Role.ADMIN))
    client = app.test_client()
    start_session_cookie(client, db, admin)
    page = client.get("/themes").get_data(as_text=True)
    assert "Add the Home Office library" in page
    assert _post(client, "/themes/defaults").status_code == 302
    assert db.scalar(select(func.count()).select_from(Theme).where(Theme.partnership_id == admin.partnership_id)) == (
        len(DEFAULT_THEMES)
    )
    assert _audited(db, "theme.defaults_added") == 1
    # Only once: with themes in place, nothing is added.
    assert _post(client, "/themes/defaults").status_code == 302
    assert _audited(db, "theme.defaults_added") == 1
    assert "Add the Home Office library" not in client.get("/themes").get_data(as_text=True)


def test_the_navigation_offers_themes_to_those_who_keep_them(app, db, world):
    for persona, shown in (("coordinator", True), ("admin", True), ("board_member", False), ("chair", False)):
        client = app.test_client()
        start_session_cookie(client, db, world["users"][persona])
        html = client.get("/").get_data(as_text=True)
        assert bool(re.search(r'href="/themes"', html)) is shown, persona


def test_the_themes_page_uses_a_constant_number_of_queries(coordinator, db, world):
    partnership = db.scalar(select(Theme.partnership_id).where(Theme.id == world["recommendations"]["P1"]["theme"]))
    counts = []
    for round_ in range(2):
        with count_queries(db.connection) as statements:
            assert coordinator.get("/themes").status_code == 200
        counts.append(len(statements))
        db.run(
            lambda r=round_: _db.session.add_all(
                Theme(partnership_id=partnership, slug=f"extra-{r}-{n}", label=f"Extra {r} {n}") for n in range(5)
            )
        )
    assert counts[0] == counts[1], counts
