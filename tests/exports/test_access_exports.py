"""Access matrix for long exports: asking for one (as the chronology's readers may), and following and downloading
one's own; another person's export, one on another review, and a missing one do not exist for you."""

import pytest

from dhr.exports.models import ExportJob, ExportStatus
from dhr.extensions import db as _db
from tests.access import Route, register, run_matrix
from tests.reviews.review_world import MISSING, PERSONAS, REVIEW_ACCESS, build_review_world, deactivate


def X(endpoint, method, path, success=200, data=None):  # noqa: N802
    return Route(endpoint, method, path, frozenset(), success=success, data=data or (lambda o: {}), scoped=True)


START = X(
    "exports.start_chronology_export",
    "POST",
    lambda o: f"/reviews/{o['review']}/chronology/export-job",
    303,
    lambda o: {"format": "csv", "names": "pseudonyms"},
)
ROUTES = register(
    "exports",
    [
        START,
        X("exports.view_export", "GET", lambda o: f"/reviews/{o['review']}/exports/{o['export']}"),
        X("exports.download_export", "GET", lambda o: f"/reviews/{o['review']}/exports/{o['export']}/download"),
    ],
)
RELATIONS = ("own", "colleague", "R2", "missing")


def _export(review_id: int, user) -> int:
    job = ExportJob(
        partnership_id=user.partnership_id,
        review_id=review_id,
        user_id=user.id,
        kind="chronology",
        params={"format": "csv", "real_names": False, "args": {}},
        status=ExportStatus.DONE,
        content=b"Date\n",
        filename="x.csv",
        mimetype="text/csv",
        rows_done=0,
        rows_total=0,
    )
    _db.session.add(job)
    _db.session.flush()
    return job.id


def _build():
    world = build_review_world()
    r1, r2 = world["objects"]["R1"]["review"], world["objects"]["R2"]["review"]
    exports = {
        p: _export(r1, u) for p, u in world["users"].items() if "view_chronology" in REVIEW_ACCESS[p].get("R1", ())
    }
    exports["_colleague"] = _export(r1, world["users"]["author"])
    exports["_r2"] = _export(r2, world["users"]["other_review_chair"])
    return world, exports


def expected(route: Route, persona: str, relation: str) -> int:
    if persona in ("anonymous", "deactivated"):
        return 302
    if route is START and relation == "missing":
        return 404  # no such review
    review_key = "R2" if relation == "R2" else "R1"
    access = REVIEW_ACCESS[persona].get(review_key, frozenset())
    if not access:
        return 404
    if "view_chronology" not in access:
        return 403
    if route is START:
        return route.success if relation != "missing" else 404
    owners = {"own": persona, "colleague": "author", "R2": "other_review_chair"}
    own = owners.get(relation) == persona
    return route.success if own else 404


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.endpoint}")
def test_exports_access_matrix(app, db, route):
    world, exports = db.run(_build)
    reviews = world["objects"]

    def objects_for(persona, relation):
        if relation == "missing":
            return {"review": MISSING if route is START else reviews["R1"]["review"], "export": MISSING}
        if relation == "R2":
            return {"review": reviews["R2"]["review"], "export": exports["_r2"]}
        if relation == "colleague":
            return {"review": reviews["R1"]["review"], "export": exports["_colleague"]}
        return {"review": reviews["R1"]["review"], "export": exports.get(persona, MISSING)}

    def after_login(persona):
        if persona == "deactivated":
            db.run(deactivate, world)

    failures = run_matrix(app, db, route, PERSONAS, RELATIONS, expected, objects_for, world["users"], after_login)
    assert not failures, "\n".join(failures)
