"""Person tokens: a registered real name or alias, however it is typed, is saved as [[person:ID]]; the writer is
told and can keep what they typed; every reader sees the pseudonym (or the real name, with the permission and on
request) on pages, in spreadsheets and in Word; edit boxes keep the token."""

import random
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from dhr.audit.models import AuditEvent
from dhr.evidence.models import ChronologyEntry
from dhr.extensions import db as _db
from dhr.privacy import Matcher, fold, needles_for
from dhr.privacy.models import NameReplacement
from dhr.privacy.shield import CaseTextRefusedError
from dhr.privacy.tokens import located_views, restore, tokenise
from dhr.reviews.models import PersonRole, Review
from tests.conftest import check_page, csrf_token, start_session_cookie
from tests.family.world import build_family_world


def _person(person_id, real_name, aliases="", role=PersonRole.VICTIM):
    return SimpleNamespace(
        id=person_id,
        pseudonym=f"Adult {person_id}",
        role=role,
        real_name=real_name,
        aliases=aliases,
        date_of_birth=None,
    )


PEOPLE = [
    _person(1, "Sofia Gołębiowski"),
    _person(2, "Søren Yıldız", role=PersonRole.PERPETRATOR),
    _person(3, "Siobhán O'Neill", aliases="Shiv", role=PersonRole.OTHER),
    _person(4, "Mark Gołębiowski", role=PersonRole.OTHER),
]
MATCHER = Matcher(needles_for(PEOPLE))

DISGUISES = [
    ("Sofia Golebiowski was seen.", 1),
    ("\u202eikswoibeloG aifoS\u202c was seen.", 1),  # reversed behind a right-to-left override
    ("S\u0585fia Golebiowski was seen.", 1),  # an Armenian letter
    ("\u13daofia Golebiowski was seen.", 1),  # a Cherokee letter
    ("S\u1d0f\ua730ia Golebiowski was seen.", 1),  # small capitals
    ("So\u200bfia Golebiowski was seen.", 1),  # split by a zero-width space
    ("S o f i a  G o l e b i o w s k i was seen.", 1),  # spelt out
    ("Sofia told her GP.", 1),  # a distinctive first name alone
    ("Soren Yildiz was arrested.", 2),
    ("Yildiz was arrested.", 2),
    ("Mr Yildiz was arrested.", 2),
    ("ONeill said so.", 3),
    ("O\u2019Neill, Siobhan said so.", 3),
    ("Shiv said so.", 3),
]


@pytest.mark.parametrize(("text", "person_id"), DISGUISES)
def test_every_disguise_of_a_name_becomes_its_persons_token(text, person_id):
    done = tokenise(text, MATCHER)
    assert f"[[person:{person_id}]]" in done.text, done
    assert [r.person_id for r in done.replaced] == [person_id]
    assert not MATCHER.found(done.text.replace(f"[[person:{person_id}]]", "")), done.text


def test_a_surname_two_people_share_is_ambiguous_and_left_for_the_writer():
    done = tokenise("Mark Golebiowski and Golebiowski argued.", MATCHER)
    assert done.text == "[[person:4]] and Golebiowski argued."
    assert done.ambiguous == (("Golebiowski", (1, 4)),)


def test_the_longest_name_wins_and_each_occurrence_is_counted():
    done = tokenise("[[person:2]] met Søren Yıldız; Yildiz left.", MATCHER)
    assert done.text == "[[person:2]] met [[person:2]]; [[person:2]] left."
    assert [(r.typed, r.occurrence) for r in done.replaced] == [("Søren Yıldız", 2), ("Yildiz", 3)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yildiz was arrested.", "[[person:2]] was arrested."),
        ("Yesterday Yildiz was arrested.", "Yesterday [[person:2]] was arrested."),
        ("Then, Sofia told her GP.", "Then, [[person:1]] told her GP."),
        ("Ayla Yildiz rang.", "Ayla Yildiz rang."),  # someone else of the family, not yet registered
        ("At Yildiz Court.", "At Yildiz Court."),
        ("They met Sofia Jones.", "They met Sofia Jones."),
    ],
)
def test_one_word_of_a_name_is_a_token_only_where_it_stands_as_a_name(text, expected):
    assert tokenise(text, MATCHER).text == expected


