"""Hardware and documents keep to their layers, beyond the rules every layer keeps
(tests/domain/test_layering.py, which also looks for import circles):

- `cpdesk.hardware` talks to devices only: no store, no SQL, no documents (what is printed
  arrives as bytes or a PDF), no services and no sync.
- `cpdesk.documents` renders plain data; only `gather` reads the store; no devices.
Every import counts, also one inside a function: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import cpdesk

ROOT = Path(cpdesk.__file__).parent


def imports_of(path: Path, package: str) -> set[str]:
    """The absolute module names `path` imports (relative imports resolved)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                if path.name != "__init__.py" or node.level > 1:
                    base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base)
                module = f"{prefix}.{node.module}" if node.module else prefix
                # `from . import a, b` imports the submodules a and b
                found.update(f"{module}.{a.name}" for a in node.names) if not node.module \
                    else found.add(module)
            elif node.module:  # `from cpdesk import documents` imports cpdesk.documents
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def modules(package: str) -> dict[str, set[str]]:
    folder = ROOT.joinpath(*package.split(".")[1:])
    out = {}
    for path in sorted(folder.rglob("*.py")):
        name = ".".join([package, *path.relative_to(folder).with_suffix("").parts])
        name = name.removesuffix(".__init__")
        out[name] = imports_of(path, name if path.name == "__init__.py" else
                               name.rpartition(".")[0])
    return out


def breaches(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted({f"{mod} imports {f}" for mod, imps in modules(package).items()
                   for imp in imps for f in forbidden
                   if imp == f or imp.startswith(f + ".")})


def test_the_import_reader_sees_relative_and_lazy_imports(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("from . import a, b\nfrom .c import x\n"
                      "def f():\n    from cpdesk.store import models\n")
    assert imports_of(source, "cpdesk.hardware") == {
        "cpdesk.hardware.a", "cpdesk.hardware.b", "cpdesk.hardware.c", "cpdesk.store",
        "cpdesk.store.models"}


def test_hardware_reads_no_store_renders_no_document_and_has_no_qt() -> None:
    assert breaches("cpdesk.hardware", ("cpdesk.store", "cpdesk.documents", "cpdesk.ui",
                                        "cpdesk.sync", "cpdesk.packing", "cpdesk.counter",
                                        "cpdesk.loading", "PySide6", "sqlalchemy")) == []


def test_documents_render_without_qt_or_devices_and_only_gather_reads_the_store() -> None:
    assert breaches("cpdesk.documents", ("cpdesk.hardware", "cpdesk.ui", "PySide6")) == []
    store = ("cpdesk.store", "sqlalchemy", "cpdesk.documents.gather")
    # gather reads the store; the package re-exports it; the service opens the session a
    # document is gathered in (the renderers never see a session)
    reading = {"cpdesk.documents.gather", "cpdesk.documents", "cpdesk.documents.service"}
    assert [b for b in breaches("cpdesk.documents", store)
            if b.split(" imports ")[0] not in reading] == []
