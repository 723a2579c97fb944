"""The leak scan: which texts name a person on the register, and which only look as if they might."""

import dataclasses
from datetime import date
from types import SimpleNamespace

import pytest

from dhr import privacy
from dhr.reviews.models import PersonRole

NAME = "the real name of Adult A (victim)"
ALIAS = "the alias of Adult A (victim)"
BIRTH = "the date of birth of Adult A (victim)"
CONTACT = "the name of a family contact"


def _person(real_name=None, aliases=None, dob=None):
    return SimpleNamespace(
        pseudonym="Adult A", role=PersonRole.VICTIM, real_name=real_name, aliases=aliases, date_of_birth=dob
    )


def _found(text, person, extra_names=()):
    """The descriptions of what leaked in one text."""
    return {leak.description for leak in privacy.scan([("1.1", text)], privacy.needles_for([person], extra_names))}


# Each text disguises every letter that could match, so the row fails if that one folding is lost.
@pytest.mark.parametrize(
    ("real_name", "text"),
    [
        # The surname alone is a needle, so it is the part disguised.
        ("Siobhán O'Neill", "Mrs O'N\u0435ill attended."),  # Cyrillic е
        ("Siobhán O'Neill", "MRS O'N\u0415ILL ATTENDED."),  # Cyrillic capital Е, folded after lower-casing
        ("Siobhán O'Neill", "Mrs O'Ne\u03b9ll attended."),  # Greek iota
        ("Siobhán O'Neill", "Mrs \uff2f'\uff2e\uff45\uff49\uff4c\uff4c attended."),  # fullwidth
        ("Grace Griffin", "Mrs Gri\ufb03n attended."),  # the ffi ligature
        ("Siobhán O'Neill", "Mrs O'Ne\u200bill attended."),  # zero-width space
        ("Siobhán O'Neill", "Mrs O'Ne\u00adill attended."),  # soft hyphen
        # Mid-word, as an accent kept at a word's end would only become the separator after it.
        ("Anna Müller", "Mrs Muller attended."),  # accents in the register, none in the text
        ("Anna Muller", "Mrs Müller attended."),  # and the other way round
        # "Li" is too short to be a needle alone, so only the reversed whole name can match.
        ("Mei Li", "LI, Mei attended."),
    ],
    ids=[
        "cyrillic",
        "cyrillic capital",
        "greek",
        "fullwidth",
        "ligature",
        "zero width",
        "soft hyphen",
        "accent in register",
        "accent in text",
        "reversed",
    ],
)
def test_a_disguised_name_is_still_found(real_name, text):
    assert _found(text, _person(real_name)) == {NAME}


def test_a_surname_of_three_letters_is_a_needle_alone():
    assert _found("Mrs Lee attended.", _person("Ann Lee")) == {NAME}


def test_the_surname_is_the_last_of_three_names():
    person = _person("Mary Ann Smith")
    assert _found("Mrs Smith attended.", person) == {NAME}
    assert _found("Smith, Mary Ann attended.", person) == {NAME}


def test_a_three_part_name_with_a_short_surname_is_found_reversed():
    assert _found("LI, Mary Ann attended.", _person("Mary Ann Li")) == {NAME}


def test_a_name_broken_over_lines_or_tabs_is_found():
    # Control characters separate words: dropped like invisible ones, they would glue the two names together
    assert _found("Seen by Mei\nLi and\tothers.", _person("Mei Li")) == {NAME}


def test_a_surname_of_two_letters_is_not_a_needle_alone():
    # Two letters alone would flag every "Li" or "Ng" in an agency's text; with a title they name her
    assert _found("Li and Ng attended.", _person("Mei Li")) == set()
    assert _found("Ms Li attended.", _person("Mei Li")) == {NAME}


def test_a_one_word_name_is_found():
    assert _found("Cher attended.", _person("Cher")) == {NAME}


def test_a_name_is_matched_as_whole_words_only():
    assert _found("The Leeds team and Annie Leeson attended.", _person("Ann Lee")) == set()


@pytest.mark.parametrize("aliases", ["Jay, JJ", "Jay; JJ", "Jay\nJJ", "Jay,JJ"])
def test_each_alias_in_a_list_is_a_name_of_its_own(aliases):
    person = _person(aliases=aliases)
    assert _found("Known as JJ.", person) == {ALIAS}
    assert _found("Known as Jay.", person) == {ALIAS}


def test_an_alias_is_found_reversed_and_with_a_title_but_not_by_its_surname_alone():
    person = _person(aliases="Janie Doe")
    assert _found("Doe, Janie was seen.", person) == {ALIAS}
    assert _found("Mrs Doe was seen.", person) == {ALIAS}
    assert _found("Doe was seen.", person) == set()


