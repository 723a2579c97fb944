"""Password hashing (argon2id) and the NCSC-style password policy.

Length, a deny-list and a zxcvbn strength score; no composition rules.
"""

import re
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

# Words that make a password guessable for this service in particular.
CONTEXT_WORDS = (
    "password",
    "domestic",
    "homicide",
    "review",
    "dardr",
    "dhr",
    "abuse",
    "safer",
    "partnership",
    "westminster",
    "community",
    "safety",
    "council",
    "police",
    "london",
    "casemanager",
)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords from breach corpora, as shipped with zxcvbn."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def _hasher() -> PasswordHasher:
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"],
        memory_cost=cfg["ARGON2_MEMORY_COST"],
        parallelism=cfg["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if the password matches. Runs a full hash even without a stored hash, so timing reveals nothing."""
    hasher = _hasher()
    if password_hash is None:
        hasher.hash(password)
        return False
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _core(text: str) -> str:
    """Lower-case, with leading and trailing digits and punctuation removed ("Password123!" -> "password")."""
    return re.sub(r"^[\W\d_]+|[\W\d_]+$", "", text.lower())


def password_problem(password: str, *, extra_words: tuple[str, ...] = ()) -> str | None:
    """Why a new password is not acceptable, as a GOV.UK-style message, or None if it is fine."""
    cfg = current_app.config
    minimum, maximum = cfg["PASSWORD_MIN_LENGTH"], cfg["PASSWORD_MAX_LENGTH"]
    if len(password) < minimum:
        return f"Password must be {minimum} characters or more"
    if len(password) > maximum:
        return f"Password must be {maximum} characters or fewer"
    lowered = password.lower()
    words = {w.lower() for w in CONTEXT_WORDS + extra_words if len(w) >= 3}
    if lowered in common_passwords() or _core(password) in common_passwords():
        return "Password is too common. Try a phrase of 3 or 4 unrelated words"
    if _core(password) in words or len(set(lowered)) < 4:
        return "Password is too easy to guess. Try a phrase of 3 or 4 unrelated words"
    # What is left once the guessable words are taken out must be long enough to carry the strength.
    remainder = re.sub(r"[\W_]+", "", lowered)
    for word in sorted(words, key=len, reverse=True):
        remainder = remainder.replace(word, "")
    if len(remainder) < 8:
        return "Password must not be mostly your name, email, or the name of this service or partnership"
    if strength(password, tuple(words)) < cfg["PASSWORD_MIN_SCORE"]:
        return "Password is too easy to guess. Avoid keyboard runs, sequences and names; try 3 or 4 unrelated words"
    return None


def strength(password: str, words: tuple[str, ...] = ()) -> int:
    """zxcvbn's 0-4 guessability score, seeded with this service's and the person's own words.

    zxcvbn's cost grows with length and it refuses more than 72 characters; a longer password is
    judged on its first 72, which is already far past any score threshold.
    """
    from zxcvbn import zxcvbn

    return int(zxcvbn(password[:72], user_inputs=list(words))["score"])
