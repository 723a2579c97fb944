"""Recommendations of a review: scope, target, themes, the findings they answer, and repeats across reviews."""
