"""Markup is inert: what an editor writes reaches pages as text, never as script or as a
request to another host.

Raw HTML in a Markdown body is limited to a small allow-list of inline elements (line breaks,
sub- and superscript, abbreviations...). nh3, a binding of the Ammonia sanitiser, decides what
survives; anything it would remove is an error naming the line, not silently dropped, so the
editor learns what the page will not show. Links may lead anywhere over http(s), mailto: or
tel:, but images and other resources must be files of the site itself. Invisible control
characters and nesting deeper than Markdown's recursive parser can take are errors too.

Every function here is plain and returns `Finding`s; `procedure` and `plainpage` turn them
into errors with the file's name, so `thutuc check` and `build` report the same things.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import nh3
from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder
from markdown.inlinepatterns import AUTOLINK_RE, AUTOMAIL_RE

from generator.i18n import _

#: Raw HTML an editor may write in a body, with the attributes each may carry.
ALLOWED_TAGS: dict[str, set[str]] = {
    "br": set(),
    "wbr": set(),
    "sub": set(),
    "sup": set(),
    "abbr": set(),
    "kbd": set(),
    "mark": set(),
    "small": set(),
    "b": set(),
    "i": set(),
    "u": set(),
    "s": set(),
    "strong": set(),
    "em": set(),
    "q": set(),
    "dfn": set(),
    "del": set(),
    "ins": set(),
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
}
GLOBAL_ATTRIBUTES = {"title", "lang"}
ALLOWED_LIST = "allowed: " + ", ".join(ALLOWED_TAGS)
#: Attributes an attribute list (`{: #id .class title="..."}`, the attr_list extension) may set.
ATTR_LIST_ALLOWED = {"id", ".", "class", "title", "lang", "width", "height"}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
#: Attributes that load a resource or follow a link, with whether they load (a resource).
URL_ATTRIBUTES = {"src": True, "href": False}

#: Nesting a reader can follow, well inside what Python-Markdown's recursive parser takes
#: (a list nested ~250 levels deep overflows it).
MAX_BODY_DEPTH = 16
INDENT = 4

#: Characters that are invisible or control the terminal, the text's direction or its lines:
#: C0 controls but tab and line feed, DEL, C1 controls, bidirectional embeddings, overrides
#: and isolates, line and paragraph separators, and a byte-order mark inside the text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]")
_QUOTE_MARK = re.compile(r"> ?")
_FENCE = re.compile(r"^(`{3,}|~{3,})")
#: A code span, as Python-Markdown reads one: a run of backticks, text, the same run.
_BACKTICKS = re.compile(r"(?<!\\)(`+)(.+?)(?<!`)\1(?!`)")
_AUTOLINK = re.compile(AUTOLINK_RE)
_AUTOMAIL = re.compile(AUTOMAIL_RE)
_ATTR_LIST = re.compile(AttrListTreeprocessor.BASE_RE)
_REFERENCE = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?([^\s>]+)")
_IMAGE_REFERENCE = re.compile(r"!\[([^\]]*)\](?:\[([^\]]*)\])?")


@dataclass(frozen=True)
class Finding:
    """One problem at one line of a file."""

    line: int
    message: str


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so lines are counted the way editors see them."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def control_character(text: str) -> str | None:
    """A description of the first invisible control character in `text`, if any."""
    match = _CONTROL.search(text)
    if match is None:
        return None
    return _(
        "holds an invisible control character (U+{code}); delete it (it often comes with "
        "text pasted from another program)"
    ).format(code=f"{ord(match.group()):04X}")


def control_findings(text: str, first_line: int = 1) -> list[Finding]:
    """Control characters in raw text, one finding per line that holds any."""
    findings: list[Finding] = []
    last = -1
    for match in _CONTROL.finditer(text):
        line = text.count("\n", 0, match.start()) + first_line
        if line != last:
            findings.append(
                Finding(
                    line,
                    _("the text {problem}").format(problem=control_character(match.group()) or ""),
                )
            )
            last = line
    return findings


def value_problem(value: Any) -> str | None:
    """Why a front-matter value (text, or a list of texts) cannot reach a page, if it cannot.
    YAML escapes such as "\\0", "\\e" or "\\a" put control characters in values."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str) and (problem := control_character(item)) is not None:
            return problem
    return None


