"""The package's imports, read with ``ast``: no circle between modules, and each layer imports
only the layers below it.

Layers, lowest first: ``domain`` (pure rules: no Qt, no database), ``store`` (the database),
``drawing`` (QtGui painting and values as text, shared by screen and paper), ``printing``
(the sheet) and ``ui`` (the screen).

Which imports count:

- Imports inside functions count everywhere. A lazy import (for a fast start) still runs, and
  still ties the two modules together; it only hides a circle from the start-up order.
- Imports under ``if TYPE_CHECKING:`` count for the layer rules but not for circles. They never
  run, so they cannot make a runtime circle; but a lower layer that names a higher layer's type
  depends on it all the same, and would break if that layer changed or went away.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pursuit_journey

PACKAGE = "pursuit_journey"
ROOT = Path(pursuit_journey.__file__).parent

# A layer -> what it must never import (layers of this package, or outside packages).
FORBIDDEN: dict[str, frozenset[str]] = {
    "domain": frozenset({"store", "ui", "printing", "drawing", "PySide6", "shiboken6"}),
    "store": frozenset({"ui", "printing", "drawing"}),
    "drawing": frozenset({"ui", "printing", "store"}),
    "printing": frozenset({"ui"}),
}


@dataclass(frozen=True)
class Edge:
    source: str  # dotted module name
    target: str  # dotted module name (``PySide6…`` for outside packages)
    line: int
    type_checking: bool


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Dotted name -> file of every module of the package at ``root``."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, type_checking: bool = False) -> Iterator[tuple[ast.stmt, bool]]:
    """Every import statement, at any depth, and whether it sits under ``if TYPE_CHECKING``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, type_checking
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                yield from _imports(ast.Module(body=[child], type_ignores=[]), True)
            for child in node.orelse:
                yield from _imports(ast.Module(body=[child], type_ignores=[]), type_checking)
        else:
            yield from _imports(node, type_checking)


def edges(known: dict[str, Path]) -> list[Edge]:
    found: list[Edge] = []
    for source, path in known.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node, type_checking in _imports(tree):
            for target in _targets(node, source, is_package, known):
                found.append(Edge(source, target, node.lineno, type_checking))
    return found


def _targets(node: ast.stmt, source: str, is_package: bool, known: dict[str, Path]) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    assert isinstance(node, ast.ImportFrom)
    if node.level:
        base = source.split(".") if is_package else source.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        stem = ".".join(base + ([node.module] if node.module else []))
    else:
        stem = node.module or ""
    # ``from package import module`` depends on that module; ``from module import name`` on
    # the module.
    return [
        f"{stem}.{alias.name}" if f"{stem}.{alias.name}" in known else stem for alias in node.names
    ]


def layer(module: str) -> str:
    """``domain`` for ``pursuit_journey.domain.x``; an outside package's own name (``PySide6``)."""
    parts = module.split(".")
    return parts[1] if parts[0] == PACKAGE and len(parts) > 1 else parts[0]


def broken_layer_rules(found: list[Edge]) -> list[str]:
    return [
        f"{edge.source}:{edge.line} imports {edge.target}"
        for edge in found
        if layer(edge.target) in FORBIDDEN.get(layer(edge.source), frozenset())
    ]


def circles(found: list[Edge], known: dict[str, Path]) -> list[list[str]]:
    """Groups of modules that import each other at run time (Tarjan's strongly connected
    components of more than one module, or a module importing itself)."""
    graph: dict[str, set[str]] = {name: set() for name in known}
    for edge in found:
        if not edge.type_checking and edge.target in graph:
            graph[edge.source].add(edge.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for following in sorted(graph[node]):
            if following not in index:
                visit(following)
                low[node] = min(low[node], low[following])
            elif following in on_stack:
                low[node] = min(low[node], index[following])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_walk_sees_the_package_and_its_lazy_and_type_only_imports() -> None:
    known = modules()
    found = edges(known)
    assert {"pursuit_journey.domain.prep_fields", "pursuit_journey.ui.main_window"} <= set(known)
    # printing/selection.py names the store's type (StoreLike) for type checking only
    assert any(
        e.source == "pursuit_journey.printing.selection"
        and e.target == "pursuit_journey.store.protocol"
        and e.type_checking
        for e in found
    )
    # __main__ imports the app inside main(), lazily
    assert any(
        e.source == "pursuit_journey.__main__" and e.target == "pursuit_journey.app" for e in found
    )


def test_no_module_imports_itself_back_through_others() -> None:
    known = modules()
    assert circles(edges(known), known) == []


def test_each_layer_imports_only_the_layers_below_it() -> None:
    assert broken_layer_rules(edges(modules())) == []


def test_a_planted_circle_and_a_planted_layer_break_are_found(tmp_path: Path) -> None:
    """The checks above can fail: a small package with both faults fails them."""
    package = tmp_path / PACKAGE
    for folder in ("domain", "ui"):
        (package / folder).mkdir(parents=True)
        (package / folder / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "domain" / "rules.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..ui.window import W\n"
    )
    (package / "ui" / "window.py").write_text("from . import line\n")
    (package / "ui" / "line.py").write_text("def f():\n    from .window import W\n")
    known = modules(package)
    found = edges(known)
    assert circles(found, known) == [["pursuit_journey.ui.line", "pursuit_journey.ui.window"]]
    assert broken_layer_rules(found) == [
        "pursuit_journey.domain.rules:3 imports pursuit_journey.ui.window"
    ]
