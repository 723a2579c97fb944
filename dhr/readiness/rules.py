"""What the readiness checks look for (domain.md §3.7). Wording lives here so it can follow revised guidance."""

# Forms of abuse the QA panel expects to see defined where a report relies on them.
ABUSE_TERMS: tuple[str, ...] = (
    "coercive control",
    "controlling behaviour",
    "economic abuse",
    "stalking",
    "non-fatal strangulation",
    "honour-based abuse",
    "so-called honour-based abuse",
    "forced marriage",
    "domestic abuse",
)
# Phrases that introduce a definition of a term, as "{term} is defined", "{term} means", ...
DEFINITION_PATTERNS: tuple[str, ...] = ("{term} is defined", "{term} means", "definition of {term}", "{term} is a ")

# Words (as regular expressions, matched whole) that show the delay is explained: "delayed", "paused", ...
DELAY_WORDS: tuple[str, ...] = (
    r"delay\w*",
    r"longer than",
    r"beyond six months",
    r"paus\w*",
    r"exten\w*",
    r"adjourn\w*",
)
