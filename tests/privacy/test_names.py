"""Name-like words the register does not know: what is listed for the chair to check, and what is not."""

from dhr.privacy.names import known_words, name_like


def _listed(text, *known):
    return [c.words for c in name_like([("1.1", text)], known_words(known))]


def test_names_places_and_surnames_of_every_shape_are_listed():
    text = "Sarah Kowalczyk visited. McDonald, O'Neill and Smith-Jones were neighbours in Paddington."
    assert _listed(text) == ["Sarah Kowalczyk", "McDonald", "O'Neill", "Smith-Jones", "Paddington"]


def test_ordinary_words_at_the_start_of_a_sentence_are_not_listed():
    text = "Officers attended. Neighbours referred her. Agencies recognised the behaviour. Grace was said."
    assert _listed(text) == []


def test_pseudonyms_agencies_glossary_and_the_review_team_are_not_listed():
    text = "Adult Q told Westminster IDVA Service staff. The MARAC met. Jo Whitfield chaired. Kowalczyk spoke."
    known = ("Adult Q", "Westminster IDVA Service", "IDVA", "MARAC", "Jo Whitfield")
    assert _listed(text, *known) == ["Kowalczyk"]


def test_days_months_titles_and_home_nations_are_not_listed():
    assert _listed("On Monday 4 May Mrs Adult Q moved from Wales to London, England.", "Adult Q") == []


def test_only_the_unknown_words_of_a_run_are_listed_and_each_place_once():
    found = name_like(
        [("1.1", "Detective Sergeant Hughes called."), ("1.2", "Hughes called again."), ("1.2", "And Hughes.")],
        known_words([]),
    )
    assert [(c.words, c.places) for c in found] == [("Hughes", ["1.1", "1.2"])]


def test_a_disguised_word_is_read_through_its_disguise():
    # Folding applies here too: a pseudonym typed with a Cyrillic capital is still the pseudonym, and a surname
    # typed with one is still listed
    assert _listed("\u041cira was seen.", "Mira") == []
    assert _listed("Mira saw \u041aowalczyk.", "Mira") == ["\u041aowalczyk"]
