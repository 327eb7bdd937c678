"""`content/synonyms.yml`: the words residents say, grouped with the words procedures use.

Search treats every phrase of a group as the others ("sổ đỏ" finds "giấy chứng nhận quyền
sử dụng đất"). Editors extend the file; `thutuc check` validates it like every content file:
each problem names the file, the line and the key, and nothing an editor writes raises.
A missing file means no synonyms.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import yaml

from generator.content import yamltext
from generator.content.folding import phrase
from generator.content.procedure import ContentError
from generator.i18n import _

SYNONYMS_NAME = "synonyms.yml"
KEY = "groups"
EXAMPLE = "groups:\n  - [sổ đỏ, giấy chứng nhận quyền sử dụng đất]"

#: Phrases in one group: a real group holds a handful of ways to say one thing.
MAX_GROUP_PHRASES = 100
#: Phrases in the whole file: every phrase is expanded into the search index.
MAX_PHRASES = 20_000


def synonyms_path(content_dir: Path) -> Path:
    return content_dir / SYNONYMS_NAME


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _compose(path: Path, display: str) -> tuple[yaml.Node | None, list[ContentError]]:
    try:
        text = unicodedata.normalize("NFC", path.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        return None, [
            ContentError(
                display,
                _("cannot be read: {reason}; check the file's permissions").format(
                    reason=exc.strerror
                ),
            )
        ]
    except UnicodeDecodeError:
        return None, [ContentError(display, _("is not UTF-8 text; save the file as UTF-8"))]
    try:
        document = yamltext.load(text)
    except yamltext.YamlProblem as exc:
        return None, [ContentError(display, exc.message, line=exc.line, field=exc.key)]
    notices = [
        ContentError(display, n.message, line=n.line, field=n.key, severity="warning")
        for n in document.notices
    ]
    return document.node, notices


def _groups_node(
    root: yaml.Node | None, display: str
) -> tuple[yaml.SequenceNode | None, list[ContentError]]:
    """The `groups:` list, or why there is none."""
    shape = _("must hold a '{key}:' list of groups, e.g.\n{example}").format(
        key=KEY, example=EXAMPLE
    )
    if root is None:
        return None, []  # an empty file: no synonyms yet
    if not isinstance(root, yaml.MappingNode):
        return None, [ContentError(display, shape, line=_line(root), field=KEY)]
    problems = []
    groups = None
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == KEY:
            groups = value
        else:
            name = key.value if isinstance(key, yaml.ScalarNode) else "?"
            problems.append(
                ContentError(
                    display,
                    _("unknown key (allowed: {allowed})").format(allowed=KEY),
                    line=_line(key),
                    field=name,
                )
            )
    if groups is None:
        problems.append(ContentError(display, shape, line=_line(root), field=KEY))
    elif isinstance(groups, yaml.ScalarNode) and groups.tag.endswith(":null"):
        groups = None  # `groups:` with nothing under it yet
    elif not isinstance(groups, yaml.SequenceNode):
        problems.append(ContentError(display, shape, line=_line(groups), field=KEY))
        groups = None
    return groups, problems


def _phrases(
    group: yaml.Node, number: int, display: str
) -> tuple[list[tuple[str, int]], list[ContentError]]:
    """A group's phrases with their lines, or the problems that keep it out."""
    where = f"{KEY}[{number}]"
    need = _("a group is a list of at least two phrases that mean the same thing")
    if not isinstance(group, yaml.SequenceNode):
        example = _("{need}, e.g. [hộ khẩu, thường trú]").format(need=need)
        return [], [ContentError(display, example, _line(group), where)]
    if len(group.value) > MAX_GROUP_PHRASES:
        message = _(
            "the group holds {count} phrases, more than {limit}; a group is a few ways to say "
            "one thing: split it into groups of phrases that mean exactly the same"
        ).format(count=len(group.value), limit=MAX_GROUP_PHRASES)
        return [], [ContentError(display, message, _line(group), where)]
    found, problems = [], []
    for item in group.value:
        plain = isinstance(item, yaml.ScalarNode) and item.tag.endswith(":str")
        text = str(item.value).strip() if plain else ""
        if not plain:
            message = _("each phrase must be text (put a number in quotes)")
            problems.append(ContentError(display, message, _line(item), where))
        elif not phrase(text):
            problems.append(
                ContentError(display, _("a phrase must hold letters or digits"), _line(item), where)
            )
        else:
            found.append((text, _line(item)))
    if not problems and len({phrase(text) for text, _line_number in found}) < 2:
        problems.append(ContentError(display, need, _line(group), where))
    return found, problems


def read_synonyms(path: Path, display: str) -> tuple[list[list[str]], list[ContentError]]:
    """Every valid group (its phrases as written, NFC), and every problem in the file."""
    if not path.exists():
        return [], []
    root, problems = _compose(path, display)
    groups_node, shape_problems = _groups_node(root, display)
    problems += shape_problems
    groups: list[list[str]] = []
    seen: dict[str, tuple[int, int]] = {}
    total = 0
    for number, node in enumerate(groups_node.value if groups_node else [], start=1):
        found, group_problems = _phrases(node, number, display)
        problems += group_problems
        total += len(found)
        if total > MAX_PHRASES:
            message = _(
                "the file holds more than {limit} phrases; keep the words residents really "
                "use, and delete the rest from here on"
            ).format(limit=MAX_PHRASES)
            problems.append(ContentError(display, message, _line(node), f"{KEY}[{number}]"))
            break
        kept: list[str] = []
        kept_folded: set[str] = set()  # a set, so a group is checked in linear time
        for text, line in found:
            folded = phrase(text)
            first = seen.setdefault(folded, (number, line))
            if first[0] == number:
                if folded not in kept_folded:
                    kept_folded.add(folded)
                    kept.append(text)
                continue
            problems.append(
                ContentError(
                    display,
                    _(
                        "'{phrase}' is also in group {group} (line {line}); put each phrase "
                        "in one group only, or merge the two groups"
                    ).format(phrase=text, group=first[0], line=first[1]),
                    line,
                    f"{KEY}[{number}]",
                )
            )
        if not group_problems and len(kept) >= 2:
            groups.append(kept)
    return groups, problems