def url_problem(url: str, *, resource: bool) -> str | None:
    """Why a link (or, with `resource`, an image or other loaded file) is refused."""
    # Read it as a browser does: entities decoded, tabs and newlines dropped, ends trimmed.
    value = re.sub(r"[\t\n\r]", "", html.unescape(url)).strip("\x00- ")
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if resource and (scheme or parts.netloc or value.startswith(("//", "\\\\"))):
        return _(
            "'{url}' loads a file from another place; pages make no requests to other "
            "hosts, so put the file in content/ and use a relative path"
        ).format(url=url)
    if scheme and scheme not in LINK_SCHEMES:
        return _("'{url}' is a {scheme}: link; links may only be http(s), mailto: or tel:").format(
            url=url, scheme=scheme
        )
    return None


def body_findings(body: str, first_line: int) -> list[Finding]:
    """Everything in a Markdown body that would not be inert on the page."""
    findings = control_findings(body, first_line)
    masked = _mask_code(body)
    findings += _depth_findings(masked, first_line)
    findings += _link_findings(masked, first_line)
    findings += _attr_list_findings(masked, first_line)
    if "<" in masked:
        findings += _html_findings(_mask_autolinks(masked), first_line)
    return sorted(set(findings), key=lambda f: (f.line, f.message))


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _mask_code(body: str) -> str:
    """The body with fenced blocks and code spans blanked: Markdown escapes what they hold.
    Line and column numbers are kept."""
    out: list[str] = []
    fence: str | None = None
    for line in body.split("\n"):
        opening = _FENCE.match(line) if line[:1] in ("`", "~") else None
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            out.append(" " * len(line))
        elif opening:
            fence = opening.group(1)
            out.append(" " * len(line))
        else:
            out.append(_BACKTICKS.sub(_blank, line) if "`" in line else line)
    return "\n".join(out)


def _depth_findings(masked: str, first_line: int) -> list[Finding]:
    for index, line in enumerate(masked.split("\n")):
        stripped = line.lstrip(" \t>")
        if not stripped:
            continue
        lead = line[: len(line) - len(stripped)]
        indent = _QUOTE_MARK.sub("", lead.expandtabs(INDENT))
        depth = lead.count(">") + len(indent) // INDENT
        if depth > MAX_BODY_DEPTH:
            return [
                Finding(
                    first_line + index,
                    _(
                        "the text is nested {depth} levels deep (lists, quotes or "
                        "indentation); at most {limit} levels are allowed"
                    ).format(depth=depth, limit=MAX_BODY_DEPTH),
                )
            ]
    return []


def _link_targets(line: str) -> list[tuple[str, bool]]:
    """(url, is image) of each inline Markdown link `[text](url)` or image `![alt](url)`."""
    targets = []
    start = line.find("](")
    while start != -1:
        depth, opening = 0, -1
        for index in range(start, -1, -1):  # back to the '[' that this ']' closes
            depth += {"]": 1, "[": -1}.get(line[index], 0)
            if depth == 0:
                opening = index
                break
        rest = line[start + 2 :].lstrip()
        url = rest[1:].split(">", 1)[0] if rest.startswith("<") else re.split(r"[\s)]", rest)[0]
        image = opening > 0 and line[opening - 1] == "!"
        targets.append((url, image))
        start = line.find("](", start + 2)
    return targets


def _image_ids(masked: str) -> set[str]:
    """Reference ids that images use (`![alt][id]`, `![id]`): their URLs must be local."""
    if "![" not in masked:
        return set()
    return {(ref or alt).strip().lower() for alt, ref in _IMAGE_REFERENCE.findall(masked)}


def _link_findings(masked: str, first_line: int) -> list[Finding]:
    image_ids = _image_ids(masked)
    findings = []
    for index, line in enumerate(masked.split("\n")):
        if "](" not in line and "]:" not in line and "://" not in line:
            continue
        targets = _link_targets(line) if "](" in line else []
        if (reference := _REFERENCE.match(line)) is not None:
            targets.append((reference.group(2), reference.group(1).strip().lower() in image_ids))
        targets += [(m.group(1), False) for m in _AUTOLINK.finditer(line)]
        for url, image in targets:
            if url and (problem := url_problem(url, resource=image)) is not None:
                findings.append(Finding(first_line + index, problem))
    return findings


