"""Column headers as agencies write them: matched to the chronology's fields by their words, one column per field,
and never matched when nothing is likely (the person chooses in the mapping step)."""

import pytest

from dhr.evidence import importer
from dhr.evidence.header_matching import HeaderMatcher, stem

NONE = None  # the header must not be matched to any field

# (header as written, the field it must map to, or NONE). Where a spelling comes from a published template the
# comment names it; the rest are invented, marked so, in the ways agencies rename columns.
SPELLINGS = [
    # Chronolator help, "Special Columns" (Berrick Computing): the columns of its internal chronology documents.
    ("Start Date", "date"),
    ("Start Time", "time"),
    ("Source of Information", "source_ref"),
    ("End Date", NONE),  # when a span ended, not when the event happened
    ("End Time", NONE),
    ("Sequence", NONE),
    # Tayside Practitioner's Guidance: Chronologies (2015), Appendix 2 "Chronology of Significant Events" template.
    ("Date or Period of Event", "date"),
    ("Significant Event", "details"),  # its guidance: "a brief description of the significant ... event"
    ("Source", "source_ref"),
    ("Action Taken to Mitigate Adverse Impact on Child", "outcome"),
    ("Impact (Either Positive or Negative)", NONE),
    # Opus 2 eBundle, "Populating and managing a chronology": the options of a chronology entry.
    ("Type", "event_type"),
    ("Date", "date"),
    ("Time", "time"),
    ("Description", "details"),
    ("Status", NONE),
    ("Tags", NONE),
    ("Characters", NONE),
    # "Safeguarding recording templates" for schools: the chronology sheet and the logging-a-concern form.
    ("Information/Details of concerns or contact", "details"),
    ("Date and Time of Incident", "date"),
    ("Print Name and Signature", NONE),
    # "Conflict Chronology Log (Timeline) + Event Notes", template T227: its timeline table.
    ("No.", NONE),
    ("Event type", "event_type"),
    ("Location", NONE),
    ("People/units involved (codes)", "people"),
    ("Short event description (1\u20133 lines)", "details"),
    ("Source (who/what)", "source_ref"),
    ("Immediate action taken", "outcome"),
    ("Next step / owner / due date", NONE),
    ("Impact level", NONE),
    ("Evidence ID(s)", NONE),
    ("Verification", NONE),
    # Invented: the renamings this task was written for.
    ("Time and date", "date"),
    ("Date/Time", "date"),
    ("Date of contact", "date"),
    ("Details of event", "details"),
    ("Agency (Mosaic)", "service_team"),
    ("Event details (RiO)", "details"),
    ("Desc.", "details"),
    ("Org", "service_team"),
    ("Src", "source_ref"),
    # Invented: other word orders, word forms and abbreviations.
    ("What occurred", "details"),
    ("Occurred", "details"),
    ("Date occurred", "date"),
    ("When it happened", "date"),
    ("Outcome/Action", "outcome"),
    ("Reviewer\u2019s comments", "comment"),
    ("Comments (IMR author)", "comment"),
    ("Team name", "service_team"),
    ("Service/Team", "service_team"),
    ("Type of contact", "event_type"),
    ("Nature of contact", "event_type"),
    ("Category of event", "event_type"),
    ("Who was involved", "people"),
    ("Persons involved", "people"),
    ("Record no.", "source_ref"),
    ("Ref", "source_ref"),
    # Invented: columns that look like a field but are something else.
    ("Date of birth", NONE),
    ("DOB", NONE),
    ("Recorded by", NONE),
    ("Staff member", NONE),
    ("Practitioner involved", NONE),
    ("Contact", NONE),
]


@pytest.mark.parametrize(("header", "field"), SPELLINGS, ids=[header for header, _ in SPELLINGS])
def test_a_header_maps_to_its_field_or_to_none(header, field):
    assert importer.suggest_mapping([header]) == ({field: header} if field else {})


def test_the_table_is_long_enough_to_mean_something():
    assert len(SPELLINGS) >= 40
    assert len({field for _, field in SPELLINGS} - {NONE}) == len(importer.FIELDS)


def test_words_are_reduced_to_simple_stems():
    assert [stem(w) for w in ("occurred", "details", "dates", "happened", "categories", "addresses")] == [
        "occur",
        "detail",
        "dat",
        "happen",
        "category",
        "address",
    ]


# A template in the order and the words one agency uses (invented): nothing here is a known spelling of "What
# happened", which once stopped the import with "No column could be matched for: What happened".
TEMPLATE = [
    "Ref",
    "Time and date",
    "Agency (Mosaic)",
    "Event details (RiO)",
    "Type of contact",
    "Who was involved",
    "Outcome/Action",
    "Reviewer's comments",
]


def test_a_whole_renamed_and_reordered_template_maps_every_field():
    mapping = importer.suggest_mapping(TEMPLATE)
    assert mapping == {
        "source_ref": "Ref",
        "date": "Time and date",
        "service_team": "Agency (Mosaic)",
        "details": "Event details (RiO)",
        "event_type": "Type of contact",
        "people": "Who was involved",
        "outcome": "Outcome/Action",
        "comment": "Reviewer's comments",
    }
    assert importer.missing_required(mapping) == []


def test_each_column_goes_to_one_field_and_an_exact_spelling_wins():
    # "Summary" and "Notes" are both spellings of What happened: the column further left has it, the other is left.
    assert importer.suggest_mapping(["Notes", "Summary", "Date"]) == {"details": "Notes", "date": "Date"}
    # "Date/Time" is a known spelling; "Time and date" the same words in another order, so Date takes the exact one
    # and the column left over, still plainly about time, goes to Time.
    mapping = importer.suggest_mapping(["Time and date", "Date/Time"])
    assert mapping == {"date": "Date/Time", "time": "Time and date"}


def test_a_separate_time_column_keeps_its_field():
    assert importer.suggest_mapping(["Time", "Time and date", "Details"]) == {
        "time": "Time",
        "date": "Time and date",
        "details": "Details",
    }


def test_the_same_headers_always_give_the_same_answer():
    headers = ["Comments", "Comment", "Notes", "Summary", "Org", "Team"]
    assert len({tuple(sorted(importer.suggest_mapping(headers).items())) for _ in range(20)}) == 1
    assert importer.suggest_mapping(list(reversed(headers)))["comment"] == "Comment"  # left-most on a tie


def test_a_remembered_choice_comes_first_and_others_are_still_matched():
    mapping = importer.suggest_mapping(["Narrative", "Notes", "When"], remembered={"details": "Notes"})
    assert mapping == {"details": "Notes", "date": "When"}


def test_the_header_row_is_found_under_a_title_by_its_likely_names():
    table = importer.read_table(
        "t.csv",
        b"Review of contacts,Police\n\nTime and date,Desc.,Org\n3/3/2019,Attended,Response team\n",
    )
    assert table.headers == ["Time and date", "Desc.", "Org"]
    assert table.rows == [(4, ["3/3/2019", "Attended", "Response team"])]


def test_a_matcher_of_its_own_spellings():
    matcher = HeaderMatcher({"colour": ("colour", "shade"), "size": ("size",)}, never={"size": ("shoe",)})
    # "Shades" is a spelling in other words; "Colour (RGB)" carries a word no field knows; "Shoe size" is vetoed.
    assert matcher.assign(["Colour (RGB)", "Shoe size", "Shades"]) == {"colour": "Shades"}
    assert matcher.assign(["Colour (RGB)", "Shoe size"]) == {"colour": "Colour (RGB)"}
    assert matcher.score("colour", "colour") == 1.0
    assert matcher.score("Shades", "colour") == 0.99
