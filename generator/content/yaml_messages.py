"""PyYAML's own reasons for a syntax error, in the clerk's language.

PyYAML words its problems in English ("did not find expected key"); the common ones are
marked here for the catalogue and translated when shown. An unknown reason is shown as it is.
"""

from __future__ import annotations

from generator.i18n import N_, _

#: The reasons PyYAML gives for the slips editors make (an unclosed quote, a missing space
#: after a colon, a tab, a stray character...).
KNOWN_REASONS = (
    N_("did not find expected key"),
    N_("mapping values are not allowed here"),
    N_("could not find expected ':'"),
    N_("found unexpected end of stream"),
    N_("found character that cannot start any token"),
    N_("found a tab character that violates indentation"),
    N_("found a tab character where an indentation space is expected"),
    N_("expected <block end>, but found '<block mapping start>'"),
    N_("expected <block end>, but found '<block sequence start>'"),
    N_("expected <block end>, but found '<scalar>'"),
    N_("expected <block end>, but found '-'"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected node content"),
    N_("found undefined alias"),
    N_("found unknown escape character"),
    N_("expected ',' or ']', but got '<stream end>'"),
    N_("expected ',' or '}', but got '<stream end>'"),
    N_("found duplicate anchor; first occurrence"),
    N_("day is out of range for month"),
    N_("month must be in 1..12"),
)


def yaml_reason(reason: str) -> str:
    """PyYAML's reason, translated when it is a known one."""
    return _(reason) if reason in KNOWN_REASONS else reason


def yaml_syntax_error(reason: str) -> str:
    """The message of a YAML syntax error, with what to do."""
    return _(
        "YAML syntax error: {reason}; check the quotes, the colons and the indentation on "
        "this line and the one above"
    ).format(reason=yaml_reason(str(reason)))


__all__ = ["KNOWN_REASONS", "yaml_reason", "yaml_syntax_error"]
