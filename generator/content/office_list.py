"""`content/offices.yml` (contract v2): many one-stop shops served from one content folder.

Read from YAML nodes, not constructed values, so every error names the file, the line and the
key, and a code like `08377` is never silently turned into the number 8377.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from generator.content import fieldcheck, yamltext
from generator.content.errors import did_you_mean
from generator.content.procedure import CODE_PATTERN, SUMMARY_MAX, ContentError
from generator.i18n import _

OFFICES_NAME = "offices.yml"
CODE_MAX = 16
NOTE_MAX = SUMMARY_MAX
REQUIRED = ("code", "name", "address", "hours", "hotline")
OFFICE_KEYS = (*REQUIRED, "map_url", "zalo_url", "procedures", "overrides", "status", "replaced_by")
#: The only facts an office may change; anything else is the province's shared text.
OVERRIDABLE = ("fee", "processing_time", "agency", "online_url", "note")
STATUSES = ("active", "retired")
_STR = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class Office:
    code: str
    name: str
    address: str
    hours: str
    hotline: str
    line: int
    map_url: str | None = None
    #: Where "báo sai thông tin" can send a Zalo message (https://zalo.me/...).
    zalo_url: str | None = None
    #: None: every active procedure.
    procedures: tuple[str, ...] | None = None
    overrides: dict[str, dict[str, str]] = field(default_factory=dict)
    status: str = "active"
    replaced_by: str | None = None
    #: The line of `address:`, for the poster's check that it fits (build/offices.py).
    address_line: int = field(default=0, compare=False)

    @property
    def retired(self) -> bool:
        return self.status == "retired"

    def handles(self, code: str, active_codes: set[str]) -> bool:
        return code in self.procedures if self.procedures is not None else code in active_codes

    def facts(self, code: str) -> dict[str, str]:
        """This office's overrides for one procedure (empty when it has none)."""
        return self.overrides.get(code, {})


@dataclass
class Offices:
    """Every office of a content folder; empty (v1, one office) without `offices.yml`."""

    offices: list[Office] = field(default_factory=list)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.offices)

    def __len__(self) -> int:
        return len(self.offices)

    @cached_property
    def by_code(self) -> dict[str, Office]:
        return {office.code: office for office in self.offices}

    @property
    def active(self) -> list[Office]:
        return [office for office in self.offices if not office.retired]

    def landing(self, office: Office) -> Office:
        """Where a retired office's short URLs lead: the end of its `replaced_by` chain."""
        current, seen = office, {office.code}
        while current.retired and current.replaced_by in self.by_code:
            current = self.by_code[current.replaced_by]
            if current.code in seen:
                break
            seen.add(current.code)
        return current


def offices_path(content_dir: Path) -> Path:
    return content_dir / OFFICES_NAME


class _Problems(list[ContentError]):
    def __init__(self, display: str) -> None:
        super().__init__()
        self.display = display
        #: Codes of offices whose entries have errors: being fixed, so not unknown elsewhere.
        self.failed_codes: set[str] = set()

    def add(self, node: yaml.Node, key: str | None, message: str) -> None:
        self.append(ContentError(self.display, message, line=node.start_mark.line + 1, field=key))

    def unknown(
        self, node: yaml.Node, key: str, allowed: Sequence[str], message: str, **words: str
    ) -> None:
        """A key not in `allowed`: `message` gets the closest allowed key as `{hint}`."""
        hint = did_you_mean(key, allowed)
        self.add(node, key, message.format(hint=hint, allowed=", ".join(allowed), **words))


def _text(node: yaml.Node, key: str, problems: _Problems, code: bool = False) -> str | None:
    """A scalar as NFC text; a code must be written as text (quoted when it looks numeric)."""
    if not isinstance(node, yaml.ScalarNode):
        problems.add(node, key, _("must be text"))
        return None
    if code and node.tag != _STR:
        problems.add(
            node,
            key,
            _('must be quoted in YAML, e.g. {key}: "{value}"').format(key=key, value=node.value),
        )
        return None
    value = unicodedata.normalize("NFC", str(node.value)).strip()
    if not value:
        problems.add(node, key, _("must not be empty"))
        return None
    if not code and (problem := fieldcheck.value_problem(key, value)) is not None:
        problems.add(node, key, problem)
        return None
    return value


def _code(node: yaml.Node, key: str, problems: _Problems, limit: int | None) -> str | None:
    value = _text(node, key, problems, code=True)
    if value is None:
        return None
    if not CODE_PATTERN.match(value):
        problems.add(
            node,
            key,
            _("{value} is not a valid code: use letters, digits, '.' and '-' only").format(
                value=repr(value)
            ),
        )
        return None
    if limit is not None and len(value) > limit:
        problems.add(
            node,
            key,
            _("{value} is too long (at most {limit} characters)").format(
                value=repr(value), limit=limit
            ),
        )
        return None
    return value.upper()


