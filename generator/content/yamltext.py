"""YAML as editors write it: parsed with line marks, and refused when it could hurt.

Front matter and the register are read here, so both get the same rules: an impossible date,
an unknown tag (`!!python/object`), a YAML alias (`*name`, which can multiply a small file
into gigabytes) or nesting deeper than any real file needs is an error with a line, found
before anything is built from the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.content.yaml_messages import yaml_reason, yaml_syntax_error
from generator.i18n import _

#: Deeper than any front matter or register needs, and far inside Python's recursion limit.
MAX_DEPTH = 20
#: Far above a country's offices.yml (~10,000 offices with overrides); far below what makes
#: `thutuc check` take minutes or the build's memory balloon.
MAX_CHARS = 32_000_000
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
#: Word and phones type these instead of the straight quotes YAML knows.
_CURLY_PAIRS = {"\u201c": "\u201d", "\u2018": "\u2019", "\u201e": "\u201c", "\u00ab": "\u00bb"}
#: `key: "text` or `- 'text`: a line whose value opens a quote (the key is group 1, if any).
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
_OPENS_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:([^\s#'"\-][^:#]*?)\s*:\s+)?(["'])(.*)$""")

#: libyaml's parser when PyYAML has it: the pure-Python one costs ~1 ms a file, too much at
#: 5,000 files. Both keep line marks and raise the same errors.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: libyaml's emitter writes the registers the build rewrites (the facts as last published)
#: five times faster. It escapes some characters the pure-Python emitter writes as they are
#: (outside the Basic Multilingual Plane, NEL, line separators, control characters), and folds
#: multi-line values differently, so it is used only for text without them: the same bytes.
_CSafeDumper: type[yaml.SafeDumper] | None = getattr(yaml, "CSafeDumper", None)
_SAME_IN_BOTH = re.compile(r"[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")


class YamlProblem(Exception):
    """Why a YAML text cannot be used, and the line of the file where it is."""

    def __init__(self, message: str, line: int | None, key: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.key = key


@dataclass(frozen=True)
class YamlNotice:
    """A slip YAML accepted but the editor should hear of (a warning), with line and key."""

    message: str
    line: int
    key: str | None


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


class _ForeignTagsLoader(_StrictLoader):
    """For `mkdocs.yml`, whose `!ENV` and `!!python/name:` tags belong to MkDocs: read as
    nothing, with every other limit kept."""


_ForeignTagsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Document:
    """A parsed YAML document: the node tree (for lines) and the Python value."""

    node: yaml.Node | None
    data: Any
    first_line: int
    notices: list[YamlNotice] = field(default_factory=list)

    def line_of(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.first_line


def load(text: str, first_line: int = 1, *, foreign_tags: bool = False) -> Document:
    """Parse one YAML document whose first line is line `first_line` of its file. With
    `foreign_tags`, tags another program reads (`!ENV`) become None instead of errors."""
    if len(text) > MAX_CHARS:
        message = _(
            "the file holds {size:,} characters, more than the {limit:,} a content file may "
            "hold; split it or remove what does not belong in it"
        ).format(size=len(text), limit=MAX_CHARS)
        raise YamlProblem(message, first_line)
    loader = (_ForeignTagsLoader if foreign_tags else _StrictLoader)(text)
    notices: list[YamlNotice] = []
    try:
        node = loader.get_single_node()
        if node is not None:
            _inspect(node, first_line, loader, notices)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        line = _yaml_line(exc, text, first_line)
        quote = _unclosed_quote(text, first_line, line)
        if quote is not None:
            raise quote from None
        raise YamlProblem(_yaml_message(exc), line) from None
    except RecursionError:
        raise YamlProblem(_("YAML syntax error: nested too deeply"), first_line) from None
    finally:
        loader.dispose()
    return Document(node, data, first_line, notices)


def _unclosed_quote(text: str, first_line: int, error_line: int | None) -> YamlProblem | None:
    """The line whose quote is never closed, when YAML fails after it: the parser reads on
    to the next quote and reports a later line, far from the slip."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        number = index + first_line
        if error_line is not None and number > error_line:
            return None
        match = _OPENS_QUOTE.match(line)
        if match is None or _closes(match.group(2), match.group(3)):
            continue
        key = match.group(1) or _parent_key(lines[:index])
        message = _(
            "the quote {quote} opened on this line is never closed; "
            "end the value with {quote} on the same line"
        ).format(quote=match.group(2))
        return YamlProblem(message, number, key.strip() if key else None)
    return None


def _parent_key(above: list[str]) -> str | None:
    """The key a list item belongs to: the nearest line above that starts with `key:`."""
    for line in reversed(above):
        match = _TOP_KEY.match(line)
        if match is not None:
            return match.group(1)
    return None


def _closes(quote: str, rest: str) -> bool:
    """Whether a quoted value that starts with `quote` ends on its own line."""
    if quote == "'":
        return "'" in rest.replace("''", "")
    escaped = False
    for char in rest:
        if char == '"' and not escaped:
            return True
        escaped = char == "\\" and not escaped
    return False


def _scalar_check(
    node: yaml.ScalarNode, key: str | None, line: int, loader: Any, notices: list[YamlNotice]
) -> None:
    """A date that does not exist is an error naming its key; a value in curly quotes is
    taken without them, with a warning."""
    if node.tag == _TIMESTAMP:
        try:
            yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
        except ValueError:
            message = _(
                "{value} is not a real date; write a date that exists, as YYYY-MM-DD"
            ).format(value=repr(str(node.value)))
            raise YamlProblem(message, line, key) from None
        return
    value = str(node.value)
    if node.tag != _STR or node.style not in (None, "") or len(value) < 2:
        return
    closing = _CURLY_PAIRS.get(value[0])
    if closing is not None and value[-1] in (closing, "\u201d", "\u2019"):
        node.value = value[1:-1]
        message = _(
            "the value is written in curly quotes {value} (as Word types them); they were "
            'read as quotes, but type straight quotes "..." instead'
        ).format(value=value[:40])
        notices.append(YamlNotice(message, line, key))


def _inspect(root: yaml.Node, first_line: int, loader: Any, notices: list[YamlNotice]) -> None:
    """Refuse aliases and deep nesting by walking the node tree, without recursion, before
    any value is built: libyaml composes an alias as the very node it names, so a node met
    twice is an alias. Scalars are checked on the way, each with the key it belongs to."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int, str | None]] = [(root, 1, None)]
    while stack:
        node, depth, key = stack.pop()
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
            for key_node, value_node in node.value:
                stack.append((key_node, depth + 1, None))
                stack.append((value_node, depth + 1, key_name(key_node) or key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1, key) for child in node.value)
        elif isinstance(node, yaml.ScalarNode):
            _scalar_check(node, key, line, loader, notices)


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


def dump(data: Any, **options: Any) -> str:
    """`yaml.safe_dump(data, **options)`, with libyaml when it writes the very same bytes."""
    dumper = _CSafeDumper if _CSafeDumper is not None and _plain_text(data) else yaml.SafeDumper
    return str(yaml.dump(data, Dumper=dumper, **options))


def _plain_text(data: Any) -> bool:
    """Whether every string in `data` (keys too) is one both emitters write alike."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if _SAME_IN_BOTH.fullmatch(value) is None:
                return False
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
    return True


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
