"""YAML as editors write it: parsed with line marks, and refused when it could hurt.

Front matter and the register are read here, so both get the same rules: an impossible date,
an unknown tag (`!!python/object`), a YAML alias (`*name`, which can multiply a small file
into gigabytes) or nesting deeper than any real file needs is an error with a line, found
before anything is built from the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from generator.content.yaml_messages import yaml_reason, yaml_syntax_error
from generator.i18n import _

#: Deeper than any front matter or register needs, and far inside Python's recursion limit.
MAX_DEPTH = 20

#: libyaml's parser when PyYAML has it: the pure-Python one costs ~1 ms a file, too much at
#: 5,000 files. Both keep line marks and raise the same errors.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlProblem(Exception):
    """Why a YAML text cannot be used, and the line of the file where it is."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _StrictLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """PyYAML's safe loader, except that an impossible date is a YAML error with a line,
    not a bare ValueError from `datetime`."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                _("{value} is not a real date ({reason})").format(
                    value=repr(node.value), reason=yaml_reason(str(exc))
                ),
                node.start_mark,
            ) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


@dataclass(frozen=True)
class Document:
    """A parsed YAML document: the node tree (for lines) and the Python value."""

    node: yaml.Node | None
    data: Any
    first_line: int

    def line_of(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.first_line


def load(text: str, first_line: int = 1) -> Document:
    """Parse one YAML document whose first line is line `first_line` of its file."""
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _inspect(node, first_line)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise YamlProblem(_yaml_message(exc), _yaml_line(exc, text, first_line)) from None
    except RecursionError:
        raise YamlProblem(_("YAML syntax error: nested too deeply"), first_line) from None
    finally:
        loader.dispose()
    return Document(node, data, first_line)


def _inspect(root: yaml.Node, first_line: int) -> None:
    """Refuse aliases and deep nesting by walking the node tree, without recursion, before
    any value is built: libyaml composes an alias as the very node it names, so a node met
    twice is an alias."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        line = node.start_mark.line + first_line
        if id(node) in seen:
            raise YamlProblem(
                _("a YAML alias (*name) repeats a value marked with &name; write the value out"),
                line,
            )
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise YamlProblem(
                _("nested more than {limit} levels deep; write it flatter").format(limit=MAX_DEPTH),
                line,
            )
        if isinstance(node, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in node.value for child in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)


def _yaml_message(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None)
    if isinstance(exc, yaml.reader.ReaderError):
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return _("YAML syntax error: character U+{code} is not allowed in text").format(
            code=f"{code:04X}"
        )
    return yaml_syntax_error(str(problem or exc))


def _yaml_line(exc: yaml.YAMLError, text: str, first_line: int) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        return int(mark.line) + first_line
    position = getattr(exc, "position", None)  # a ReaderError has a position, not a mark
    if isinstance(position, int):
        return text.count("\n", 0, position) + first_line
    return None


def mapping_items(document: Document) -> list[tuple[yaml.Node, yaml.Node]]:
    """The (key, value) nodes of a top-level mapping; [] when the document is not one."""
    node = document.node
    return list(node.value) if isinstance(node, yaml.MappingNode) else []


def key_name(key: yaml.Node) -> str | None:
    """A key as written, or None when it is not a plain word (`~`, a number, a list...)."""
    if isinstance(key, yaml.ScalarNode) and key.tag == "tag:yaml.org,2002:str" and key.value:
        return str(key.value)
    return None


def key_text(key: yaml.Node) -> str:
    """A key as it can be shown in a message, whatever it is."""
    if isinstance(key, yaml.ScalarNode):
        return repr(str(key.value)[:40])
    return _("(a list or a map)")
