"""Drafting through the pages: editing, the optimistic-locking conflict, comments, versions, tokens and citations."""

from sqlalchemy import func, select

from dhr.audit.models import AuditEvent
from dhr.drafting.models import DraftSection, DraftVersion, SectionComment
from tests.conftest import csrf_token, start_session_cookie
from tests.drafting.drafting_world import build_drafting_world
from tests.test_query_counts import count_queries

BASE = "/reviews/{}/report/overview"


def _signed_in(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def _edit(client, review_id, key, body, base):
    return client.post(
        f"{BASE.format(review_id)}/{key}/edit",
        data={"csrf_token": csrf_token(client), "body": body, "base_revision": str(base)},
    )


def _section(db, review_id, key):
    return db.scalar(select(DraftSection).where(DraftSection.review_id == review_id, DraftSection.section_key == key))


def test_a_new_section_starts_from_the_record_and_saves_with_numbered_paragraphs(app, db):
    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    chair = _signed_in(app, db, world, "chair")
    page = chair.get(f"{BASE.format(r1)}/confidentiality/edit").get_data(as_text=True)
    victim = world["drafting"]["victim_r1"]
    assert f"[[person:{victim}]] (victim)" in page
    assert "CNRY-REALNAME" not in page
    response = _edit(chair, r1, "confidentiality", f"First.\n\nSecond mentions [[person:{victim}]].", 0)
    assert response.status_code == 302
    document = chair.get(BASE.format(r1)).get_data(as_text=True)
    assert 'id="para-3.2"' in document
    assert "Adult R1" in document
    assert db.scalar(select(func.count()).where(AuditEvent.action == "draft.section_saved")) >= 3


def test_the_second_save_of_the_same_section_is_a_conflict_that_keeps_both_texts(app, db):
    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    base = world["drafting"]["R1"]["section_revision"]
    chair, author = _signed_in(app, db, world, "chair"), _signed_in(app, db, world, "author")
    assert _edit(chair, r1, "analysis", "The chair's analysis.", base).status_code == 302
    response = _edit(author, r1, "analysis", "The author's analysis.", base)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "saved this section after you opened it" in page
    assert "The chair&#39;s analysis." in page
    assert "The author&#39;s analysis." in page
    assert _section(db, r1, "analysis").body == "The chair's analysis."
    # Saving again from the conflict page is a deliberate replacement.
    new_base = _section(db, r1, "analysis").revision
    assert f'value="{new_base}"' in page
    assert _edit(author, r1, "analysis", "Combined analysis.", new_base).status_code == 302
    assert _section(db, r1, "analysis").body == "Combined analysis."


def test_a_date_of_birth_or_stray_token_is_refused_and_the_text_kept(app, db):
    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    chair = _signed_in(app, db, world, "chair")
    typed = "Fine.\n\nThen cnry-REALPERP, known as JONNO, born 14 March 1980, left. [[person:999999]]"
    response = _edit(chair, r1, "background", typed, 0)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Paragraph 13.2 contains the date of birth of Adult P (perpetrator)" in page
    assert "The token person:999999 does not point at anything in this review" in page
    assert "the real name of Adult P" not in page  # a name is not refused: it becomes a token
    assert "known as JONNO, born 14 March 1980" in page  # what was typed is still in the box
    assert _section(db, r1, "background") is None


def test_a_refusal_names_the_paragraph_as_numbered_on_the_page_when_a_subheading_comes_first(app, db):
    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    chair = _signed_in(app, db, world, "chair")
    typed = "### Early years\n\nThe perpetrator, born 14 March 1980, moved to London."
    page = _edit(chair, r1, "background", typed, 0).get_data(as_text=True)
    assert "Paragraph 13.1 contains the date of birth of Adult P (perpetrator)" in page
    assert "Paragraph 13.2" not in page


def test_a_real_name_or_alias_in_a_draft_is_saved_as_the_persons_token(app, db):
    world = db.run(build_drafting_world)
    r1, perpetrator = world["objects"]["R1"]["review"], world["drafting"]["perpetrator"]
    chair = _signed_in(app, db, world, "chair")
    response = _edit(chair, r1, "background", "Fine.\n\nThen Perry REALPERP, known as JONNO, left.", 0)
    assert response.status_code == 302
    assert _section(db, r1, "background").body == (
        f"Fine.\n\nThen [[person:{perpetrator}]], known as [[person:{perpetrator}]], left."
    )
    page = chair.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 names from the people register saved as person tokens" in page
    document = chair.get(BASE.format(r1)).get_data(as_text=True)
    assert "REALPERP" not in document
    assert "JONNO" not in document
    assert '<span class="dhr-person">Adult P</span>, known as <span class="dhr-person">Adult P</span>' in document


def test_tokens_render_as_pseudonyms_and_real_names_only_on_request_by_permitted_users(app, db):
    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    chair = _signed_in(app, db, world, "chair")
    plain = chair.get(BASE.format(r1)).get_data(as_text=True)
    assert "Adult P" in plain
    assert "Perry Realperp" not in plain
    named = chair.get(BASE.format(r1) + "?names=real").get_data(as_text=True)
    assert "Perry Realperp" in named
    assert "Real names are shown" in named
    (revealed,) = db.scalars(select(AuditEvent).where(AuditEvent.action == "identity.revealed"))
    assert revealed.data["endpoint"] == "drafting.document"
    assert revealed.data["shown"] == ["the real name of Adult P (perpetrator)", "the real name of Adult R1 (victim)"]
    panel = _signed_in(app, db, world, "panel_member")
    refused = panel.get(BASE.format(r1) + "?names=real").get_data(as_text=True)
    assert "Perry Realperp" not in refused
    assert "CNRY-REALNAME" not in refused
    assert "Adult P" in refused


def test_a_citation_links_to_the_cited_row_for_readers_of_the_chronology(app, db):
    world = db.run(build_drafting_world)
    r1, entry = world["objects"]["R1"]["review"], world["drafting"]["entry"]
    href = f"/reviews/{r1}/report/chronology/{entry}"
    panel = _signed_in(app, db, world, "panel_member")
    assert f'href="{href}"' in panel.get(BASE.format(r1)).get_data(as_text=True)
    row = panel.get(href).get_data(as_text=True)
    assert "CNRY-ENTRY-A" in row
    assert "Analysis" in row
    observer = _signed_in(app, db, world, "observer")  # may read the draft, not the chronology
    page = observer.get(BASE.format(r1)).get_data(as_text=True)
    assert "(chronology: " in page
    assert f'href="{href}"' not in page


def test_comments_cite_real_paragraphs_and_the_chair_resolves_them(app, db):
    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    panel = _signed_in(app, db, world, "panel_member")
    url = f"{BASE.format(r1)}/analysis/comments"
    bad = panel.post(url, data={"csrf_token": csrf_token(panel), "paragraph": "16.9", "body": "Keep me"})
    assert "There is no paragraph 16.9 in this section" in bad.get_data(as_text=True)
    assert "Keep me" in bad.get_data(as_text=True)
    assert (
        panel.post(url, data={"csrf_token": csrf_token(panel), "paragraph": "16.2", "body": "Say more"}).status_code
        == 302
    )
    comment = db.scalar(select(SectionComment).where(SectionComment.body == "Say more"))
    chair = _signed_in(app, db, world, "chair")
    resolve = f"{BASE.format(r1)}/comments/{comment.id}/resolve"
    assert chair.post(resolve, data={"csrf_token": csrf_token(chair), "resolution": "Added 16.3"}).status_code == 302
    page = chair.get(f"{BASE.format(r1)}/analysis").get_data(as_text=True)
    assert "Resolved by" in page
    assert "Added 16.3" in page
    # Another review's comment does not exist here.
    r2 = world["objects"]["R2"]["review"]
    other = chair.post(f"{BASE.format(r2)}/comments/{comment.id}/resolve", data={"csrf_token": csrf_token(chair)})
    assert other.status_code == 404


def test_versions_number_up_and_any_two_can_be_compared(app, db):
    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    chair = _signed_in(app, db, world, "chair")
    base = world["drafting"]["R1"]["section_revision"]
    assert _edit(chair, r1, "analysis", "A rewritten analysis.", base).status_code == 302
    chair.post(f"{BASE.format(r1)}/versions", data={"csrf_token": csrf_token(chair), "note": "Second"})
    labels = db.scalars(select(DraftVersion.number).where(DraftVersion.review_id == r1).order_by(DraftVersion.number))
    assert labels == [1, 2]
    page = chair.get(f"{BASE.format(r1)}/compare?old=1&new=2").get_data(as_text=True)
    assert "1 section changed" in page
    assert '<del class="dhr-del">' in page
    assert "rewritten" in page
    assert "v0.1" in page
    assert "v0.2" in page
    assert chair.get(f"{BASE.format(r1)}/compare?old=1&new=99").status_code == 404


def test_the_document_page_uses_a_constant_number_of_queries(app, db):
    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    chair = _signed_in(app, db, world, "chair")
    counts = []
    for key in ("introduction", "background", "chronology"):
        with count_queries(db.connection) as statements:
            assert chair.get(BASE.format(r1)).status_code == 200
        counts.append(len(statements))
        text = f"Text.\n\nMore [[entry:{world['drafting']['entry']}]]."
        assert _edit(chair, r1, key, text, 0).status_code == 302
        chair.post(
            f"{BASE.format(r1)}/{key}/comments", data={"csrf_token": csrf_token(chair), "body": "c", "paragraph": ""}
        )
    assert counts[0] == counts[1] == counts[2], counts


def test_comments_and_resolutions_save_names_as_tokens_and_a_version_refuses_a_date_of_birth(app, db):
    world = db.run(build_drafting_world)
    r1, perpetrator = world["objects"]["R1"]["review"], world["drafting"]["perpetrator"]
    panel = _signed_in(app, db, world, "panel_member")
    response = panel.post(
        f"{BASE.format(r1)}/analysis/comments",
        data={"csrf_token": csrf_token(panel), "paragraph": "", "body": "Did cnry realperp see the GP?"},
    )
    assert response.status_code == 302
    bodies = db.scalars(select(SectionComment.body).where(SectionComment.review_id == r1))
    assert f"Did cnry [[person:{perpetrator}]] see the GP?" in bodies
    chair = _signed_in(app, db, world, "chair")
    comment = world["drafting"]["R1"]["comment"]
    chair.post(
        f"{BASE.format(r1)}/comments/{comment}/resolve",
        data={"csrf_token": csrf_token(chair), "resolution": "Asked Jonno"},
    )
    assert db.scalar(select(SectionComment.resolution).where(SectionComment.id == comment)) == (
        f"Asked [[person:{perpetrator}]]"
    )
    chair.post(f"{BASE.format(r1)}/versions", data={"csrf_token": csrf_token(chair), "note": "Born 14/03/1980"})
    assert db.scalars(select(DraftVersion.number).where(DraftVersion.review_id == r1)) == [1]


def test_a_malformed_base_revision_is_a_form_error(app, db):
    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    chair = _signed_in(app, db, world, "chair")
    for base in ("\u00b2", "9" * 5000):
        response = _edit(chair, r1, "analysis", "Kept text.", base)
        assert response.status_code == 200
        assert "The page was incomplete" in response.get_data(as_text=True)


def test_a_section_saved_after_the_idle_timeout_is_kept_and_comes_back_after_signing_in(app, db, frozen_clock):
    """The case that started it: a draft section saved 31 minutes after the editor opened was lost."""
    from tests.factories import PASSWORD

    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    chair = _signed_in(app, db, world, "chair")
    page = f"{BASE.format(r1)}/confidentiality/edit"
    token = csrf_token(chair)
    assert chair.get(page).status_code == 200
    frozen_clock.advance(minutes=31)
    typed = "Typed for half an hour before pressing save."
    sent = chair.post(page, data={"csrf_token": token, "dhr_page": page, "body": typed, "base_revision": "0"})
    assert sent.headers["Location"].startswith("/sign-in?next=")
    assert _section(db, r1, "confidentiality") is None  # nothing saved while signed out

    email = world["users"]["chair"].email
    credentials = {"csrf_token": csrf_token(chair), "email": email, "password": PASSWORD}
    assert chair.post(sent.headers["Location"], data=credentials).headers["Location"] == page
    html = chair.get(page).get_data(as_text=True)
    assert typed in html
    assert "We have put back what you typed" in html


def test_the_equality_judgements_keep_what_was_typed_on_an_error_and_save_with_an_audit_event(app, db):
    from dhr.drafting.models import EqualityJudgement

    world = db.run(build_drafting_world)
    rid = world["objects"]["R1"]["review"]
    chair = _signed_in(app, db, world, "chair")
    page = chair.get(f"/reviews/{rid}/equality").get_data(as_text=True)
    assert "Still needed: Age: not judged" in page
    typed = "Her age mattered to how the GP responded, and the panel found the practice did not ask about abuse."
    bad = chair.post(
        f"/reviews/{rid}/equality",
        data={"csrf_token": csrf_token(chair), "judged_0": "relevant", "text_0": typed, "judged_1": "relevant"},
    )
    html = bad.get_data(as_text=True)
    assert bad.status_code == 200
    assert "Enter the analysis for disability" in html
    assert typed in html  # nothing typed is lost
    saved = chair.post(
        f"/reviews/{rid}/equality",
        data={
            "csrf_token": csrf_token(chair),
            "judged_0": "relevant",
            "text_0": typed,
            "judged_2": "not_relevant",
            "text_2": "Nothing suggests it bore on events.",
        },
    )
    assert saved.status_code == 302
    rows = {r.characteristic: (r.relevant, r.text) for r in db.scalars(select(EqualityJudgement))}
    assert rows == {"Age": (True, typed), "Gender reassignment": (False, "Nothing suggests it bore on events.")}
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "drafting.equality_judged"))
    assert event.data["changed"] == ["Age", "Gender reassignment"]
    assert typed not in str(event.data)  # the analysis is case text: not in the audit log


