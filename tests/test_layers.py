"""Layers import downwards only: core <- formats <- pipelines <- cli (and the server).

A module's layer comes from its place in the tree; every ``tarjama`` import it makes, at the
top or inside a function, must name a module of its own layer or a lower one.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src" / "tarjama"
CORE = {"__init__", "model", "errors", "languages", "fileio", "catalog_languages", "placeholders",
        "progress", "bulk", "display"}
LAYERS = {"core": 0, "formats": 1, "pipelines": 2, "cli": 3, "server": 3}


def _layer(module: str) -> int:
    """The layer of a dotted module name under ``tarjama``."""
    parts = module.split(".")
    head = parts[1] if len(parts) > 1 else "__init__"
    if head in CORE:
        return LAYERS["core"]
    if head == "__main__":  # ``python -m tarjama``: the command line's entry point
        return LAYERS["cli"]
    if head in ("formats", "cli", "server"):
        return LAYERS[head]
    return LAYERS["pipelines"]


def _module_name(path: Path) -> str:
    relative = path.relative_to(SRC.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tarjama"):
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            # ``from tarjama.formats import tmx`` names a module; ``from tarjama.x import f``
            # a function of x: the deeper name counts only when it is a module of the tree.
            found += [(node.lineno, name if _is_module(name) else node.module)
                      for name in names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names
                      if alias.name.startswith("tarjama")]
    return found


def _is_module(name: str) -> bool:
    base = SRC.parent.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def test_layers_import_downwards_only() -> None:
    upward = []
    for path in sorted(SRC.rglob("*.py")):
        module = _module_name(path)
        for line, imported in _imports(path):
            if _layer(imported) > _layer(module):
                upward.append(f"{path.relative_to(SRC)}:{line}: {module} imports {imported}")
    assert not upward, "imports against the layers:\n" + "\n".join(upward)


def test_the_tmx_format_does_not_go_through_the_po_format() -> None:
    # The export path goes pipeline -> formats.po (read) -> formats.tmx (write), not back
    # and forth between the two formats.
    crossing = [f"{path.relative_to(SRC)}:{line}: {imported}"
                for path in sorted((SRC / "formats" / "tmx").rglob("*.py"))
                for line, imported in _imports(path) if imported.startswith("tarjama.formats.po")]
    assert not crossing
