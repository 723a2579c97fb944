"""The privacy shield: what identifies a person on the register, folded so that no spelling hides it, and found
in one pass over any text."""

from dhr.privacy.fold import normalise
from dhr.privacy.needles import Needle, needles_for
from dhr.privacy.scan import Hit, Leak, Matcher, scan

__all__ = ["Hit", "Leak", "Matcher", "Needle", "needles_for", "normalise", "scan"]
