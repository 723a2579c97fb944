"""Days and years in words, as a date of birth is written out: "fourth", "twenty-first", "nineteen eighty-five"."""

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
_UNITS += "seventeen eighteen nineteen"
UNITS = _UNITS.split()
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL_UNITS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


def cardinal(n: int) -> str:
    """0 to 99 in words, tens and units hyphenated: "twenty-one"."""
    if not 0 <= n <= 99:
        raise ValueError(f"{n} is outside 0 to 99")
    if n < 20:
        return UNITS[n]
    tens, units = divmod(n, 10)
    return TENS[tens] if units == 0 else f"{TENS[tens]}-{UNITS[units]}"


def ordinal(n: int) -> str:
    """1 to 99 as an ordinal in words: "first", "twelfth", "twentieth", "thirty-first"."""
    if not 1 <= n <= 99:
        raise ValueError(f"{n} is outside 1 to 99")
    words = cardinal(n)
    head, _, last = words.rpartition("-")
    if last in _ORDINAL_UNITS:
        last = _ORDINAL_UNITS[last]
    elif last.endswith("y"):
        last = f"{last[:-1]}ieth"
    else:
        last = f"{last}th"
    return f"{head}-{last}" if head else last


def year_words(year: int) -> set[str]:
    """A year of 1900 to 2099 in the ways it is said: "nineteen eighty-five", "two thousand and five", "twenty ten"."""
    if not 1900 <= year <= 2099:
        raise ValueError(f"{year} is outside 1900 to 2099")
    century, rest = divmod(year, 100)
    first = cardinal(century)
    if rest == 0:
        return {"two thousand"} if century == 20 else {f"{first} hundred"}
    if rest < 10:
        said = {f"{first} oh {cardinal(rest)}"}  # "twenty five" would be 25, so not that
        said.add(f"two thousand and {cardinal(rest)}" if century == 20 else f"{first} hundred and {cardinal(rest)}")
    else:
        said = {f"{first} {cardinal(rest)}"}
    if century == 20:
        said |= {f"two thousand and {cardinal(rest)}", f"two thousand {cardinal(rest)}"}
    return said
