"""Downloading Word documents through the pages and the command line: names, marking, refusal and audit."""

from sqlalchemy import func, select

from dhr.audit.models import AuditEvent
from dhr.core.dates import london_today
from dhr.drafting.models import DraftVersion
from dhr.evidence.models import ChronologyEntry
from dhr.extensions import db as _db
from dhr.reports.context import MARKING, NOT_FOR_PUBLICATION, long_date
from dhr.reports.services import DOCX_MIMETYPE
from dhr.reviews.models import Review
from tests.conftest import check_page, start_session_cookie
from tests.drafting.drafting_world import build_drafting_world
from tests.factories import write_past_the_shield
from tests.reports.reading import footer_texts, header_texts, open_docx, table_rows

BASE = "/reviews/{}/documents"


def _signed_in(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def _reference(db, world, key="R1"):
    return db.scalar(select(Review.reference).where(Review.id == world["objects"][key]["review"]))


def _events(db, action):
    return db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))


def _all_text(document) -> str:
    texts = [p.text for p in document.paragraphs]
    texts += [cell for table in document.tables for row in table_rows(table) for cell in row]
    return "\n".join(texts)


def test_a_draft_download_is_marked_named_predictably_pseudonymised_and_audited(app, db):
    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    response = _signed_in(app, db, world, "panel_member").get(BASE.format(r1) + "/report/overview")
    assert response.status_code == 200
    assert response.mimetype == DOCX_MIMETYPE
    reference = _reference(db, world)
    assert f"filename={reference}_overview_v0.1_draft.docx" in response.headers["Content-Disposition"]
    document = open_docx(response.data)
    assert header_texts(document)[:2] == [MARKING, "DRAFT v0.1"]
    text = _all_text(document)
    assert "Adult R1 was seen by the police." in text
    assert "CNRY-REALNAME" not in text
    (event,) = _events(db, "report.exported")
    assert event.review_id == r1
    assert event.data["filename"] == f"{reference}_overview_v0.1_draft.docx"
    assert event.data["real_names"] is False
    assert event.actor_id == world["users"]["panel_member"].id


def test_real_names_only_on_request_by_someone_allowed(app, db):
    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    chair = _signed_in(app, db, world, "chair")
    response = chair.get(BASE.format(r1) + "/report/overview?names=real")
    assert response.status_code == 200
    assert "_draft_real-names.docx" in response.headers["Content-Disposition"]
    assert "CNRY-REALNAME-R1 was seen by the police." in _all_text(open_docx(response.data))
    assert [e.data["real_names"] for e in _events(db, "report.exported")] == [True]
    # Not on a publication, and not for a reader without the identity permission.
    assert chair.get(BASE.format(r1) + "/report/overview?names=real&version=publication").status_code == 400
    panel = _signed_in(app, db, world, "panel_member")
    assert panel.get(BASE.format(r1) + "/report/overview?names=real").status_code == 403
    assert panel.get(BASE.format(r1) + "/chronology?names=real").status_code == 403
    assert len(_events(db, "report.exported")) == 1


def _agree_publication(world, key="R1"):
    """The coordinator records the Home Office's letter agreeing publication (as the correspondence page does)."""
    from datetime import date

    from dhr.correspondence.models import CorrespondenceEntry, Counterpart, Direction, Method, Subject

    _db.session.add(
        CorrespondenceEntry(
            review_id=world["objects"][key]["review"],
            occurred_on=date(2026, 11, 2),
            direction=Direction.RECEIVED,
            counterpart=Counterpart.HOME_OFFICE,
            method=Method.EMAIL,
            subject=Subject.PUBLICATION,
            summary="The Home Office agreed publication.",
        )
    )


def _complete_version(world):
    """Set-up only: every section of R1's saved overview written (the drafting world writes only the analysis)."""
    from dhr.drafting.structure import OVERVIEW

    version = _db.session.scalar(select(DraftVersion).where(DraftVersion.review_id == world["objects"]["R1"]["review"]))
    written = {spec.key: f"The {spec.title.lower()} of this review." for spec in OVERVIEW.sections}
    version.sections = {**written, **version.sections}