def _mapping(
    node: yaml.MappingNode, allowed: Iterable[str], problems: _Problems, what: str
) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Keys to (key node, value node); unknown and repeated keys are reported."""
    allowed = tuple(allowed)
    found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in found:
            problems.add(key_node, key, _("appears twice; keep one of the two lines"))
        elif key not in allowed:
            message = _("unknown key in {what}{hint} (allowed: {allowed})")
            problems.unknown(key_node, key, allowed, message, what=what)
        else:
            found[key] = (key_node, value_node)
    return found


def _overrides(
    node: yaml.Node, problems: _Problems
) -> tuple[dict[str, dict[str, str]], dict[str, yaml.Node]]:
    """Per procedure code, the overridden facts; and where each code was written."""
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, "overrides", _("must map procedure codes to 'key: value' lines"))
        return {}, {}
    result: dict[str, dict[str, str]] = {}
    where: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        code = _code(key_node, "overrides", problems, None)
        if code is None:
            continue
        if not isinstance(value_node, yaml.MappingNode):
            problems.add(
                value_node,
                "overrides",
                _("'{code}' must hold 'key: value' lines").format(code=code),
            )
            continue
        facts: dict[str, str] = {}
        for key_node2, fact_node in value_node.value:
            key = str(key_node2.value)
            if key not in OVERRIDABLE:
                message = _("may not be overridden for an office{hint} (allowed: {allowed})")
                problems.unknown(key_node2, key, OVERRIDABLE, message)
                continue
            value = _text(fact_node, key, problems)
            if key == "note" and value is not None and len(value) > NOTE_MAX:
                problems.add(
                    fact_node,
                    key,
                    _("is too long (at most {limit} characters)").format(limit=NOTE_MAX),
                )
                value = None
            if value is not None:
                facts[key] = value
        result[code], where[code] = facts, key_node
    return result, where


@dataclass
class _Parsed:
    office: Office
    node: yaml.Node
    code_node: yaml.Node
    replaced_node: yaml.Node | None
    procedure_nodes: dict[str, yaml.Node]
    override_nodes: dict[str, yaml.Node]


def _codes_list(node: yaml.Node, problems: _Problems) -> dict[str, yaml.Node] | None:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        problems.add(
            node,
            "procedures",
            _(
                "has nothing after it; list the codes this office handles, e.g. "
                '["1.001193"], or delete the line to serve every procedure'
            ),
        )
        return None
    if not isinstance(node, yaml.SequenceNode):
        problems.add(node, "procedures", _('must be a list of codes, e.g. ["1.001193"]'))
        return None
    codes: dict[str, yaml.Node] = {}
    for item in node.value:
        code = _code(item, "procedures", problems, None)
        if code is not None:
            codes.setdefault(code, item)
    return codes


def _office(node: yaml.Node, problems: _Problems) -> _Parsed | None:
    """One office entry, or None when it cannot be used (its problems are reported)."""
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, None, _("each office must be a set of 'key: value' lines"))
        return None
    keys = _mapping(node, OFFICE_KEYS, problems, _("an office"))
    before = len(problems)
    for key in REQUIRED:
        if key not in keys:
            problems.add(node, key, _("is required but missing; add this key"))
    values: dict[str, str | None] = {}
    for key in ("name", "address", "hours", "hotline"):
        if key in keys:
            values[key] = _text(keys[key][1], key, problems)
    code = _code(keys["code"][1], "code", problems, CODE_MAX) if "code" in keys else None
    map_url = _text(keys["map_url"][1], "map_url", problems) if "map_url" in keys else None
    zalo_url = _text(keys["zalo_url"][1], "zalo_url", problems) if "zalo_url" in keys else None
    procedures = _codes_list(keys["procedures"][1], problems) if "procedures" in keys else None
    overrides, where = (
        _overrides(keys["overrides"][1], problems) if "overrides" in keys else ({}, {})
    )
    status = "active"
    if "status" in keys:
        status = _text(keys["status"][1], "status", problems) or "active"
        if status not in STATUSES:
            problems.add(
                keys["status"][1],
                "status",
                _("must be one of {choices}").format(choices=", ".join(STATUSES)),
            )
    replaced = keys.get("replaced_by", (None, None))[1]
    replaced_by = _code(replaced, "replaced_by", problems, CODE_MAX) if replaced else None
    if replaced is not None and status != "retired":
        problems.add(replaced, "replaced_by", _("only a retired office ('status: retired') has it"))
    if procedures == {} and status != "retired":
        problems.add(
            keys["procedures"][1],
            "procedures",
            _(
                "is an empty list, so this office would publish no procedure; list the codes "
                "it handles, or delete the line to serve every procedure"
            ),
        )
    if len(problems) > before or code is None:
        problems.failed_codes.update([code] if code else [])
        return None
    if len(problems) > before:
        problems.failed_codes.add(code)
        return None
    office = Office(
        code=code,
        line=node.start_mark.line + 1,
        map_url=map_url,
        zalo_url=zalo_url,
        procedures=None if procedures is None else tuple(procedures),
        overrides=overrides,
        status=status,
        replaced_by=replaced_by,
        address_line=keys["address"][1].start_mark.line + 1,
        **{key: str(value) for key, value in values.items()},
    )
    return _Parsed(office, node, keys["code"][1], replaced, procedures or {}, where)


def _compose(text: str, problems: _Problems) -> yaml.Node | None:
    """The YAML node tree, read by `yamltext` with the limits every content file gets."""
    try:
        document = yamltext.load(text)
    except yamltext.YamlProblem as exc:
        problems.append(ContentError(problems.display, exc.message, line=exc.line, field=exc.key))
        return None
    problems.extend(
        ContentError(problems.display, n.message, line=n.line, field=n.key, severity="warning")
        for n in document.notices
    )
    return document.node


def parse_offices(text: str, display: str) -> tuple[list[_Parsed], list[ContentError], set[str]]:
    """Every office entry of the file's text, each checked on its own; and the codes of the
    entries that have errors."""
    problems = _Problems(display)
    root = _compose(unicodedata.normalize("NFC", text), problems)
    if root is None:
        return [], list(problems), set()
    if not isinstance(root, yaml.MappingNode):
        problems.add(root, None, _("must start with 'offices:' and a list of offices"))
        return [], list(problems), set()
    keys = _mapping(root, ("offices",), problems, "offices.yml")
    if "offices" not in keys or not isinstance(keys["offices"][1], yaml.SequenceNode):
        problems.add(root, "offices", _("must hold a list of offices ('- code: ...')"))
        return [], list(problems), set()
    parsed = [_office(item, problems) for item in keys["offices"][1].value]
    return [p for p in parsed if p is not None], list(problems), problems.failed_codes


def cross_check(
    parsed: list[_Parsed],
    codes: set[str],
    active_codes: set[str],
    display: str,
    failed_codes: set[str] | None = None,
) -> list[ContentError]:
    """Rules between offices and procedures: unique codes, known procedures, overrides only
    for handled procedures, and `replaced_by` leading to an active office without a cycle."""
    problems = _Problems(display)
    by_code: dict[str, _Parsed] = {}
    for item in parsed:
        code = item.office.code
        if code in by_code:
            first = by_code[code].office.line
            problems.add(
                item.code_node,
                "code",
                _(
                    "'{code}' is used twice (first on line {line}); give each office its own code"
                ).format(code=code, line=first),
            )
        by_code.setdefault(code, item)
    for item in parsed:
        office = item.office
        for code, node in item.procedure_nodes.items():
            if code not in codes:
                problems.add(
                    node, "procedures", _("no procedure has the code '{code}'").format(code=code)
                )
        for code, node in item.override_nodes.items():
            if code not in codes:
                problems.add(
                    node, "overrides", _("no procedure has the code '{code}'").format(code=code)
                )
            elif not office.handles(code, active_codes):
                problems.add(
                    node,
                    "overrides",
                    _(
                        "office '{office}' does not handle '{code}': add it to its "
                        "'procedures' list or remove the override"
                    ).format(office=office.code, code=code),
                )
        if office.replaced_by in (failed_codes or set()):
            continue  # that office's own errors are reported
        if office.replaced_by is not None and item.replaced_node is not None:
            problems.extend(_replacement(item, by_code, problems.display))
    return list(problems)


def _replacement(item: _Parsed, by_code: dict[str, _Parsed], display: str) -> list[ContentError]:
    problems = _Problems(display)
    node, office = item.replaced_node, item.office
    assert node is not None
    target = office.replaced_by
    if target == office.code:
        problems.add(
            node, "replaced_by", _("an office cannot replace itself; name the office that does")
        )
    elif target not in by_code:
        problems.add(node, "replaced_by", _("no office has the code '{code}'").format(code=target))
    else:
        seen = [office.code]
        current = by_code[target].office
        while current.retired and current.replaced_by is not None:
            seen.append(current.code)
            if current.replaced_by in seen:
                chain = " → ".join([*seen, current.replaced_by])
                problems.add(
                    node,
                    "replaced_by",
                    _("forms a cycle: {chain}; end the chain at an active office").format(
                        chain=chain
                    ),
                )
                break
            if current.replaced_by not in by_code:
                break
            current = by_code[current.replaced_by].office
    return list(problems)


def load_offices(
    content_dir: Path, display: str, codes: set[str], active_codes: set[str]
) -> tuple[Offices, list[ContentError]]:
    """The offices of a content folder (none without `offices.yml`) and every problem."""
    path = offices_path(content_dir)
    if not path.exists():
        return Offices(), []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return Offices(), [
            ContentError(
                display,
                _("cannot be read as UTF-8 text: {reason}; save the file as UTF-8").format(
                    reason=exc
                ),
            )
        ]
    parsed, problems, failed = parse_offices(text, display)
    problems += cross_check(parsed, codes, active_codes, display, failed)
    seen: set[str] = set()
    offices = []
    for item in parsed:
        if item.office.code not in seen:
            seen.add(item.office.code)
            offices.append(item.office)
    return Offices(offices), problems
