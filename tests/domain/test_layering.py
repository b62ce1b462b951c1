"""The domain core stays plain Python: no Qt, no SQLAlchemy, no devices."""

import ast
from pathlib import Path

import cpdesk.domain

FORBIDDEN = ("PySide6", "sqlalchemy", "alembic", "serial", "escpos")


def test_domain_imports_no_gui_or_storage():
    root = Path(cpdesk.domain.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []
