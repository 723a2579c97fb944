"""Access matrix for agency evidence: agency A's contributor against agency B's request and entries, other reviews,
and every other persona."""

from dataclasses import dataclass

import pytest

from tests.access import Route, register, run_matrix
from tests.reviews.review_world import MISSING, PERSONAS, REVIEW_ACCESS, build_review_world, deactivate

# What each persona may do to each agency's request, written out by hand:
# view = open the request page; contribute = add, change, delete entries and submit; review = accept or return.
EVIDENCE_ACCESS: dict[str, dict[str, frozenset[str]]] = {
    "coordinator": {rel: frozenset({"view", "review"}) for rel in ("A", "B", "R2")},
    "chair": {"A": frozenset({"view", "review"}), "B": frozenset({"view", "review"})},
    "other_review_chair": {"R2": frozenset({"view", "review"})},
    "contributor_a": {"A": frozenset({"view", "contribute"})},
    "contributor_b": {"B": frozenset({"view", "contribute"})},
}
GATE = {"view": "view_review", "contribute": "contribute_evidence", "review": "review_evidence"}


@dataclass(frozen=True)
class EvidenceRoute(Route):
    """A route on one agency's request (`ability`) or on the review as a whole (`needs`)."""

    ability: str = ""
    needs: str = ""

    @property
    def relations(self) -> tuple[str, ...]:
        if self.ability:
            return ("A", "B", "R2", "missing")
        return ("R1", "R2", "missing")


def E(endpoint, method, path, ability="", needs="", success=200, data=None):  # noqa: N802
    return EvidenceRoute(
        endpoint,
        method,
        path,
        frozenset(),
        success=success,
        data=data or (lambda o: {}),
        scoped=True,
        ability=ability,
        needs=needs,
    )


ENTRY = {"when": "4/3/2026", "details": "A new contact", "event_type": "Visit"}
INVOLVEMENT = {
    "contact_victim": "yes",
    "contact_perpetrator": "no",
    "contact_children": "unknown",
    "output": "chronology",
    "due_on": ["1", "1", "2027"],
}
ROUTES = register(
    "evidence",
    [
        E("evidence.matrix", "GET", lambda o: f"/reviews/{o['review']}/agencies", needs="review_evidence"),
        E("evidence.add_involvement", "GET", lambda o: f"/reviews/{o['review']}/agencies/add", needs="manage_evidence"),
        E(
            "evidence.add_involvement",
            "POST",
            lambda o: f"/reviews/{o['review']}/agencies/add",
            needs="manage_evidence",
            success=302,
            data=lambda o: {**INVOLVEMENT, "agency": str(o["agency_c"])},
        ),
        E("evidence.combined", "GET", lambda o: f"/reviews/{o['review']}/chronology", needs="view_chronology"),
        E(
            "evidence.export_chronology",
            "GET",
            lambda o: f"/reviews/{o['review']}/chronology/export?format=csv",
            needs="view_chronology",
        ),
        E(
            "evidence.edit_involvement",
            "GET",
            lambda o: f"/reviews/{o['review']}/agencies/{o['involvement']}/edit",
            ability="manage",
        ),
        E(
            "evidence.edit_involvement",
            "POST",
            lambda o: f"/reviews/{o['review']}/agencies/{o['involvement']}/edit",
            ability="manage",
            success=302,
            data=lambda o: dict(INVOLVEMENT),
        ),
        E(
            "evidence.send_request",
            "POST",
            lambda o: f"/reviews/{o['review']}/agencies/{o['involvement']}/request",
            ability="manage",
            success=302,
        ),
        E(
            "evidence.send_all_requests",
            "POST",
            lambda o: f"/reviews/{o['review']}/agencies/requests",
            needs="manage_evidence",
            success=302,
        ),
        E(
            "evidence.view_request",
            "GET",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}",
            ability="view",
        ),
        E(
            "evidence.new_entry",
            "GET",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}/entries/new",
            ability="contribute",
        ),
        E(
            "evidence.new_entry",
            "POST",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}/entries/new",
            ability="contribute",
            success=302,
            data=lambda o: dict(ENTRY),
        ),
        E(
            "evidence.edit_entry",
            "GET",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}/entries/{o['entry']}/edit",
            ability="contribute",
        ),
        E(
            "evidence.edit_entry",
            "POST",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}/entries/{o['entry']}/edit",
            ability="contribute",
            success=302,
            data=lambda o: dict(ENTRY),
        ),
        E(
            "evidence.delete_entry",
            "POST",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}/entries/{o['entry']}/delete",
            ability="contribute",
            success=302,
        ),
        E(
            "evidence.submit",
            "POST",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}/submit",
            ability="contribute",
            success=302,
        ),
        E(
            "evidence.edit_imr",
            "GET",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}/imr",
            ability="contribute",
        ),
        # These agencies were asked for a chronology only: allowed users get the form back saying so.
        E(
            "evidence.edit_imr",
            "POST",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}/imr",
            ability="contribute",
            data=lambda o: {"author_name": "A"},
        ),
        E(
            "evidence.upload_imr",
            "GET",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}/imr/upload",
            ability="contribute",
        ),
        E(
            "evidence.upload_imr",
            "POST",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}/imr/upload",
            ability="contribute",
        ),
        E(
            "evidence.view_imr",
            "GET",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}/imr/versions/{o['imr']}",
            ability="view",
        ),
        E(
            "reports.download_imr",
            "GET",
            lambda o: f"/reviews/{o['review']}/documents/imr/{o['imr']}",
            ability="view",
        ),
        E(
            "evidence.duplicates",
            "GET",
            lambda o: f"/reviews/{o['review']}/chronology/duplicates",
            needs="review_evidence",
        ),
        E(
            "evidence.decide_duplicate",
            "POST",
            lambda o: f"/reviews/{o['review']}/chronology/duplicates/{o['entry']}/{o['entry_b']}",
            ability="review",
            success=302,
            data=lambda o: {"same_event": "yes"},
        ),
        E(
            "evidence.upload_spreadsheet",
            "GET",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}/import",
            ability="contribute",
        ),
        # No file chosen: allowed users get the form back with "Select a spreadsheet to upload".
        E(
            "evidence.upload_spreadsheet",
            "POST",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}/import",
            ability="contribute",
        ),
        E(
            "evidence.map_columns",
            "GET",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}/import/{o['import']}",
            ability="contribute",
        ),
        E(
            "evidence.map_columns",
            "POST",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}/import/{o['import']}",
            ability="contribute",
            data=lambda o: {"date": "Date", "details": "Details"},
        ),
        E(
            "evidence.accept",
            "POST",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}/accept",
            ability="review",
            success=302,
        ),
        # Not submitted yet, so allowed users are sent back to the request with a message.
        E(
            "evidence.return_submission",
            "GET",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}/return",
            ability="review",
            success=302,
        ),
        E(
            "evidence.return_submission",
            "POST",
            lambda o: f"/reviews/{o['review']}/evidence/{o['involvement']}/return",
            ability="review",
            success=302,
            data=lambda o: {"reason": "Please add the GP records"},
        ),
    ],
)


