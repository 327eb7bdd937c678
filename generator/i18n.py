"""The clerk's language: every message `thutuc` and the build print goes through `_()`.

Messages are written in English in the code (the msgid) and translated in the gettext
catalogue `generator/locale/vi/LC_MESSAGES/messages.po`. Vietnamese is the default; English
is chosen with `thutuc --lang en`, `THUTUC_LANG=en`, or a `LANG`/`LC_ALL`/`LC_MESSAGES`
that starts with `en`. The catalogue is compiled to `.mo` at install (`make build`); where the
`.mo` is missing or older than the `.po`, the `.po` is compiled in memory with Babel, so a
clone run straight from the source tree still speaks Vietnamese.
"""

from __future__ import annotations

import gettext
import io
import os
import tempfile
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "vi"
LANGUAGES = ("vi", "en")
LANGUAGE_ENV = "THUTUC_LANG"


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    """The language asked for by the environment: THUTUC_LANG first, then the locale."""
    env = os.environ if environ is None else environ
    chosen = env.get(LANGUAGE_ENV, "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip().lower()
        if value:
            return "en" if value.startswith("en") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue for `language`; English is the msgids themselves."""
    if language == "en":
        return gettext.NullTranslations()
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if not po.exists():
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(compile_po(po)))


def compile_po(po: Path) -> bytes:
    """The `.mo` bytes of a `.po` file, through Babel's public API."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def catalogue_dir(language: str) -> Path | None:
    """A folder holding `<language>/LC_MESSAGES/messages.mo` that is up to date, for the
    gettext functions that read files (argparse's own messages); None for English.

    The installed `.mo` when it is current; otherwise the `.po` compiled into the package
    folder (as `make build` does), or, where that cannot be written, into a temporary folder.
    """
    if language == "en":
        return None
    po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.exists():
        return None
    installed = po.with_suffix(".mo")
    if installed.exists() and installed.stat().st_mtime >= po.stat().st_mtime:
        return LOCALE_DIR  # compiled at install (`make build`), or by an earlier run
    data = compile_po(po)
    for root in (LOCALE_DIR, Path(tempfile.gettempdir()) / f"thutuc-locale-{os.getuid()}"):
        mo = root / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
        try:
            if not (mo.exists() and mo.read_bytes() == data):
                mo.parent.mkdir(parents=True, exist_ok=True)
                partial = mo.with_name(f".{mo.name}.{os.getpid()}")
                partial.write_bytes(data)
                os.replace(partial, mo)
        except OSError:
            continue
        return root
    return None


def active_language() -> str:
    """The language of this process: `--lang` (which sets THUTUC_LANG), else the locale."""
    return language_from_environment()


def _(message: str) -> str:
    """`message` in the active language."""
    return translations(active_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted message for `count`, in the active language."""
    return translations(active_language()).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it yet: for module constants,
    which are built before `--lang` is read; translate them with `_()` where they are used."""
    return message


__all__ = ["LANGUAGES", "N_", "_", "active_language", "ngettext", "translations"]
