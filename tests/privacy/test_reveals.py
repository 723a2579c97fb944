"""Every route that shows a review's real names audits it: a walk over every review page and download, as a
coordinator who may see identities, with and without ?names=real."""

import io
import re
import zipfile

from sqlalchemy import func, select

from dhr.audit.models import AuditEvent
from tests.conftest import start_session_cookie
from tests.drafting.drafting_world import build_drafting_world

CANARIES = ("CNRY-REALNAME-R1", "REALPERP")  # R1's victim and perpetrator, as registered
VARIANTS = ("", "?names=real", "?names=real&format=csv", "?names=real&version=draft")


def _fill(world) -> dict[str, str]:
    """What each URL argument is in the drafting world (routes needing anything else are listed as not walked)."""
    return {
        "review_id": str(world["objects"]["R1"]["review"]),
        "slug": "overview",
        "kind": "overview",
        "key": "analysis",
        "number": "1",
        "entry_id": str(world["drafting"]["entry"]),
        "person_id": str(world["drafting"]["victim_r1"]),
        "involvement_id": str(world["evidence"]["A"]["involvement"]),
    }


def _text(response) -> str:
    """The response as text: a Word or Excel file's XML parts read out of the zip."""
    data = response.get_data()
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return "\n".join(
                re.sub(r"<[^>]+>", "", package.read(name).decode("utf-8", "replace"))
                for name in package.namelist()
                if name.endswith(".xml")
            )
    return data.decode("utf-8", "replace")


def _audited(db, after: int) -> bool:
    events = db.scalars(select(AuditEvent).where(AuditEvent.id > after))
    return any(e.action == "identity.revealed" or (e.data or {}).get("real_names") for e in events)


def test_every_review_route_that_shows_a_real_name_audits_it(app, db):
    world = db.run(build_drafting_world)
    client = app.test_client()
    start_session_cookie(client, db, world["users"]["coordinator"])
    fill = _fill(world)
    walked, revealing, not_walked = 0, [], []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or not rule.rule.startswith("/reviews/<int:review_id>"):
            continue
        if not set(rule.arguments) <= set(fill):
            not_walked.append(rule.rule)
            continue
        path = rule.rule
        for name in rule.arguments:
            path = re.sub(rf"<(?:\w+:)?{name}>", fill[name], path)
        for variant in VARIANTS:
            before = db.scalar(select(func.coalesce(func.max(AuditEvent.id), 0)))
            response = client.get(path + variant)
            walked += 1
            if response.status_code != 200:
                continue
            body = _text(response).upper()
            if any(canary in body for canary in CANARIES):
                revealing.append(path + variant)
                assert _audited(db, before), f"{path + variant} shows a real name without an audit event"
    assert walked > 150, walked
    # The reveals this world offers: the people register, the draft with names, and the downloads with names.
    assert len(revealing) >= 20, revealing
    assert any("/people" in url for url in revealing), revealing
    assert any("/documents/report/overview?names=real" in url for url in revealing), revealing
    assert any("/documents/letters/home-office-decision?names=real" in url for url in revealing), revealing
    assert len(not_walked) < 60, not_walked
