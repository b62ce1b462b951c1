"""The layers of cpdesk import only downwards, and no modules import each other in a circle.

- The domain core stays plain Python: no Qt, no SQLAlchemy, no devices; of cpdesk only
  itself, the refusals (`cpdesk.errors`) and the clock.
- Screens (`cpdesk.ui`) never open the store nor use SQLAlchemy: they ask a service; nor
  do they use the demo generator (the counter's categories come from its catalogue).
- Services (packing, loading, counter) know neither devices (`cpdesk.hardware`) nor the sync:
  a screen hands them what a device read, the sync hands them what the centre changed.
- Device drivers (`cpdesk.hardware`) know neither the store nor the documents: they move
  bytes; what to print is the documents', where it is queued is the store's.
- Below the screens nothing imports Qt or the screens.

Every import counts, at the top of a module or inside a function (a lazy import still ties
the two modules). Breaches known today are listed by name in `KNOWN`, to be removed as they
are fixed: a new breach fails, and so does a listed one that is gone (take it off the list).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import cpdesk

ROOT = Path(cpdesk.__file__).parent
SERVICES = ("cpdesk.packing", "cpdesk.loading", "cpdesk.counter")
BELOW_UI = (*SERVICES, "cpdesk.domain", "cpdesk.store", "cpdesk.sync", "cpdesk.documents",
            "cpdesk.hardware", "cpdesk.errors", "cpdesk.clock")

# (importing package, imported prefixes it must not use)
RULES: list[tuple[str, tuple[str, ...]]] = [
    ("cpdesk.domain", ("PySide6", "shiboken6", "sqlalchemy", "alembic", "serial", "escpos",
                       "cpdesk.store", "cpdesk.sync", "cpdesk.hardware", "cpdesk.documents",
                       "cpdesk.ui", "cpdesk.packing", "cpdesk.loading", "cpdesk.counter",
                       "cpdesk.demo", "cpdesk.cli", "cpdesk.station", "cpdesk.support",
                       "cpdesk.logs", "cpdesk.formats")),
    ("cpdesk.ui", ("cpdesk.store", "sqlalchemy", "cpdesk.demo")),
    *((service, ("cpdesk.hardware", "cpdesk.sync")) for service in SERVICES),
    ("cpdesk.hardware", ("cpdesk.store", "cpdesk.documents")),
    *((layer, ("cpdesk.ui", "PySide6", "shiboken6")) for layer in BELOW_UI
      if layer != "cpdesk.hardware"),
]

# Breaches still in the code (importer -> imported): shrink this list, never grow it.
KNOWN = {
    # the composition root opens the store (the context on first use of its engine); the
    # failure screens read what went wrong
    ("cpdesk.ui.app", "cpdesk.store"),
    ("cpdesk.ui.context", "cpdesk.store"),
    ("cpdesk.ui.before_qt", "cpdesk.store"),  # the start's plain board read, before Qt
    ("cpdesk.ui.failures", "cpdesk.store"),
    ("cpdesk.ui.main_window", "cpdesk.store"),
    ("cpdesk.ui.screenshots", "cpdesk.store"),
    # screens and SQLAlchemy: the composition root makes the demo network; the context
    # carries the engine to the services; the screenshot script builds a demo
    ("cpdesk.ui.app", "cpdesk.demo"),
    ("cpdesk.ui.context", "sqlalchemy"),
    ("cpdesk.ui.screenshots", "sqlalchemy"),
    ("cpdesk.ui.screenshots", "cpdesk.demo"),
}

# Import circles known today (each a set of modules): shrink this list, never grow it.
KNOWN_CYCLES: list[set[str]] = []


def modules() -> dict[str, tuple[Path, bool]]:
    """Every module of cpdesk: dotted name -> (file, is a package's __init__)."""
    out = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        package = parts[-1] == "__init__"
        out[".".join(parts[:-1] if package else parts)] = (path, package)
    return out


def imports(name: str, path: Path, package: bool) -> Iterator[str]:
    """Every name `name` imports, absolute: `from .x import y` gives `pkg.x.y` (a module or a
    name inside one: `import_graph` keeps the longest module part)."""
    here = name if package else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = here.split(".")[: len(here.split(".")) - node.level + 1]
                base = ".".join([*up, *([node.module] if node.module else [])])
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def breaches() -> set[tuple[str, str]]:
    """(importer, forbidden layer) for every import a rule forbids."""
    found = set()
    for name, (path, package) in modules().items():
        targets = set(imports(name, path, package))
        for layer, forbidden in RULES:
            if _under(name, layer):
                found |= {(name, bad) for bad in forbidden
                          if any(_under(t, bad) for t in targets)}
    return found


def test_each_layer_imports_only_what_lies_below_it() -> None:
    found = breaches()
    new = sorted(found - KNOWN)
    assert new == [], "imports that break the layering:\n" + "\n".join(
        f"  {a} imports {b}" for a, b in new)
    fixed = sorted(KNOWN - found)
    assert fixed == [], "fixed, take them off KNOWN:\n" + "\n".join(
        f"  {a} -> {b}" for a, b in fixed)


def test_the_rules_catch_a_breach() -> None:
    """The walker sees relative, lazy and `from cpdesk import x` imports alike."""
    source = ("from cpdesk import documents\n"
              "def later():\n    from ..store import db\n")
    got = set(_imports_of_text("cpdesk.hardware._layering_probe", source))
    assert {"cpdesk.documents", "cpdesk.store.db"} <= got


def _imports_of_text(name: str, source: str) -> Iterator[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "probe.py"
        path.write_text(source, encoding="utf-8")
        yield from imports(name, path, package=False)


def import_graph() -> dict[str, set[str]]:
    """Module -> the cpdesk modules it imports (a name inside a module counts as the module)."""
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, (path, package) in known.items():
        edges = set()
        for target in imports(name, path, package):
            while target not in known and "." in target:
                target = target.rpartition(".")[0]
            if target in known and target != name:
                edges.add(target)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[tuple[set[str], list[str]]]:
    """The import circles: strongly connected groups of more than one module (Tarjan),
    each with one path around a circle through it, for the report."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [(g, _path_around(graph, g)) for g in groups]


def _path_around(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """One circle through the group's first module, for the report (breadth first)."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph[v] & group):
            if w == start:
                return paths[v] + [start]
            if w not in paths:
                paths[w] = paths[v] + [w]
                queue.append(w)
    return sorted(group)


def test_no_import_circles_between_modules() -> None:
    found = cycles(import_graph())
    new = [path for group, path in found if group not in KNOWN_CYCLES]
    assert new == [], "import circles:\n" + "\n".join("  " + " -> ".join(c) for c in new)
    gone = [sorted(k) for k in KNOWN_CYCLES if k not in [group for group, _ in found]]
    assert gone == [], f"fixed, take them off KNOWN_CYCLES: {gone}"


def test_the_circle_finder_reports_the_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [({"a", "b", "c"}, ["a", "b", "c", "a"])]
    assert cycles({"a": {"b"}, "b": set()}) == []
