"""The one check every text value an editor writes goes through, whatever file holds it.

Procedures (front matter) and offices (`offices.yml`, its overrides) are written by the same
clerks with the same slips, and their values reach the same pages and posters; so a value is
judged here by its key, once, and both readers turn the answer into an error with the file,
the line and the key.
"""

from __future__ import annotations

import re
from typing import Any

from generator import urls
from generator.content import markup
from generator.i18n import _

#: Keys whose value is an address residents open.
URL_KEYS = frozenset({"online_url", "map_url", "zalo_url"})
#: What a phone number printed on a poster may hold: digits and the usual separators.
_PHONE = re.compile(r"^\+?[0-9 .()\-]+$")
PHONE_MIN_DIGITS = 3


def value_problem(key: str, value: Any) -> str | None:
    """Why the value of `key` (text, or a list of texts) cannot reach a page, if it cannot:
    an invisible control character, a link that is not one whole http(s) address, a phone
    number with letters or markup in it."""
    problem = markup.value_problem(value)
    if problem is not None or not isinstance(value, str):
        return problem
    if key in URL_KEYS:
        problem = urls.http_url_problem(value)
        return None if problem is None else f"{value!r} {problem}"
    if key == "hotline":
        return phone_problem(value)
    return None


def phone_problem(value: str) -> str | None:
    """Why `value` cannot be printed as a phone number to call, if it cannot."""
    digits = sum(char.isdigit() for char in value)
    if _PHONE.fullmatch(value) and digits >= PHONE_MIN_DIGITS:
        return None
    return _(
        "{value} is not a phone number: write digits, spaces, dots, '-', '+' and "
        "parentheses only, e.g. 0209 3870 111"
    ).format(value=repr(value[:60]))
