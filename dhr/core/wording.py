"""Counts in words: "1 person", "2 people", never "1 people" or "person(s)"."""

# Nouns whose plural is not the singular with an s.
IRREGULAR = {
    "person": "people",
    "entry": "entries",
    "agency": "agencies",
    "duty": "duties",
    "activity": "activities",
    "match": "matches",
    "address": "addresses",
    "child": "children",
}


def plural(noun: str, n: int) -> str:
    """The noun as it reads after the number n."""
    if n == 1:
        return noun
    head, _, last = noun.rpartition(" ")
    word = IRREGULAR.get(last, last + "s")
    return f"{head} {word}" if head else word


def counted(n: int, noun: str) -> str:
    """n and its noun, agreed: counted(1, "day") is "1 day", counted(3, "person") is "3 people"."""
    return f"{n:,} {plural(noun, n)}"


def with_article(noun: str) -> str:
    """The noun after "a" or "an": "an observer", "a panel member"."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def singular(nouns: str) -> str:
    """The plural noun as one of them: "agency requests" becomes "agency request", "people" becomes "person"."""
    head, _, last = nouns.rpartition(" ")
    one = {many: one for one, many in IRREGULAR.items()}.get(last, last.removesuffix("s"))
    return f"{head} {one}" if head else one


def counted_plural(n: int, nouns: str) -> str:
    """n and a noun given in the plural, agreed: counted_plural(1, "duties") is "1 duty"."""
    return counted(n, singular(nouns))