def test_a_publication_has_no_marking_no_version_and_its_publication_date(app, db, frozen_clock):
    world = db.run(build_drafting_world)
    db.run(_agree_publication, world)
    db.run(_complete_version, world)
    r1 = world["objects"]["R1"]["review"]
    response = _signed_in(app, db, world, "author").get(BASE.format(r1) + "/report/overview?version=publication")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert f"{_reference(db, world)}_overview_v0.1_publication.docx" in response.headers["Content-Disposition"]
    document = open_docx(response.data)
    assert header_texts(document) == []
    assert document.core_properties.author == ""
    text = _all_text(document)
    assert MARKING not in text
    assert "Version:" not in text
    assert "v0.1" not in text
    assert f"Date: {long_date(london_today())}" in text


def test_a_preview_is_pseudonymised_and_marked_not_for_publication_on_every_page(app, db):
    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    chair = _signed_in(app, db, world, "chair")
    response = chair.get(BASE.format(r1) + "/report/overview?version=preview")
    assert response.status_code == 200
    assert "_overview_v0.1_preview.docx" in response.headers["Content-Disposition"]
    document = open_docx(response.data)
    assert header_texts(document)[:2] == [NOT_FOR_PUBLICATION, "PREVIEW v0.1"]
    assert footer_texts(document)[0] == NOT_FOR_PUBLICATION
    assert all(section.header.is_linked_to_previous for section in document.sections[1:])
    text = _all_text(document)
    assert "Version: v0.1, preview: not for publication" in text
    assert "Adult R1 was seen by the police." in text
    assert "CNRY-REALNAME" not in text
    assert chair.get(BASE.format(r1) + "/report/overview?version=preview&names=real").status_code == 400


def test_a_publication_waits_for_approval_or_the_home_offices_agreement(app, db):
    from dhr.reviews.models import StageChange
    from dhr.reviews.stages import ReviewStage

    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    chair = _signed_in(app, db, world, "chair")
    blocked = chair.get(BASE.format(r1) + "/report/overview?version=publication")
    assert blocked.status_code == 409
    page = check_page(blocked.get_data(as_text=True))
    assert "The Home Office QA panel has not approved the report" in page.text
    assert page.select_one(f'a[href="{BASE.format(r1)}/report/overview?version=preview"]') is not None
    (event,) = _events(db, "report.publication_refused")
    assert "not yet ready" in event.summary
    assert len(_events(db, "report.exported")) == 0

    # The QA panel's approval opens the gate: the empty sections are what is left, each named.
    def approve():
        review = _db.session.get(Review, r1)
        _db.session.add(
            StageChange(
                review=review,
                from_stage=ReviewStage.QA_FEEDBACK,
                to_stage=ReviewStage.APPROVED,
                effective_on=london_today(),
            )
        )

    db.run(approve)
    page = check_page(chair.get(BASE.format(r1) + "/report/overview?version=publication").get_data(as_text=True))
    assert "not approved" not in page.text
    assert "Section 1 'Introduction' is empty" in page.text
    assert "Section 16" not in page.text  # the analysis is written
    assert "'Preface, tribute and condolences' is empty" in page.text
    assert "'Appendix A: Action plan' is empty" in page.text
    assert "'Appendix B: Terms of reference' is empty" in page.text  # this world has no terms recorded
    assert "Appendix C" not in page.text  # the glossary is written from the text


def test_an_executive_summary_and_an_action_plan_are_refused_when_empty(app, db):
    world = db.run(build_drafting_world)
    db.run(_agree_publication, world)
    r1 = world["objects"]["R1"]["review"]
    chair = _signed_in(app, db, world, "chair")
    summary = check_page(
        chair.get(BASE.format(r1) + "/report/executive-summary?version=publication").get_data(as_text=True)
    )
    assert "Section 1 'The review process' is empty" in summary.text
    plan = chair.get(BASE.format(r1) + "/report/action-plan?version=publication")
    assert plan.status_code == 409
    assert "The action plan has no recommendations" in plan.get_data(as_text=True)


