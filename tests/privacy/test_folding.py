"""Folding that knows the world's names: the letters a writer types plainly, the letters a disguise swaps in, and
the separators that split a name, all meet the register's spelling."""

from datetime import date
from types import SimpleNamespace

import pytest

from dhr import privacy
from dhr.privacy import fold, numbers
from dhr.reviews.models import PersonRole

NAME = "the real name of Adult A (victim)"
OTHER = "the real name of Adult B (perpetrator)"
BIRTH = "the date of birth of Adult A (victim)"
CONTACT = "the name of a family contact"


def _person(real_name=None, aliases=None, dob=None, pseudonym="Adult A", role=PersonRole.VICTIM):
    return SimpleNamespace(pseudonym=pseudonym, role=role, real_name=real_name, aliases=aliases, date_of_birth=dob)


def _found(text, *people, contacts=()):
    return {leak.description for leak in privacy.scan([("1.1", text)], privacy.needles_for(people, list(contacts)))}


@pytest.mark.parametrize(
    ("registered", "typed"),
    [
        ("Anna Gołębiowski", "Anna Golebiowski"),
        ("Søren Hansen", "Soren Hansen"),
        ("Elif Yıldız", "Elif Yildiz"),
        ("Siobhán O'Neill", "Siobhan ONeill"),
        ("Siobhán O'Neill", "Siobhan O Neill"),
        ("Siobhán O’Neill", "Siobhan O'Neill"),  # a curly apostrophe in the register
        ("Greta Strauß", "Greta Strauss"),
        ("Ærin Ås", "Aerin As"),
        ("Đurđa Lović", "Durda Lovic"),
        ("Mary Smith-Jones", "Mary SmithJones"),
        ("Mary Smith-Jones", "Mary Smith Jones"),
        ("Mary Smith Jones", "Mary Smith-Jones"),
    ],
)
def test_a_name_registered_with_letters_the_writer_does_not_type_is_found(registered, typed):
    assert _found(f"Seen with {typed} today.", _person(registered)) == {NAME}
    assert _found(f"Seen with {registered} today.", _person(typed)) == {NAME}


@pytest.mark.parametrize(
    ("text", "disguise"),
    [
        ("Seen with \u202ellienohT haraS\u202c today.", "reversed behind a right-to-left override"),
        ("Seen with \u202ellienohT haraS today.", "an override left open to the end"),
        ("Seen with Sarah Th\u0585rnton today.", "Armenian oh"),
        ("Seen with \u13daarah Thornton today.", "Cherokee capital letter"),
        ("Seen with Sarah T\u029cornton today.", "small capital H"),
        ("Seen with \U0001d412\U0001d41a\U0001d42b\U0001d41a\U0001d421 Thornton today.", "mathematical bold"),
        ("Seen with Sa\u200brah Thorn\u200bton today.", "zero-width spaces"),
        ("Seen with S a r a h T h o r n t o n today.", "letters spaced out"),
        ("Seen with S-a-r-a-h Thornton today.", "letters hyphenated"),
        ("Seen with Sarah\u2060Thornton today.", "a word joiner for the space"),
        ("Seen with THORNTON, SARAH today.", "register order in capitals"),
        ("Sarah told her GP she was afraid.", "the first name alone"),
        ("Mrs Thornton told her GP.", "title and surname"),
    ],
    ids=lambda value: value if " " in value and "today" not in value else None,
)
def test_a_disguised_name_is_found(text, disguise):
    assert _found(text, _person("Sarah Thornton")) == {NAME}, disguise


def test_a_common_first_name_alone_is_not_a_needle_when_two_people_share_it():
    victim, perpetrator = _person("John Smith"), _person("John Doe", pseudonym="Adult B", role=PersonRole.PERPETRATOR)
    assert _found("John said he was fine.", victim, perpetrator) == set()
    assert _found("John Smith said he was fine.", victim, perpetrator) == {NAME}
    assert _found("Mr Doe said he was fine.", victim, perpetrator) == {OTHER}


