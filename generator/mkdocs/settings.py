"""`mkdocs.yml` settings made inert: no markup in text, no request to another host.

Pages promise to make no request to another host and to run no script but ours, and settings
are often copied from a blog. Text settings reach Material's templates, some of which print
them without escaping (`<title>`, the logo's label, the meta description), so markup in them
is refused, not trusted. A script, style sheet, font, analytics tag or icon from another host
is refused unless the plugin's `allowed_hosts` names that host. Every refusal names the
setting and says why (exit status 2).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from generator.content import fieldcheck
from generator.i18n import _

#: Text settings Material prints in every page (the repository's in its navigation).
TEXT_SETTINGS = ("site_name", "site_description", "site_author", "copyright", "repo_url",
                 "repo_name", "edit_uri")  # fmt: skip
#: A link that runs script when followed, wherever a setting may become a link.
_SCRIPT_LINK = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
#: Characters that would open a tag or leave an attribute where a template does not escape.
MARKUP = ("<", ">", '"')
#: The hosts Material's Google Fonts link and analytics tag load from.
GOOGLE_FONTS = ("fonts.googleapis.com", "fonts.gstatic.com")
GOOGLE_ANALYTICS = ("www.googletagmanager.com",)


def settings_problems(config: Any, allowed_hosts: Iterable[str]) -> list[str]:
    """Every setting of a loaded `mkdocs.yml` that could inject markup or load another host."""
    allowed = {host.strip().lower() for host in allowed_hosts}
    problems = [
        problem
        for name, value in _texts(config)
        if (problem := _text_problem(name, value)) is not None
    ]
    for name, url in _resources(config):
        host = _host(url)
        if host is not None and host not in allowed:
            problems.append(
                _(
                    "'{setting}: {url}' loads a file from {host}, another host; pages make no "
                    "request to other hosts. Copy the file into theme/ and name it there, or "
                    "allow the host by name in the plugin's setting 'allowed_hosts: [{host}]'"
                ).format(setting=name, url=url, host=host)
            )
    problems += _needs_hosts(config, allowed)
    return problems


def _texts(config: Any) -> Iterator[tuple[str, str]]:
    for name in TEXT_SETTINGS:
        value = config.get(name)
        if isinstance(value, str):
            yield name, value
    yield from _walk("extra", config.get("extra") or {})


def _walk(name: str, value: Any) -> Iterator[tuple[str, str]]:
    """Every text below a setting, with its dotted name (`extra.office.hotline`)."""
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, Mapping):
        for key, inner in value.items():
            yield from _walk(f"{name}.{key}", inner)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _walk(f"{name}[{index}]", inner)


def _text_problem(name: str, value: str) -> str | None:
    found = [char for char in MARKUP if char in value]
    if found:
        return _(
            "'{setting}' holds {chars}, which would become markup in the pages; write plain "
            "text without < > or double quotes"
        ).format(setting=name, chars=" ".join(found))
    if _SCRIPT_LINK.match(value):
        return _("'{setting}' is a link that would run a script; write an https:// address").format(
            setting=name
        )
    key = name.rsplit(".", 1)[-1]
    problem = fieldcheck.value_problem(key, value)
    if problem is not None:
        return f"'{name}' {problem}"
    return None


def _resources(config: Any) -> Iterator[tuple[str, str]]:
    """Settings whose value a page loads (not merely links to)."""
    for name in ("extra_javascript", "extra_css"):
        for item in config.get(name) or []:
            yield name, str(getattr(item, "path", item))
    theme = config.get("theme")
    for name in ("favicon", "logo"):
        value = theme.get(name) if theme is not None else None
        if isinstance(value, str):
            yield f"theme.{name}", value
    for item in (config.get("extra") or {}).get("polyfills") or []:
        yield "extra.polyfills", str(item)


def _host(url: str) -> str | None:
    """The other host a URL loads from; None for a file of the site itself."""
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    if parts.netloc:
        return (parts.hostname or parts.netloc).lower()
    if parts.scheme:  # data:, javascript: and the like are not files of the site either
        return parts.scheme.lower() + ":"
    return None


def _needs_hosts(config: Any, allowed: set[str]) -> list[str]:
    """Material features that load other hosts by themselves."""
    problems = []
    theme = config.get("theme")
    font = theme.get("font") if theme is not None else None
    if font not in (None, False) and not set(GOOGLE_FONTS) <= allowed:
        problems.append(
            _(
                "'theme.font' loads fonts from Google ({hosts}); pages make no request to "
                "other hosts. Write 'font: false' (the phone's own fonts are used), or allow "
                "the hosts by name in the plugin's setting 'allowed_hosts'"
            ).format(hosts=", ".join(GOOGLE_FONTS))
        )
    analytics = (config.get("extra") or {}).get("analytics")
    if analytics and not set(GOOGLE_ANALYTICS) <= allowed:
        problems.append(
            _(
                "'extra.analytics' loads Google's tracking script ({hosts}); pages make no "
                "request to other hosts and do not track residents. Delete the setting, or "
                "allow the host by name in the plugin's setting 'allowed_hosts'"
            ).format(hosts=", ".join(GOOGLE_ANALYTICS))
        )
    return problems
