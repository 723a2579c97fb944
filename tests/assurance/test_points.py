"""Reading the letter's areas for final development, pasted as one block, into numbered points."""

import pytest

from dhr.assurance.points import MAX_POINTS, ParsedPoint, PointsError, split_points


def test_one_point_per_line_when_nothing_is_numbered():
    assert split_points("Add a tribute\n\n- Shorten section 14\n• Define coercive control  ") == [
        ParsedPoint(1, "Add a tribute"),
        ParsedPoint(2, "Shorten section 14"),
        ParsedPoint(3, "Define coercive control"),
    ]


@pytest.mark.parametrize("marker", ["1.", "1)", "(1)", "1:", "1 -", "Point 1:"])
def test_each_numbering_style_starts_a_point(marker):
    second = marker.replace("1", "2")
    assert split_points(f"{marker} First point\n{second} Second point") == [
        ParsedPoint(1, "First point"),
        ParsedPoint(2, "Second point"),
    ]


def test_lines_after_a_number_continue_that_point():
    text = "1. The report should analyse\ncoercive control.\n\n2. Add a tribute."
    assert split_points(text) == [
        ParsedPoint(1, "The report should analyse\ncoercive control."),
        ParsedPoint(2, "Add a tribute."),
    ]


def test_the_letters_own_numbers_are_kept_when_they_rise():
    assert [p.number for p in split_points("3. C\n5. E\n12. L")] == [3, 5, 12]


def test_numbers_that_repeat_or_fall_are_replaced_in_order():
    assert [p.number for p in split_points("2. B\n1. A\n1. A again")] == [1, 2, 3]
    assert [p.number for p in split_points("Introductory remark\n1. A\n2. B")] == [1, 2, 3]


def test_nothing_gives_no_points():
    assert split_points("") == []
    assert split_points(" \n\t\n") == []


def test_a_number_without_text_is_refused():
    with pytest.raises(PointsError, match="needs some text after its number"):
        split_points("1. Fine\n2.")


def test_too_many_points_are_refused():
    with pytest.raises(PointsError, match=f"at most {MAX_POINTS}"):
        split_points("\n".join(f"Point {n}: text" for n in range(1, MAX_POINTS + 2)))


def test_a_year_or_paragraph_number_inside_a_line_does_not_start_a_point():
    text = "1. See paragraph 6.2 of the report\n2. In 2019, the GP referred her"
    assert [p.text for p in split_points(text)] == ["See paragraph 6.2 of the report", "In 2019, the GP referred her"]


def test_a_paragraph_number_at_the_start_of_a_line_continues_the_point():
    assert split_points("1. Section 6 is thin.\n6.2 does not cite the research.\n2. Add a glossary") == [
        ParsedPoint(1, "Section 6 is thin.\n6.2 does not cite the research."),
        ParsedPoint(2, "Add a glossary"),
    ]