def test_a_combining_accent_after_a_name_goes_with_it_and_a_long_text_keeps_the_rules():
    assert tokenise("Soren Yildiz\u0301 was arrested.", MATCHER).text == "[[person:2]] was arrested."
    prefix = "The officers recorded a long account of the evening before anyone arrived at the flat. " * 3
    assert tokenise(prefix + "Ayla Yildiz rang.", MATCHER).text == prefix + "Ayla Yildiz rang."
    assert tokenise(prefix + "Yesterday Yildiz rang.", MATCHER).text == prefix + "Yesterday [[person:2]] rang."


def test_words_kept_as_typed_are_left_and_restore_puts_one_back():
    kept = {(1, fold.normalise("Sofia"))}
    assert tokenise("Sofia, the GP, saw Sofia Golebiowski.", MATCHER, kept).text == "Sofia, the GP, saw [[person:1]]."
    assert restore("[[person:1]] and [[person:1]]", 1, 2, "Sofia") == "[[person:1]] and Sofia"
    assert restore("[[person:1]]", 1, 2, "Sofia") is None


def test_located_views_are_fold_views_with_every_character_traced():
    rng = random.Random(14)
    alphabet = "abcXYZ ł'’-\u200b\u202e\u202c\u0301ß\u00e6 \n.,Ⅻ𝐀ｓ"
    texts = [text for text, _ in DISGUISES] + ["".join(rng.choice(alphabet) for _ in range(40)) for _ in range(300)]
    for text in texts:
        assert [v.cased for v in located_views(text)] == [v.cased for v in fold.views(text)], repr(text)
        for view in located_views(text):
            assert len(view.origin) == len(view.cased)
            assert all(-1 <= i < len(text) for i in view.origin)


# Through the app: the family world's R1 victim is registered as CNRY-REALNAME-R1 (pseudonym Adult R1).


@pytest.fixture
def world(db):
    return db.run(build_family_world)


def _client(app, db, world, persona):
    client = app.test_client()
    start_session_cookie(client, db, world["users"][persona])
    return client


def _entry_url(world):
    return f"/reviews/{world['objects']['R1']['review']}/evidence/{world['evidence']['A']['involvement']}/entries"


def _victim(db, world):
    from dhr.reviews.models import Person

    return db.scalar(
        select(Person.id).where(Person.review_id == world["objects"]["R1"]["review"], Person.role == PersonRole.VICTIM)
    )


def test_a_chronology_entry_naming_the_victim_is_saved_with_her_token_and_the_writer_can_keep_it(app, db, world):
    contributor = _client(app, db, world, "contributor_a")
    typed = "Officers spoke to cnry realname r1 at home."
    response = contributor.post(
        _entry_url(world) + "/new",
        data={"csrf_token": csrf_token(contributor), "when": "3/3/2026", "details": typed, "event_type": "Visit"},
    )
    assert response.status_code == 302
    victim = _victim(db, world)
    entry = db.scalar(select(ChronologyEntry).where(ChronologyEntry.details.like("Officers spoke%")))
    assert entry.details == f"Officers spoke to [[person:{victim}]] at home."
    banner = check_page(contributor.get(response.headers["Location"]).get_data(as_text=True))
    assert "1 name from the people register saved as person tokens" in banner.select_one("#names-replaced-banner").text
    (event,) = db.scalars(select(AuditEvent).where(AuditEvent.action == "identity.tokenised"))
    assert event.data == {"fields": ["Chronology entry, details"], "replaced": 1}
    assert "cnry" not in event.summary.lower()

    # The edit box keeps the token, so saving again keeps it; the request page shows the pseudonym.
    edit = contributor.get(f"{_entry_url(world)}/{entry.id}/edit").get_data(as_text=True)
    assert f"[[person:{victim}]]" in check_page(edit).select_one("textarea").text
    shown = contributor.get(
        f"/reviews/{world['objects']['R1']['review']}/evidence/{world['evidence']['A']['involvement']}"
    )
    assert "Officers spoke to Adult R1 at home." in shown.get_data(as_text=True)

    # The writer says it was someone else: the words go back, and saving the entry again leaves them.
    page = check_page(
        contributor.get(f"/reviews/{world['objects']['R1']['review']}/names-replaced").get_data(as_text=True)
    )
    assert "cnry realname r1" in page.select_one("#names-replaced").text
    (replacement,) = db.scalars(select(NameReplacement))
    kept = contributor.post(
        f"/reviews/{world['objects']['R1']['review']}/names-replaced/{replacement.id}/keep",
        data={"csrf_token": csrf_token(contributor)},
    )
    assert kept.status_code == 302
    assert db.scalar(select(ChronologyEntry.details).where(ChronologyEntry.id == entry.id)) == typed
    contributor.post(
        f"{_entry_url(world)}/{entry.id}/edit",
        data={
            "csrf_token": csrf_token(contributor),
            "when": "3/3/2026",
            "details": typed + " Again.",
            "event_type": "Visit",
        },
    )
    assert db.scalar(select(ChronologyEntry.details).where(ChronologyEntry.id == entry.id)) == typed + " Again."
    assert db.scalar(select(AuditEvent.id).where(AuditEvent.action == "identity.kept_as_typed")) is not None
    again = contributor.post(
        f"/reviews/{world['objects']['R1']['review']}/names-replaced/{replacement.id}/keep",
        data={"csrf_token": csrf_token(contributor)},
    )
    assert "already kept as typed" in contributor.get(again.headers["Location"]).get_data(as_text=True)


