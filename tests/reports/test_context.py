"""Report contexts from the record: pseudonyms by default, versions, recommendations, glossary, chronology."""

import dataclasses

import pytest

from dhr.auth.models import User
from dhr.drafting import services as drafting
from dhr.drafting.structure import EXECUTIVE_SUMMARY, OVERVIEW
from dhr.extensions import db as _db
from dhr.reports import context as c
from dhr.reviews.models import Review
from tests.drafting.drafting_world import build_drafting_world


def _review(world, key="R1"):
    return _db.session.get(Review, world["objects"][key]["review"])


def _chair(world):
    return _db.session.get(User, world["users"]["chair"].id)


def _save(world, key, body, document=OVERVIEW, review="R1"):
    target = _review(world, review)
    row = drafting.section_of(target, document, key)
    drafting.save_section(
        target,
        document,
        document.section(key),
        body=body,
        base_revision=row.revision if row else 0,
        actor=_chair(world),
    )


def _is_plain(value) -> bool:
    """Only strings, numbers, booleans, None, dataclasses and tuples or lists of them: nothing from the ORM."""
    if value is None or isinstance(value, str | int | bool | float):
        return True
    if dataclasses.is_dataclass(value):
        return all(_is_plain(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, tuple | list):
        return all(_is_plain(item) for item in value)
    return False


def test_the_overview_context_is_plain_data_with_pseudonyms(app, db):
    world = db.run(build_drafting_world)

    def check():
        context = c.overview_context(_review(world))
        assert _is_plain(context)
        assert context.cover.subject == "into the death of Adult R1"
        assert context.cover.review_title == "Domestic Abuse Related Death Review"
        assert context.cover.document_title == "Overview Report"
        assert context.cover.version == "v0.1"
        assert context.marking == c.Marking(draft=True, version_label="v0.1")
        assert context.cover.chair  # the chair's name from the review's members
        analysis = context.section("analysis")
        assert analysis.number == "16"
        assert [p.number for p in analysis.paragraphs] == ["16.1", "16.2"]
        assert analysis.paragraphs[0].text == "Adult R1 was seen by the police."
        assert "(chronology: 3 March 2026, RW-A)" in analysis.paragraphs[1].text
        assert "Adult P was not assessed." in analysis.paragraphs[1].text
        everything = repr(context)
        assert "CNRY-REALNAME" not in everything
        assert "Realperp" not in everything

    db.run(check)


def test_real_names_only_when_asked_and_never_on_a_publication(app, db):
    world = db.run(build_drafting_world)

    def check():
        review = _review(world)
        named = c.overview_context(review, real_names=True)
        assert named.section("analysis").paragraphs[0].text == "CNRY-REALNAME-R1 was seen by the police."
        assert named.cover.subject == "into the death of Adult R1"  # the cover always uses the pseudonym
        with pytest.raises(c.ReportError, match="always pseudonymised"):
            c.overview_context(review, version=c.PUBLICATION, real_names=True)
        published = c.overview_context(review, version=c.PUBLICATION)
        assert published.marking.draft is False
        with pytest.raises(c.ReportError):
            c.overview_context(review, version="final")

    db.run(check)


def test_the_latest_version_by_default_the_working_text_or_a_chosen_version_on_request(app, db):
    world = db.run(build_drafting_world)
    db.run(_save, world, "introduction", "Written after v0.1.")

    def check():
        review = _review(world)
        latest = c.overview_context(review)
        assert latest.cover.version == "v0.1"
        assert latest.section("introduction").paragraphs == ()
        working = c.overview_context(review, number=c.WORKING)
        assert working.marking.version_label == "working text"
        assert working.section("introduction").paragraphs[0].text == "Written after v0.1."
        assert c.overview_context(review, number=1).cover.version == "v0.1"
        with pytest.raises(c.ReportError, match="no version v0.7"):
            c.overview_context(review, number=7)
        # With no version saved, the working text is used.
        summary = c.executive_summary_context(review)
        assert summary.marking.version_label == "working text"
        assert [s.number for s in summary.sections] == [str(n) for n in range(1, 11)]

    db.run(check)


def test_the_action_plan_has_one_row_per_recommendation_of_section_19(app, db):
    world = db.run(build_drafting_world)
    victim = world["drafting"]["victim_r1"]
    body = (
        "### Single-agency recommendations\n\nThe police should review DASH training.\n\n"
        f"### Multi-agency recommendations\n\nAgencies should ask [[person:{victim}]]'s family."
    )
    db.run(_save, world, "recommendations", body)

    def check():
        plan = c.action_plan_context(_review(world), number=c.WORKING)
        assert [(r.number, r.paragraph) for r in plan.recommendations] == [("1", "19.1"), ("2", "19.2")]
        assert plan.recommendations[1].text == "Agencies should ask Adult R1's family."
        assert plan.recommendations[0].rows == (c.Action(),)
        assert plan.cover.document_title == "Action Plan"
        overview = c.overview_context(_review(world), number=c.WORKING)
        assert overview.action_plan.recommendations == plan.recommendations

    db.run(check)


def test_the_glossary_adds_agency_abbreviations_used_in_the_text(app, db):
    world = db.run(build_drafting_world)
    db.run(_save, world, "appendix_glossary", "DASH: Domestic Abuse, Stalking and Harassment\nMARAC")
    db.run(_save, world, "overview", "RW-B and RW-A shared information.")

    def check():
        glossary = c.overview_context(_review(world), number=c.WORKING).glossary
        terms = [(t.term, bool(t.meaning)) for t in glossary]
        assert terms == [("DASH", True), ("MARAC", False), ("RW-A", True), ("RW-B", True)]

    db.run(check)


def test_appendix_b_comes_from_the_record_when_not_drafted(app, db):
    world = db.run(build_drafting_world)

    def add_terms():
        from dhr.terms import services as terms

        version = terms.start_draft(_review(world), actor=_chair(world))
        terms.add_line(version, text="Was the risk to the victim assessed?", actor=_chair(world))

    db.run(add_terms)

    def check():
        review = _review(world)
        appendix = c.overview_context(review).section("appendix_terms")
        texts = [p.text for p in appendix.paragraphs]
        assert "1. Was the risk to the victim assessed?" in texts
        _save(world, "appendix_terms", "Our own terms.")
        drafted = c.overview_context(review, number=c.WORKING).section("appendix_terms")
        assert [p.text for p in drafted.paragraphs] == ["Our own terms."]

    db.run(check)


def _people_on_entry(world):
    from dhr.evidence.models import ChronologyEntry
    from dhr.reviews.models import Person

    entry = _db.session.get(ChronologyEntry, world["drafting"]["entry"])
    entry.people = [
        _db.session.get(Person, world["drafting"]["victim_r1"]),
        _db.session.get(Person, world["drafting"]["perpetrator"]),
    ]


def test_the_chronology_context_holds_accepted_rows_with_their_source(app, db):
    world = db.run(build_drafting_world)
    db.run(_people_on_entry, world)

    def check():
        review = _review(world)
        chronology = c.chronology_context(review)
        assert _is_plain(chronology)
        assert len(chronology.rows) == 1  # agency A's accepted entry; agency B's is not accepted
        row = dict(zip(c.CHRONOLOGY_COLUMNS, chronology.rows[0].cells, strict=True))
        assert row["Date"] == "3 March 2026"
        assert row["Submission version"] == "1"
        assert row["People involved"] == "Adult R1, Adult P"
        named = c.chronology_context(review, real_names=True).rows[0].cells
        assert named[c.CHRONOLOGY_COLUMNS.index("People involved")] == "CNRY-REALNAME-R1, Perry Realperp"
        assert chronology.marking.version_label.startswith("as at ")
        assert c.chronology_context(_review(world, "R2")).rows == []
        with pytest.raises(c.ReportError):
            c.chronology_context(review, version=c.PUBLICATION, real_names=True)

    db.run(check)


def test_context_for_knows_every_kind(app, db):
    world = db.run(build_drafting_world)

    def check():
        review = _review(world)
        assert isinstance(c.context_for(review, "overview"), c.ReportContext)
        assert c.context_for(review, "executive-summary").kind == "executive-summary"
        assert isinstance(c.context_for(review, "action-plan"), c.ActionPlanContext)
        assert isinstance(c.context_for(review, "chronology"), c.ChronologyContext)
        with pytest.raises(c.ReportError):
            c.context_for(review, "letters")

    db.run(check)


def test_executive_summary_is_built_from_its_own_sections(app, db):
    world = db.run(build_drafting_world)
    db.run(_save, world, "key_issues", "Key issue one.\n\nKey issue two.", EXECUTIVE_SUMMARY)

    def check():
        summary = c.executive_summary_context(_review(world))
        assert [p.number for p in summary.section("key_issues").paragraphs] == ["7.1", "7.2"]

    db.run(check)


def _structured(world):
    """Two structured recommendations on R1: a local one with a completed and a new action, and a national one."""
    from datetime import date, timedelta

    from dhr.actions import services as actions
    from dhr.agencies.models import Agency
    from dhr.core.dates import london_today
    from dhr.files.guard import check_upload
    from dhr.recommendations import services as recommendations
    from dhr.recommendations.scopes import Department, Scope

    review = _review(world)
    coordinator = _db.session.get(User, world["users"]["coordinator"].id)
    agency = _db.session.get(Agency, world["objects"]["R1"]["agency"])
    recommendations.seed_themes(review.partnership)
    victim = world["drafting"]["victim_r1"]

    def add(text, scope, answers, department=None):
        return recommendations.save_recommendation(
            review,
            text=text,
            scope=scope,
            multi_agency=False,
            agency=None if department else agency,
            department=department,
            department_other="",
            answers=answers,
            themes=[],
            actor=coordinator,
        )

    local = add(f"The police should tell [[person:{victim}]]'s GP of every DASH assessment.", Scope.LOCAL, ["18.1"])
    add("The Home Office should publish guidance (see 17.2).", Scope.NATIONAL, ["17.2"], Department.HOME_OFFICE)
    done = actions.save_action(
        local,
        action_text="Agree a protocol with GP practices.",
        lead_agency=agency,
        owner=None,
        owner_name="CNRY-OWNER",
        milestones="Protocol drafted.",
        target_on=date(2026, 6, 30),
        actor=coordinator,
    )
    actions.add_evidence(done, upload=check_upload("p.txt", b"protocol"), description="Protocol", actor=coordinator)
    actions.request_completion(done, outcome="Protocol in use.", completed_on=date(2026, 6, 1), actor=coordinator)
    actions.approve_completion(done, actor=coordinator)
    actions.save_action(
        local,
        action_text="Audit the protocol.",
        lead_agency=agency,
        owner=None,
        owner_name="",
        milestones="",
        target_on=london_today() + timedelta(days=90),
        actor=coordinator,
    )


def test_structured_recommendations_write_section_19_and_the_action_plan(app, db):
    world = db.run(build_drafting_world)
    db.run(_save, world, "recommendations", "Drafted text that the structured recommendations replace (see 18.1).")
    db.run(_structured, world)

    def check():
        overview = c.overview_context(_review(world), number=c.WORKING)
        assert _is_plain(overview)
        section = overview.section("recommendations")
        assert section.number == "19"
        assert section.paragraphs == (
            c.Para("19.1", "The police should tell Adult R1's GP of every DASH assessment. (see 18.1)"),
            c.Para("19.2", "The Home Office should publish guidance (see 17.2)."),
        )
        plan = c.action_plan_context(_review(world), number=c.WORKING)
        assert plan.recommendations == overview.action_plan.recommendations
        local, national = plan.recommendations
        assert (local.number, local.paragraph, local.scope) == ("1", "19.1", "Local")
        assert national.scope == "National (Home Office)"
        assert national.rows == (c.Action(),)  # a row even before any action is agreed
        done, new = local.actions
        assert done == c.Action(
            action="Agree a protocol with GP practices.",
            lead_agency=done.lead_agency,
            milestones="Protocol drafted.",
            target_date="30 June 2026",
            completion="1 June 2026. Protocol in use.",  # the date and the outcome, and no status word
        )
        assert done.lead_agency
        assert (new.completion, new.status) == ("", "Not started")  # the status has its own place
        assert "CNRY-OWNER" not in repr(plan)  # owners are not in the Home Office columns
        assert "Drafted text" not in repr(overview)
        named = c.action_plan_context(_review(world), number=c.WORKING, real_names=True)
        assert "CNRY-REALNAME-R1" in named.recommendations[0].text

    db.run(check)


def test_the_action_plan_document_lists_the_structured_actions(app, db):
    from dhr.reports.docx import render
    from tests.reports.reading import open_docx

    world = db.run(build_drafting_world)
    db.run(_structured, world)

    from dhr.actions.stages import ActionStatus

    def check():
        document = open_docx(render(c.action_plan_context(_review(world), number=c.WORKING)))
        cells = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
        assert cells[0] == list(c.ACTION_PLAN_COLUMNS)
        assert cells[1][0].startswith("1. The police should tell Adult R1's GP")
        assert cells[1][2] == "Agree a protocol with GP practices."
        assert cells[1][6] == "1 June 2026. Protocol in use."
        assert cells[2][2] == "Audit the protocol."
        # An open action's status is with its milestones; its completion cell stays empty until it is done.
        assert (cells[2][4], cells[2][6]) == ("Status: Not started", "")
        statuses = {label.label for label in ActionStatus}
        assert not any(cell in statuses or cell.startswith("Completed") for row in cells[1:] for cell in row[6:])
        assert cells[3][0] == "2. The Home Office should publish guidance (see 17.2)."
        assert cells[3][1] == "National (Home Office)"

    db.run(check)
