"""The packages' import graph (tools/depgraph.py): no new cycle between domain packages.

The groups below are the cycles that remain at module level (imports run when a module loads). Issue 15 removes
them one by one; each removal shrinks this list, and anything that closes a new loop fails here.
"""

import importlib.util
from pathlib import Path

TOOL = Path(__file__).resolve().parent.parent / "tools" / "depgraph.py"
spec = importlib.util.spec_from_file_location("depgraph", TOOL)
depgraph = importlib.util.module_from_spec(spec)
spec.loader.exec_module(depgraph)

KNOWN_CYCLES = [
    {"actions", "recommendations"},
    {"agencies", "audit", "auth", "mail", "partnerships", "users"},
    {
        "assurance",
        "clocks",
        "correspondence",
        "drafting",
        "evidence",
        "panel",
        "privacy",
        "readiness",
        "reviews",
        "templating",
        "terms",
    },
]


def test_no_new_cycle_between_packages():
    for group in depgraph.cycles(depgraph.edges(top_level=True)):
        assert any(set(group) <= known for known in KNOWN_CYCLES), f"a new import cycle: {' -> '.join(group)}"


def test_the_base_layer_imports_no_domain_package():
    graph = depgraph.edges(top_level=True)
    assert graph["core"] == set(), graph["core"]
    assert graph["extensions"] <= {"core"}


def test_the_tool_finds_a_cycle_it_is_given():
    assert depgraph.cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