def test_another_writers_replacement_is_not_theirs_to_see_or_keep(app, db, world):
    contributor = _client(app, db, world, "contributor_a")
    contributor.post(
        _entry_url(world) + "/new",
        data={
            "csrf_token": csrf_token(contributor),
            "when": "3/3/2026",
            "details": "Saw CNRY-REALNAME-R1.",
            "event_type": "Visit",
        },
    )
    panel = _client(app, db, world, "panel_member")
    page = panel.get(f"/reviews/{world['objects']['R1']['review']}/names-replaced").get_data(as_text=True)
    assert "CNRY-REALNAME-R1" not in page
    assert "No names have been replaced in what you typed" in page
    coordinator = _client(app, db, world, "coordinator")
    listed = coordinator.get(f"/reviews/{world['objects']['R1']['review']}/names-replaced").get_data(as_text=True)
    assert "CNRY-REALNAME-R1" in listed  # the identity permission sees every replacement (and it is audited)
    assert db.scalar(select(AuditEvent.id).where(AuditEvent.action == "identity.revealed")) is not None


def test_a_name_two_people_share_is_refused_with_the_field_named(app, db, world):
    def add_brother():
        from dhr.reviews.models import Person

        review = _db.session.get(Review, world["objects"]["R1"]["review"])
        review.victim.real_name = "Dana Okafor"
        _db.session.add(Person(review_id=review.id, role=PersonRole.OTHER, pseudonym="Adult B", real_name="Obi Okafor"))

    db.run(add_brother)
    contributor = _client(app, db, world, "contributor_a")
    typed = "Okafor was seen by officers."
    response = contributor.post(
        _entry_url(world) + "/new",
        data={"csrf_token": csrf_token(contributor), "when": "3/3/2026", "details": typed, "event_type": "Visit"},
    )
    page = check_page(response.get_data(as_text=True))
    summary = page.select_one(".govuk-error-summary").text
    assert "What happened must not include 'Okafor', which could name Adult R1 (victim) or Adult B (other)" in summary
    assert typed in page.select_one("textarea").text


def test_a_token_outside_the_review_is_refused_at_the_flush(app, db, world):
    def write():
        entry = _db.session.scalars(
            select(ChronologyEntry).where(ChronologyEntry.review_id == world["objects"]["R1"]["review"])
        ).first()
        other = _db.session.get(Review, world["objects"]["R2"]["review"]).victim.id
        entry.outcome = f"Referred to [[person:{other}]]."
        _db.session.flush()

    with pytest.raises(CaseTextRefusedError, match="is not a person in this review"):
        db.run(write)