def test_finding_rows_to_cite_keeps_the_typed_text_and_saves_nothing(app, db):
    world = db.run(build_drafting_world)
    r1, entry = world["objects"]["R1"]["review"], world["drafting"]["entry"]
    chair = _signed_in(app, db, world, "chair")
    before = _section(db, r1, "analysis")
    response = chair.post(
        f"{BASE.format(r1)}/analysis/edit",
        data={
            "csrf_token": csrf_token(chair),
            "body": "Half-written analysis, not yet saved",
            "base_revision": "0",
            "q": "CNRY-ENTRY-A",
            "find": "rows",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Half-written analysis, not yet saved" in page
    assert f"[[entry:{entry}]]" in page
    after = _section(db, r1, "analysis")
    assert (after.revision, after.body) == (before.revision, before.body)


def test_going_to_the_equality_judgements_saves_the_introduction_first(app, db):
    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    chair = _signed_in(app, db, world, "chair")
    url = f"{BASE.format(r1)}/equality_and_diversity/edit"
    assert 'name="then" value="equality"' in chair.get(url).get_data(as_text=True)
    response = chair.post(
        url,
        data={
            "csrf_token": csrf_token(chair),
            "body": "The panel considered each protected characteristic.",
            "base_revision": "0",
            "then": "equality",
        },
    )
    assert response.headers["Location"] == f"/reviews/{r1}/equality"
    assert _section(db, r1, "equality_and_diversity").body == "The panel considered each protected characteristic."