def _attr_list_findings(masked: str, first_line: int) -> list[Finding]:
    allowed = ", ".join(sorted(ATTR_LIST_ALLOWED - {"id", ".", "class"}))
    findings = []
    for index, line in enumerate(masked.split("\n")):
        for match in _ATTR_LIST.finditer(line) if "{" in line else ():
            attrs, _rest = get_attrs_and_remainder(match.group(1))
            refused = [str(name) for name, _ in attrs if str(name).lower() not in ATTR_LIST_ALLOWED]
            if refused:
                findings.append(
                    Finding(
                        first_line + index,
                        _(
                            "'{text}' is read as an attribute list, and {refused} is not "
                            "allowed there (allowed: #id, .class, {allowed}); write \\{{ to "
                            "show a brace"
                        ).format(
                            text=match.group(),
                            refused=", ".join(repr(name) for name in refused),
                            allowed=allowed,
                        ),
                    )
                )
    return findings


def _mask_autolinks(masked: str) -> str:
    """Autolinks (`<https://...>`, `<name@host>`) are links, not tags; checked as links."""
    return _AUTOMAIL.sub(_blank, _AUTOLINK.sub(_blank, masked))


class _Tags(HTMLParser):
    """Every tag in a text, with its line, as a browser's tokenizer would find them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((self.getpos()[0], "start", self.get_starttag_text() or "", attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.found.append((self.getpos()[0], "end", tag, []))

    def handle_decl(self, decl: str) -> None:
        self.found.append((self.getpos()[0], "other", f"<!{decl}>", []))

    def handle_pi(self, data: str) -> None:
        self.found.append((self.getpos()[0], "other", f"<?{data}>", []))

    def unknown_decl(self, data: str) -> None:
        self.found.append((self.getpos()[0], "other", f"<![{data}]>", []))


def _tags(text: str) -> _Tags:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes={**ALLOWED_TAGS, "*": GLOBAL_ATTRIBUTES},
    url_schemes=LINK_SCHEMES,
    attribute_filter=lambda tag, name, value: (
        None if name == "src" and url_problem(value, resource=True) else value
    ),
    link_rel=None,
    strip_comments=False,
)


def _html_findings(masked: str, first_line: int) -> list[Finding]:
    found = _tags(masked).found
    opened = {
        raw[1:].split(None, 1)[0].rstrip("/>").lower()
        for _, kind, raw, _ in found
        if kind == "start"
    }
    findings = []
    for line, kind, raw, attrs in found:
        at = first_line + line - 1
        if kind == "start":
            findings += [Finding(at, message) for message in _start_tag_problems(raw, attrs)]
        elif kind == "other" or (raw not in ALLOWED_TAGS and raw not in opened):
            shown = raw[:40] if kind == "other" else f"</{raw}>"
            findings.append(
                Finding(
                    at,
                    _("HTML {tag} is not allowed ({allowed})").format(
                        tag=shown, allowed=ALLOWED_LIST
                    ),
                )
            )
    return findings


def _start_tag_problems(raw: str, attrs: list[tuple[str, str | None]]) -> list[str]:
    """What the sanitiser would remove from one start tag, worded for the editor."""
    kept = [item for item in _tags(_CLEANER.clean(raw)).found if item[1] == "start"]
    tag = raw[1:].split(None, 1)[0].rstrip("/>").lower() if raw else ""
    if not kept:
        return [
            _("HTML {tag} is not allowed ({allowed})").format(tag=f"<{tag}>", allowed=ALLOWED_LIST)
        ]
    surviving = {name for name, _ in kept[0][3]}
    problems = []
    for name, value in attrs:
        if name in surviving:
            continue
        reason = (
            url_problem(value or "", resource=URL_ATTRIBUTES[name])
            if name in URL_ATTRIBUTES
            else None
        )
        problems.append(
            reason
            or _("attribute '{name}' on <{tag}> is not allowed; remove it").format(
                name=name, tag=tag
            )
        )
    return problems
