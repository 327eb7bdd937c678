"""The code's shape read with `ast`: which module imports which (type-only imports and imports
inside functions included), module and function lengths, and the layer order that
docs/architecture.md draws. tests/test_architecture.py holds the rules; this only reads."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The packages the rules cover: the product and its benchmark.
PACKAGES = ("generator", "bench")


@dataclass(frozen=True)
class Import:
    """One import statement's target, as the module that holds the name imported."""

    source: str
    target: str
    line: int


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    """Every module of the covered packages, by dotted name."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[module_name(path)] = path
    return found


def _resolve(base: str, name: str, known: dict[str, Path]) -> str:
    """`from base import name`: the submodule when `name` is one, else `base` itself."""
    candidate = f"{base}.{name}"
    return candidate if candidate in known else base


def imports(known: dict[str, Path]) -> Iterator[Import]:
    """Every import of a covered module by a covered module, wherever it stands."""
    for source, path in known.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] in PACKAGES:
                        yield Import(source, alias.name, node.lineno)
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(source, is_package, node)
                if base.split(".")[0] not in PACKAGES:
                    continue
                for alias in node.names:
                    yield Import(source, _resolve(base, alias.name, known), node.lineno)


def _absolute(source: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    parts = source.split(".")
    parts = parts if is_package else parts[:-1]
    parts = parts[: len(parts) - (node.level - 1)]
    return ".".join(parts + ([node.module] if node.module else []))


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles, one per strongly connected group of two or more modules (or a
    module importing itself), found with Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in edges.get(node, ()):
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def documented_layers(document: Path) -> list[tuple[str, ...]]:
    """The layer line of docs/architecture.md, bottom first: `a, b  →  c/  →  d/`, each
    entry a module (`urls.py`) or a package (`content/`) of `generator`, or `bench/`."""
    for line in document.read_text(encoding="utf-8").splitlines():
        if line.count("→") >= 3:
            return [
                tuple(_layer_member(name) for name in re.split(r"[,\s]+", layer.strip()) if name)
                for layer in line.split("→")
            ]
    raise AssertionError(f"{document} draws no layer line (a → b → c)")


def _layer_member(name: str) -> str:
    stem = name.removesuffix("/").removesuffix(".py").replace("/", ".")
    return stem if stem in PACKAGES else f"generator.{stem}"


def layer_of(module: str, layers: list[tuple[str, ...]]) -> int | None:
    for number, members in enumerate(layers):
        if any(module == m or module.startswith(f"{m}.") for m in members):
            return number
    return None


def long_functions(path: Path, limit: int) -> Iterator[tuple[str, int, int]]:
    """(name, first line, length) of each function or method longer than `limit` lines."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > limit:
                yield node.name, node.lineno, length


def global_statements(path: Path) -> Iterator[tuple[int, str]]:
    """(line, names) of each `global` statement: a module global rebound at run time."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            yield node.lineno, ", ".join(node.names)


def imported_roots(path: Path) -> set[str]:
    """The top-level names of every package `path` imports (absolute imports only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            roots.add(node.module.split(".")[0])
    return roots