def expected(route: EvidenceRoute, persona: str, relation: str) -> int:
    if persona in ("anonymous", "deactivated"):
        return 302
    review_key = "R2" if relation == "R2" else "R1"
    access = REVIEW_ACCESS[persona].get(review_key, frozenset())
    if not access or (relation == "missing" and not route.ability):
        return 404  # a review you cannot see, or no such review
    if not route.ability:
        return route.success if route.needs in access else 403
    gate = "manage_evidence" if route.ability == "manage" else GATE[route.ability]
    if gate not in access:
        return 403
    if relation == "missing":
        return 404
    if route.ability == "manage":
        return route.success  # coordinators manage every agency of a review they can see
    if route.endpoint == "evidence.decide_duplicate" and relation == "R2":
        return 404  # R2 has no entries: the pair offered is R1's, which does not exist on R2
    return route.success if route.ability in EVIDENCE_ACCESS.get(persona, {}).get(relation, ()) else 404


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_evidence_access_matrix(app, db, route):
    world = db.run(build_review_world)
    reviews, evidence = world["objects"], world["evidence"]

    def objects_for(persona, relation):
        if not route.ability and relation in ("R1", "R2"):
            return {"review": reviews[relation]["review"], "agency_c": evidence["agency_c"]}
        if relation == "missing":
            review = reviews["R1"]["review"] if route.ability else MISSING
            return {
                "review": review,
                "involvement": MISSING,
                "entry": MISSING,
                "import": MISSING,
                "entry_b": MISSING,
                "imr": MISSING,
                "agency_c": evidence["agency_c"],
            }
        review = reviews["R2" if relation == "R2" else "R1"]["review"]
        entry = evidence[relation]["entry"] or evidence["A"]["entry"]
        batch = evidence[relation]["import"] or evidence["A"]["import"]
        other = evidence["B"]["entry"] if relation != "B" else evidence["A"]["entry"]
        return {
            "review": review,
            "involvement": evidence[relation]["involvement"],
            "entry": entry,
            "import": batch,
            "entry_b": other,
            "imr": evidence[relation]["imr"],
        }

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(app, db, route, PERSONAS, route.relations, expected, objects_for, world["users"], after_login)
    assert not failures, "\n".join(failures)
