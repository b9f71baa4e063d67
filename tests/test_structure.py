"""The code's shape: each outlet written once, no import cycles, extractors free of Scrapy."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractors.outlets import OUTLETS

ROOT = Path(__file__).resolve().parent.parent
PRODUCT_PACKAGES = ("extractors", "newsasia_spider")


def product_modules() -> dict[str, Path]:
    """Every module of the product packages by dotted name (a package by its __init__)."""
    modules = {}
    for package in PRODUCT_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


MODULES = product_modules()


def imported_modules(name: str, path: Path) -> Iterator[str]:
    """The product modules this module imports, at any depth of its code (inside functions and
    classes too): `from a import b` names module a.b when that is one. Imports under
    `if TYPE_CHECKING:` are left out: they never run, so they can't make an import cycle."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in MODULES)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, up level - 1
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in MODULES:
                    yield submodule
                elif base in MODULES:
                    yield base


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node of the tree except the bodies of `if TYPE_CHECKING:` blocks."""
    for node in ast.iter_child_nodes(tree):
        yield node
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                yield child
                yield from _runtime_nodes(child)
        else:
            yield from _runtime_nodes(node)


def import_graph() -> dict[str, set[str]]:
    return {name: set(imported_modules(name, path)) for name, path in MODULES.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (its modules, the first repeated at the end), or None."""
    state: dict[str, str] = {}  # "open" while on the path, "done" after
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = "open"
        path.append(module)
        for imported in sorted(graph[module]):
            if state.get(imported) == "open":
                return [*path[path.index(imported) :], imported]
            if imported not in state and (cycle := visit(imported)):
                return cycle
        path.pop()
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def test_no_module_imports_a_module_that_imports_it() -> None:
    graph = import_graph()
    assert graph["newsasia_spider.runner.crawl"], "the graph must see imports"  # sanity
    assert "newsasia_spider.runner.cli" not in graph["newsasia_spider.runner.crawl"]
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_the_cycle_finder_finds_cycles_direct_and_through_functions(tmp_path: Path) -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    # An import inside a function is an edge like any other.
    module = tmp_path / "late.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from newsasia_spider import settings\n"
        "def f():\n    from newsasia_spider.runner import crawl\n    return crawl\n"
    )
    assert list(imported_modules("newsasia_spider.late", module)) == [
        "newsasia_spider.runner.crawl"
    ]


def test_extractors_import_neither_scrapy_nor_newsasia_spider() -> None:
    for name, path in MODULES.items():
        if not name.startswith("extractors"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            for imported in names:
                top = imported.split(".")[0]
                assert top not in ("scrapy", "twisted", "newsasia_spider"), (name, imported)


@pytest.mark.parametrize("outlet", OUTLETS, ids=[outlet.name for outlet in OUTLETS])
def test_each_outlet_main_domain_is_written_in_exactly_one_product_module(outlet) -> None:
    """Domains are written once, in the outlet's record (tests, fixtures and docs aside)."""
    domain = re.compile(rf"(?<![\w-]){re.escape(outlet.main_domain)}(?![\w-])")
    holders = [
        name for name, path in MODULES.items() if domain.search(path.read_text(encoding="utf-8"))
    ]
    assert len(holders) == 1, holders
    assert holders[0].startswith("extractors.outlets.")
