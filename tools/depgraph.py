"""The dependency graph between dhr's packages, read from the source's import statements.

    python tools/depgraph.py            # edges and cycles, as text
    python tools/depgraph.py --mermaid  # the graph as a Mermaid block for docs/architecture.md
    python tools/depgraph.py --top-level --mermaid --hide-base  # as drawn there

Every import counts, including one inside a function: a deferred import still ties the two packages together.
"""

import argparse
import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "dhr"


# What every package may use: drawing it would hide the graph's shape under its arrows.
BASE = frozenset({"core", "extensions", "permissions", "audit", "templating", "seed", "commands", "model_registry"})


def _package_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "dhr" or len(parts) < 2:
        return None
    return parts[1]


def _imported(tree: ast.Module, module: str, top_level: bool = False) -> set[str]:
    names = set()
    for node in tree.body if top_level else ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")[: -node.level]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def packages() -> list[str]:
    """The top-level packages and modules of dhr, by name."""
    found = {path.name for path in ROOT.iterdir() if (path / "__init__.py").exists()}
    found |= {path.stem for path in ROOT.glob("*.py") if path.stem != "__init__"}
    return sorted(found - {"static"})


def edges(top_level: bool = False) -> dict[str, set[str]]:
    """Package -> the other dhr packages it imports (`top_level`: only imports run when the module loads)."""
    known = set(packages())
    graph: dict[str, set[str]] = defaultdict(set)
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT.parent).with_suffix("")
        module = ".".join(relative.parts)
        if module.endswith(".__init__"):
            module = module.removesuffix(".__init__") + ".__init__"
        source = _package_of(module)
        if source is None or source not in known:
            continue
        graph.setdefault(source, set())
        for name in _imported(ast.parse(path.read_text(encoding="utf-8")), module, top_level):
            target = _package_of(name)
            if target in known and target != source:
                graph[source].add(target)
    return dict(graph)


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of packages that reach one another through their imports (more than one package each)."""
    reach = {node: _reachable(graph, node) for node in graph}
    groups = set()
    for node in graph:
        group = frozenset({node} | {other for other in reach[node] if node in reach.get(other, ())})
        if len(group) > 1:
            groups.add(group)
    return sorted(sorted(group) for group in groups)


def mermaid(graph: dict[str, set[str]]) -> str:
    """The graph as a Mermaid flowchart, arrows pointing at what a package imports."""
    lines = ["```mermaid", "flowchart LR"]
    for source in sorted(graph):
        lines.extend(f"  {source} --> {target}" for target in sorted(graph[source]))
    lines.append("```")
    return "\n".join(lines)


def main() -> None:
    """Print the graph's edges and cycles, or the Mermaid block."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mermaid", action="store_true", help="print a Mermaid flowchart")
    parser.add_argument("--top-level", action="store_true", help="leave out imports made inside functions")
    parser.add_argument("--hide-base", action="store_true", help=f"leave out the base layer: {', '.join(BASE)}")
    args = parser.parse_args()
    graph = edges(args.top_level)
    if args.hide_base:
        graph = {src: targets - BASE for src, targets in graph.items() if src not in BASE}
    if args.mermaid:
        print(mermaid(graph))
        return
    for source in sorted(graph):
        print(f"{source}: {', '.join(sorted(graph[source])) or '-'}")
    found = cycles(graph)
    print(f"\n{sum(len(g) for g in graph.values())} edges between {len(graph)} packages; {len(found)} cycle groups")
    for group in found:
        print(f"  cycle of {len(group)}: {', '.join(group)}")


if __name__ == "__main__":
    main()