def test_versions_are_chosen_by_number_or_the_working_text(app, db):
    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    chair = _signed_in(app, db, world, "chair")
    assert (
        "_overview_v0.1_draft"
        in chair.get(BASE.format(r1) + "/report/overview?number=1").headers["Content-Disposition"]
    )
    working = chair.get(BASE.format(r1) + "/report/overview?number=working")
    assert "_overview_working_draft.docx" in working.headers["Content-Disposition"]
    assert "DRAFT working text" in header_texts(open_docx(working.data))
    for bad in ("?number=9", "?number=x1", "?version=final"):
        assert chair.get(BASE.format(r1) + "/report/overview" + bad).status_code == 404, bad
    assert chair.get(BASE.format(r1) + "/report/letters").status_code == 404


def _plant_in_version(world):
    """Text saved before the person was registered: the version still holds the real name."""
    version = _db.session.scalar(select(DraftVersion).where(DraftVersion.review_id == world["objects"]["R1"]["review"]))
    sections = {**version.sections, "introduction": "Intro.\n\nPerry Realperp was arrested."}
    write_past_the_shield(version, sections=sections)


def test_a_publication_naming_someone_is_refused_with_where_and_audited(app, db):
    world = db.run(build_drafting_world)
    db.run(_agree_publication, world)
    db.run(_complete_version, world)
    db.run(_plant_in_version, world)  # last: a save through the ORM would tokenise it
    r1 = world["objects"]["R1"]["review"]
    response = _signed_in(app, db, world, "chair").get(BASE.format(r1) + "/report/overview?version=publication")
    assert response.status_code == 409
    page = check_page(response.get_data(as_text=True))
    assert "was not produced" in page.text
    assert "paragraph 1.2" in page.text
    assert "the real name of Adult P (perpetrator)" in page.text
    assert "Realperp" not in page.text
    assert len(_events(db, "report.exported")) == 0
    (event,) = _events(db, "report.publication_refused")
    assert event.data["findings"] == ["paragraph 1.2: the real name of Adult P (perpetrator)"]
    # The draft of the same version downloads: it is marked and goes only to those allowed.
    assert _signed_in(app, db, world, "chair").get(BASE.format(r1) + "/report/overview").status_code == 200


def _plant_in_chronology(world):
    entry = _db.session.get(ChronologyEntry, world["drafting"]["entry"])
    write_past_the_shield(entry, details="Officers spoke to jonno at the address.")


def test_a_chronology_row_naming_someone_refuses_its_publication(app, db):
    world = db.run(build_drafting_world)
    db.run(_plant_in_chronology, world)
    r1 = world["objects"]["R1"]["review"]
    coordinator = _signed_in(app, db, world, "coordinator")
    refused = coordinator.get(BASE.format(r1) + "/chronology?version=preview")
    assert refused.status_code == 409
    assert "for preview was not produced" in refused.get_data(as_text=True)
    assert "table 1, row 2, column &#39;What happened&#39;" in refused.get_data(as_text=True)
    assert "the alias of Adult P (perpetrator)" in refused.get_data(as_text=True)
    draft = coordinator.get(BASE.format(r1) + "/chronology")
    assert draft.status_code == 200
    assert "_chronology_" in draft.headers["Content-Disposition"]
    rows = table_rows(open_docx(draft.data).tables[0])
    assert rows[1][6] == "Officers spoke to jonno at the address."


def test_the_documents_page_offers_what_each_reader_may_download(app, db):
    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    chair_page = check_page(_signed_in(app, db, world, "chair").get(BASE.format(r1)).get_data(as_text=True))
    hrefs = [a["href"] for a in chair_page.select("a[href]")]
    assert f"{BASE.format(r1)}/report/overview?names=real" in hrefs
    assert f"{BASE.format(r1)}/report/action-plan?version=preview" in hrefs
    assert f"{BASE.format(r1)}/report/action-plan?version=publication" not in hrefs
    assert chair_page.select_one("#publication-gate") is not None
    assert f"{BASE.format(r1)}/chronology" in hrefs
    assert "v0.1" in chair_page.text
    observer = check_page(_signed_in(app, db, world, "observer").get(BASE.format(r1)).get_data(as_text=True))
    observer_links = [a["href"] for a in observer.select("a[href]")]
    assert not any("names=real" in href for href in observer_links)
    assert not any(href.startswith(f"{BASE.format(r1)}/chronology") for href in observer_links)
    document_page = _signed_in(app, db, world, "observer").get(f"/reviews/{r1}/report/overview")
    assert BASE.format(r1) in document_page.get_data(as_text=True)


