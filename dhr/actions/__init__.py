"""The action plan: actions towards each recommendation, tracked to evidenced, approved completion."""

from dhr.actions import guards  # noqa: F401  (registers the closure guard)
