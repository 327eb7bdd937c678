"""The layout's rules, checked by reading the code (ast): no import cycle, type-only imports
included; imports only point down the layers docs/architecture.md draws; no module over 500
lines and no function over 80, in generator/ and bench/."""

from __future__ import annotations

from collections import defaultdict

import pytest
from support.architecture import (
    ROOT,
    cycles,
    documented_layers,
    global_statements,
    imported_roots,
    imports,
    layer_of,
    long_functions,
    modules,
)

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
DOCUMENT = ROOT / "docs" / "architecture.md"


@pytest.fixture(scope="module")
def known() -> dict:
    return modules()


def test_no_import_cycle_counting_type_only_imports(known: dict) -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    for found in imports(known):
        if found.target != found.source:
            edges[found.source].add(found.target)
    assert cycles(edges) == []


def test_cycle_finder_sees_a_cycle_through_three_modules() -> None:
    """The check above can fail: a → b → c → a is one cycle, d → a is not in it."""
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [["a", "b", "c"]]


def test_every_module_sits_in_a_documented_layer(known: dict) -> None:
    layers = documented_layers(DOCUMENT)
    unplaced = [name for name in known if name != "generator" and layer_of(name, layers) is None]
    assert unplaced == [], f"add them to the layer line of {DOCUMENT.name}"


def test_imports_only_point_down_the_documented_layers(known: dict) -> None:
    layers = documented_layers(DOCUMENT)
    upward = []
    for found in imports(known):
        source, target = layer_of(found.source, layers), layer_of(found.target, layers)
        if source is not None and target is not None and target > source:
            upward.append(f"{known[found.source].relative_to(ROOT)}:{found.line} {found.target}")
    assert upward == []


def test_documented_layers_put_the_cache_at_the_bottom_and_the_cli_on_top() -> None:
    """The order the issue asks for: cache primitive, content, urls-using qr, render, build,
    mkdocs, cli; the benchmark, which drives the CLI, above everything."""
    layers = documented_layers(DOCUMENT)
    order = [layer_of(f"generator.{name}", layers) for name in ("cache", "content", "qr")]
    order += [layer_of(f"generator.{name}", layers) for name in ("render", "build", "mkdocs")]
    order += [layer_of("generator.cli", layers), layer_of("bench", layers)]
    assert order == sorted(order) and len(set(order)) == len(order)


def test_no_module_over_500_lines(known: dict) -> None:
    long = {}
    for name, path in known.items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            long[name] = lines
    assert long == {}


def test_no_function_over_80_lines(known: dict) -> None:
    long = [
        f"{path.relative_to(ROOT)}:{line} {name} ({length} lines)"
        for path in known.values()
        for name, line, length in long_functions(path, MAX_FUNCTION_LINES)
    ]
    assert long == []


def test_no_module_global_is_rebound_at_run_time(known: dict) -> None:
    """Build state travels in arguments and objects, not in a module global a function rebinds
    (as `FAST_PATH` in qr/encoder.py once was)."""
    rebound = [
        f"{path.relative_to(ROOT)}:{line} global {names}"
        for path in known.values()
        for line, names in global_statements(path)
    ]
    assert rebound == []


def test_the_core_is_engine_free(known: dict) -> None:
    """Only the adapter (`generator/mkdocs/`) and the CLI that starts the engine import MkDocs,
    so moving engines means rewriting those two (docs/architecture.md, *Moving engines*)."""
    adapters = ("generator.mkdocs", "generator.cli")
    tied = [
        name
        for name, path in known.items()
        if "mkdocs" in imported_roots(path) and not name.startswith(adapters)
    ]
    assert tied == []