def test_a_family_contact_is_found_reversed_and_with_a_title_but_not_by_surname_alone():
    person = _person()
    assert _found("Holt, Peter phoned.", person, ["Peter Holt"]) == {CONTACT}
    assert _found("Mr Holt phoned.", person, ["Peter Holt"]) == {CONTACT}
    assert _found("Holt phoned.", person, ["Peter Holt"]) == set()


def test_an_alias_ending_in_punctuation_is_found():
    assert _found("J.J. attended.", _person(aliases="J.J.")) == {ALIAS}


def test_empty_parts_of_an_alias_list_match_nothing():
    needles = privacy.needles_for([_person(aliases="JJ;;, \n")])
    assert all(needle.normalised.strip() for needle in needles)
    assert privacy.scan([("blank", ""), ("punctuation", " ,; ")], needles) == []


def test_a_person_with_nothing_on_the_register_gives_no_needles():
    assert privacy.needles_for([_person(real_name="", aliases=None, dob=None)]) == []


@pytest.mark.parametrize(
    ("day", "ordinal"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (10, "10th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (31, "31st"),
    ],
)
def test_a_date_of_birth_is_found_with_its_ordinal(day, ordinal):
    person = _person(dob=date(1985, 3, day))
    assert _found(f"Born {ordinal} March 1985.", person) == {BIRTH}
    assert _found(f"Born March {ordinal}, 85.", person) == {BIRTH}


def test_only_real_ordinals_are_needles():
    """13th, not the 13rd that the last digit alone would give."""
    person = _person(dob=date(1985, 3, 13))
    assert _found("Born 13rd March 1985.", person) == set()
    assert _found("Born 11st March 1985 or 12nd March 1985.", _person(dob=date(1985, 3, 11))) == set()


@pytest.mark.parametrize(
    "text",
    ["Born 2/3/1985.", "Born 02.03.85.", "Born 1985-3-2.", "Born 1985/03/02.", "Born 2 Mar 85.", "Born March 2 1985."],
)
def test_a_date_of_birth_is_found_in_each_written_form(text):
    assert _found(text, _person(dob=date(1985, 3, 2))) == {BIRTH}


@pytest.mark.parametrize(
    ("dob", "text"),
    [
        (date(1985, 2, 2), "Born 2 February 1985."),
        (date(1985, 2, 2), "Born Feb 2nd 85."),
        (date(1985, 10, 2), "Born 2 October 1985."),
        (date(1985, 12, 2), "Born 2 Dec 1985."),
    ],
)
def test_a_date_of_birth_is_found_by_its_month_name_in_any_month(dob, text):
    assert _found(text, _person(dob=dob)) == {BIRTH}


@pytest.mark.parametrize("dob", [date(1985, 8, 2), date(1985, 10, 2), date(1985, 12, 2)])
def test_only_september_is_written_sept(dob):
    assert _found(f"Born 2 Sept {dob.year}.", _person(dob=dob)) == set()


@pytest.mark.parametrize("text", ["Born 2 Sept 1990.", "Born 2 Sep 90.", "Born September 2nd 1990."])
def test_september_has_its_extra_short_name(text):
    assert _found(text, _person(dob=date(1990, 9, 2))) == {BIRTH}


@pytest.mark.parametrize(
    "text", ["Born 2 Sept 1985.", "Born 3/2/1985.", "Born 2 April 1985.", "Born 2/3/1986.", "Born 2/3/84."]
)
def test_a_nearby_date_is_not_the_date_of_birth(text):
    assert _found(text, _person(dob=date(1985, 3, 2))) == set()


def test_each_finding_is_reported_once_per_place_in_order():
    needles = privacy.needles_for([_person("Mei Li", dob=date(1985, 3, 2))])
    texts = [
        ("1.1", "Mei Li, born 2/3/1985 (2nd March 85), also written Li, Mei."),
        ("1.2", "Nothing here."),
        ("1.3", "Mei Li again."),
    ]
    assert privacy.scan(texts, needles) == [
        privacy.Leak("1.1", NAME),
        privacy.Leak("1.1", BIRTH),
        privacy.Leak("1.3", NAME),
    ]


def test_normalising_folds_case_punctuation_and_spacing_and_pads_for_whole_words():
    assert privacy.normalise("  SMITH,\t Jane!! ") == " smith jane "
    assert privacy.normalise(None) == "  "


def test_needles_and_findings_are_unchangeable_values():
    """Needles are built once and shared by the readiness and publication checks."""
    assert len({privacy.Leak("1.1", NAME), privacy.Leak("1.1", NAME)}) == 1
    needle = privacy.Needle(" li ", NAME)
    with pytest.raises(dataclasses.FrozenInstanceError):
        needle.normalised = " "
