"""The package's layout: no import circles among ``kg`` modules, and imports run down the tiers.

Read from the source with :mod:`ast`, so an import inside a function counts as much as one at
the top of a module. ``from kg.extract import pos`` is an import of the submodule ``kg.extract.pos``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kg"

#: Top to bottom: a module imports modules of its own tier or of a lower one (STYLE.md, "Layout").
#: A new module is placed here, or this test fails.
TIERS = {
    3: ("kg.cli", "kg.web", "kg.web.*"),
    2: ("kg.pipeline", "kg.cluster", "kg.queries", "kg.server", "kg.evaluation", "kg.validate", "kg.duplicates",
        "kg.explain"),
    1: ("kg.store", "kg.indexes", "kg.rdf", "kg.plain", "kg.catalog", "kg.resolve", "kg.usercatalog", "kg.extract", "kg.extract.*"),
    0: ("kg", "kg.ingest", "kg.clean", "kg.normalize", "kg.errors", "kg.vocab", "kg.model", "kg.resources", "kg.text"),
}


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The ``kg`` modules that the module ``name`` imports, anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            for alias in node.names:
                if f"{base}.{alias.name}" in known:
                    found.add(f"{base}.{alias.name}")
                elif base in known:
                    found.add(base)
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted.

    >>> circles({"a": {"b"}, "b": {"a"}, "c": {"a"}})
    [['a', 'b']]
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def tier(name: str) -> int | None:
    for level, patterns in TIERS.items():
        for pattern in patterns:
            if name == pattern or (pattern.endswith(".*") and name.startswith(pattern[:-1])):
                return level
    return None


def test_the_graph_is_read():
    edges = graph()
    assert "kg.web.view" in edges and "kg.queries" in edges["kg.web.view"]
    assert "kg.extract.pos" in edges["kg.extract.lexicon"]  # ``from kg.extract import pos``


def test_no_import_circles():
    assert circles(graph()) == []


def test_circles_are_found():
    assert circles({"kg.a": {"kg.b"}, "kg.b": {"kg.c"}, "kg.c": {"kg.a"}, "kg.d": {"kg.d"}}) == [
        ["kg.a", "kg.b", "kg.c"]]


def test_every_module_has_a_tier():
    assert [name for name in sorted(graph()) if tier(name) is None] == []


def test_imports_run_down_the_tiers():
    upward = [f"{name} (tier {tier(name)}) imports {other} (tier {tier(other)})"
              for name, others in sorted(graph().items()) for other in sorted(others)
              if tier(name) is not None and tier(other) is not None and tier(other) > tier(name)]
    assert upward == []


@pytest.mark.parametrize("lower", ["kg.pipeline", "kg.server", "kg.queries"])
def test_the_engines_and_the_web_tier_are_not_imported_from_below(lower):
    edges = graph()
    assert not {other for other in edges[lower] if other == "kg.cluster" or other.startswith("kg.web")}