def test_a_first_name_alone_needs_the_writers_capital():
    # "Grace" is also a word: only the capitalised or shouted form names her
    person = _person("Grace Okoro")
    assert _found("She said grace before meals.", person) == set()
    assert _found("Grace said she was afraid.", person) == {NAME}
    assert _found("GRACE SAID SHE WAS AFRAID.", person) == {NAME}


def test_a_first_name_shared_with_a_family_contact_is_not_a_needle_alone():
    assert _found("Anna phoned.", _person("Anna Novak"), contacts=["Anna Brown"]) == set()


def test_a_family_contacts_first_name_alone_is_found():
    assert _found("Peter phoned the police.", _person("Sarah Thornton"), contacts=["Peter Holt"]) == {CONTACT}


def test_a_short_first_name_is_not_a_needle_alone():
    assert _found("Jo said she was afraid.", _person("Jo Thornton")) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Born the 4th of May 1985.",
        "Born 4th of May 1985.",
        "Born on Saturday 4 May 1985.",
        "Born Saturday, 4th May, 1985.",
        "Born on the fourth of May, nineteen eighty-five.",
        "Born May the fourth 1985.",
        "Born May 4th, nineteen eighty five.",
        "Born four May 85.",
    ],
)
def test_a_date_of_birth_written_out_is_found(text):
    assert _found(text, _person(dob=date(1985, 5, 4))) == {BIRTH}


@pytest.mark.parametrize(
    "text", ["Born the fifth of May 1985.", "Born the fourth of June 1985.", "Born the fourth of May 1986."]
)
def test_a_nearby_date_in_words_is_not_the_date_of_birth(text):
    assert _found(text, _person(dob=date(1985, 5, 4))) == set()


def test_a_date_of_birth_in_this_century_is_found_in_words():
    person = _person(dob=date(2005, 1, 21))
    assert _found("Born the twenty-first of January two thousand and five.", person) == {BIRTH}
    assert _found("Born January 21st, twenty oh five.", person) == {BIRTH}


def test_numbers_in_words():
    assert [numbers.ordinal(n) for n in (1, 2, 3, 4, 5, 8, 9, 12, 20, 21, 30)] == [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "eighth",
        "ninth",
        "twelfth",
        "twentieth",
        "twenty-first",
        "thirtieth",
    ]
    assert numbers.year_words(1985) == {"nineteen eighty-five"}
    assert numbers.year_words(1900) == {"nineteen hundred"}
    assert numbers.year_words(1907) == {"nineteen oh seven", "nineteen hundred and seven"}
    assert numbers.year_words(2000) == {"two thousand"}
    assert numbers.year_words(2012) == {"twenty twelve", "two thousand and twelve", "two thousand twelve"}
    for bad in (-1, 100):
        with pytest.raises(ValueError, match="outside"):
            numbers.cardinal(bad)
    with pytest.raises(ValueError, match="outside"):
        numbers.ordinal(0)
    with pytest.raises(ValueError, match="outside"):
        numbers.year_words(1899)


def test_invisible_characters_separate_rather_than_vanish():
    # Deleting them would glue two words into one that no needle has
    assert fold.normalise("Sarah\u200bThornton") == " sarah thornton "
    assert " sarahthornton " in {view.folded for view in fold.views("Sarah\u200bThornton")}


def test_the_views_of_a_text():
    assert [view.cased for view in fold.views("O'Neill")] == [" O Neill ", " ONeill "]
    assert [view.cased for view in fold.views("Ann Lee")] == [" Ann Lee "]
    assert fold.displayed("ab\u202edc\u202cef\u202ehg\nij") == "abcdefgh\nij"


def test_folding_keeps_capitals_for_the_first_name_check():
    assert fold.views("Ꮪofia")[0].cased == " Sofia "
    assert fold.views("\u0405ofia")[0].cased == " Sofia "  # Cyrillic capital dze


def test_a_matcher_with_no_needles_finds_nothing():
    matcher = privacy.Matcher([])
    assert not matcher
    assert matcher.hits("Sarah Thornton") == []
    assert privacy.Matcher(privacy.needles_for([_person("Sarah Thornton")])).hits("") == []