def test_exports_show_each_reader_pseudonyms_or_real_names_on_request(app, db, world):
    def write():
        entry = _db.session.scalars(
            select(ChronologyEntry).where(ChronologyEntry.review_id == world["objects"]["R1"]["review"])
        ).first()
        entry.details = "CNRY-REALNAME-R1 called 999."
        from dhr.evidence import services
        from dhr.evidence.models import AgencyInvolvement

        involvement = _db.session.get(AgencyInvolvement, world["evidence"]["A"]["involvement"])
        coordinator = _db.session.get(type(world["users"]["coordinator"]), world["users"]["coordinator"].id)
        services.submit(involvement, actor=coordinator)
        services.accept(involvement, actor=coordinator)

    db.run(write)
    r1 = world["objects"]["R1"]["review"]
    panel = _client(app, db, world, "panel_member")
    assert "Adult R1 called 999." in panel.get(f"/reviews/{r1}/chronology").get_data(as_text=True)
    csv = panel.get(f"/reviews/{r1}/chronology/export?format=csv").get_data(as_text=True)
    assert "Adult R1 called 999." in csv
    assert "CNRY" not in csv
    coordinator = _client(app, db, world, "coordinator")
    named = coordinator.get(f"/reviews/{r1}/chronology/export?format=csv&names=real").get_data(as_text=True)
    assert "CNRY-REALNAME-R1 called 999." in named
    word = coordinator.get(f"/reviews/{r1}/documents/chronology").data
    from tests.reports.reading import open_docx, table_rows

    rows = table_rows(open_docx(word).tables[0])
    assert any("Adult R1 called 999." in cell for row in rows for cell in row)
    assert not any("CNRY-REALNAME" in cell for row in rows for cell in row)
    real = coordinator.get(f"/reviews/{r1}/documents/chronology?names=real").data
    assert any("CNRY-REALNAME-R1 called 999." in cell for row in table_rows(open_docx(real).tables[0]) for cell in row)
    page = coordinator.get(f"/reviews/{r1}/chronology?names=real").get_data(as_text=True)
    assert "CNRY-REALNAME-R1 called 999." in page


def test_an_import_saves_names_as_tokens_and_says_how_many(app, db, world, tmp_path):
    r1 = world["objects"]["R1"]["review"]
    reference = db.scalar(select(Review.reference).where(Review.id == r1))
    sheet = tmp_path / "rows.csv"
    sheet.write_bytes(
        b"Date,What happened,Outcome\n3/3/2026,Saw cnry realname r1.,None\n4/3/2026,CNRY REALNAME R1 rang.,Advice\n"
    )
    done = app.test_cli_runner().invoke(args=["dhr", "import-chronology", reference, "RW-A", str(sheet)])
    assert done.exit_code == 0, done.output
    assert "2 rows imported, 0 already present, 2 names saved as person tokens" in done.output
    victim = _victim(db, world)
    details = db.scalars(select(ChronologyEntry.details).where(ChronologyEntry.review_id == r1))
    assert {f"Saw [[person:{victim}]].", f"[[person:{victim}]] rang."} <= set(details)


def test_a_person_registered_later_is_found_in_what_was_already_saved(app, db, world):
    r1 = world["objects"]["R1"]["review"]
    contributor = _client(app, db, world, "contributor_a")
    for typed in ("Obi Okafor shouted at officers.", "Okafor was arrested. Dana Okafor called.", "Okafor left."):
        contributor.post(
            _entry_url(world) + "/new",
            data={"csrf_token": csrf_token(contributor), "when": "3/3/2026", "details": typed, "event_type": "Visit"},
        )

    def rename_victim():
        _db.session.get(Review, r1).victim.real_name = "Dana Okafor"

    db.run(rename_victim)  # the victim's name, as written straight to the table before the rescan existed
    coordinator = _client(app, db, world, "coordinator")
    response = coordinator.post(
        f"/reviews/{r1}/people/new",
        data={
            "csrf_token": csrf_token(coordinator),
            "role": "other",
            "pseudonym": "Adult B",
            "relationship_to_victim": "brother",
            "living": "yes",
            "real_name": "Obi Okafor",
        },
    )
    assert response.status_code == 302
    banner = coordinator.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 name from the people register saved as person tokens" in banner
    brother = db.scalar(select(NameReplacement.person_id).where(NameReplacement.typed == "Obi Okafor"))
    details = set(db.scalars(select(ChronologyEntry.details).where(ChronologyEntry.review_id == r1)))
    assert f"[[person:{brother}]] shouted at officers." in details
    # "Okafor" alone could be either of them: left as typed, and listed for the coordinator (with where it is).
    assert "Okafor was arrested. Dana Okafor called." in details
    page = check_page(coordinator.get(f"/reviews/{r1}/documents/names-to-check").get_data(as_text=True))
    findings = page.select_one("#case-text-findings").text
    assert findings.count("Chronology entry, details") == 2
    assert "'Okafor', which could name Adult R1 (victim) or Adult B (other)" in findings
    panel = check_page(_client(app, db, world, "panel_member").get(f"/reviews/{r1}/documents/names-to-check").text)
    assert panel.select_one("#case-text-to-check") is None