def test_the_combined_chronology_page_links_its_word_download(app, db):
    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    chair_page = _signed_in(app, db, world, "chair").get(f"/reviews/{r1}/chronology").get_data(as_text=True)
    assert f"{BASE.format(r1)}/chronology?names=real" in chair_page
    panel_page = _signed_in(app, db, world, "panel_member").get(f"/reviews/{r1}/chronology").get_data(as_text=True)
    assert f"{BASE.format(r1)}/chronology" in panel_page
    assert "chronology?names=real" not in panel_page


def test_the_version_page_links_its_word_download(app, db):
    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    page = _signed_in(app, db, world, "chair").get(f"/reviews/{r1}/report/overview/versions/1").get_data(as_text=True)
    assert f"{BASE.format(r1)}/report/overview?number=1" in page


def test_the_command_line_writes_the_file_and_refuses_a_leaking_publication(app, db, tmp_path):
    world = db.run(build_drafting_world)
    reference = _reference(db, world)
    runner = app.test_cli_runner()
    out = tmp_path / "overview.docx"
    result = runner.invoke(args=["dhr", "export-report", reference, "--kind", "overview", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{reference}_overview_v0.1_draft.docx" in result.output
    assert header_texts(open_docx(out.read_bytes()))[0] == MARKING
    previewed = tmp_path / "preview.docx"
    args = ["dhr", "export-report", reference, "--kind", "action-plan", "--version", "preview"]
    assert runner.invoke(args=[*args, "--out", str(previewed)]).exit_code == 0
    assert header_texts(open_docx(previewed.read_bytes()))[0] == NOT_FOR_PUBLICATION
    published = tmp_path / "published.docx"
    args = ["dhr", "export-report", reference, "--kind", "action-plan", "--version", "publication"]
    blocked = runner.invoke(args=[*args, "--out", str(published)])
    assert blocked.exit_code != 0
    assert "has not approved the report" in blocked.output
    assert "The action plan has no recommendations" in blocked.output
    assert not published.exists()

    db.run(_plant_in_chronology, world)
    leaked = tmp_path / "chronology.docx"
    args = ["dhr", "export-report", reference, "--kind", "chronology", "--version", "preview"]
    result = runner.invoke(args=[*args, "--out", str(leaked)])
    assert result.exit_code != 0
    assert "table 1, row 2, column 'What happened': the alias of Adult P (perpetrator)" in result.output
    assert "Preview refused" in result.output
    assert not leaked.exists()
    assert len(_events(db, "report.publication_refused")) == 2
    assert db.scalar(select(func.count()).where(AuditEvent.action == "report.exported")) == 2

    bad = runner.invoke(
        args=["dhr", "export-report", reference, "--kind", "overview", "--number", "7", "--out", str(out)]
    )
    assert bad.exit_code != 0
    assert "no version v0.7" in bad.output
    real = ["dhr", "export-report", reference, "--kind", "overview", "--version", "publication", "--names", "real"]
    assert runner.invoke(args=[*real, "--out", str(out)]).exit_code != 0


def test_the_documents_page_uses_a_constant_number_of_queries(app, db):
    from dhr.auth.models import User
    from dhr.drafting import services as drafting
    from dhr.drafting.structure import EXECUTIVE_SUMMARY, OVERVIEW
    from tests.test_query_counts import count_queries

    world = db.run(build_drafting_world)
    r1 = world["objects"]["R1"]["review"]
    chair = _signed_in(app, db, world, "chair")

    def more_versions():
        review, author = _db.session.get(Review, r1), _db.session.get(User, world["users"]["chair"].id)
        for document in (OVERVIEW, EXECUTIVE_SUMMARY):
            spec = document.sections[1]
            row = drafting.section_of(review, document, spec.key)
            text = f"Text {len(drafting.versions_of(review, document))}."
            drafting.save_section(
                review, document, spec, body=text, base_revision=row.revision if row else 0, actor=author
            )
            drafting.save_version(review, document, note="", actor=author)

    counts = []
    for _ in range(3):
        with count_queries(db.connection) as statements:
            assert chair.get(BASE.format(r1)).status_code == 200
        counts.append(len(statements))
        db.run(more_versions)
    assert counts[0] == counts[1] == counts[2], counts
