"""One office's view of the catalog: the procedures it handles, with its overrides applied,
and the pair's short URL. The poster, QR and pack machinery take it as they take the
site's catalog, so an office's outputs are drawn and cached by the very same code."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from generator import urls
from generator.content.catalog import Catalog
from generator.content.offices import Office, Offices
from generator.content.procedure import Procedure

#: Vietnamese letters that sort as letters of their own, after their base letter.
_LETTERS = {"ă": "a1", "â": "a2", "đ": "d1", "ê": "e1", "ô": "o1", "ơ": "o2", "ư": "u1"}
_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "+"}


def vietnamese_key(text: str) -> tuple[str, str]:
    """Sort key in Vietnamese alphabet order (a ă â b c d đ e ê …), tones second.

    TODO: use the shared key of generator/content/collation.py once that module is merged.
    """
    letters: list[str] = []
    for char in unicodedata.normalize("NFC", text.casefold()):
        base = unicodedata.normalize("NFD", char)
        kept = base[0] + "".join(m for m in base[1:] if m in _MARKS)
        letter = unicodedata.normalize("NFC", kept)
        letters.append(_LETTERS.get(letter, base[0] + "0"))
    return "".join(letters), unicodedata.normalize("NFD", text.casefold())


@dataclass(frozen=True)
class OfficeProcedure(Procedure):
    """A procedure as one office serves it: its overrides in `meta`, its note beside."""

    office_code: str = ""
    note: str | None = None


def office_procedure(procedure: Procedure, office: Office) -> OfficeProcedure:
    facts = dict(office.facts(procedure.code))
    note = facts.pop("note", None)
    meta = procedure.meta.model_copy(update=facts) if facts else procedure.meta
    base = replace(procedure, meta=meta)
    return OfficeProcedure(**vars(base), office_code=office.code, note=note)


def handled(catalog: Catalog, office: Office) -> list[Procedure]:
    """The procedures an office handles: its list, or every active procedure."""
    if office.procedures is None:
        return list(catalog.active)
    return [catalog.by_code[code] for code in office.procedures if code in catalog.by_code]


@dataclass
class OfficeCatalog(Catalog):
    """The catalog of one office; its short URLs name both codes."""

    office_code: str = ""

    def short_url(self, procedure: Procedure) -> str:
        return urls.office_short_url(self.site_url, procedure.code, self.office_code)


def office_catalog(catalog: Catalog, office: Office) -> OfficeCatalog:
    procedures = [office_procedure(p, office) for p in handled(catalog, office)]
    return OfficeCatalog(catalog.site_url, procedures, office_code=office.code)


def serving(catalog: Catalog, offices: Offices) -> dict[str, list[Office]]:
    """Per procedure code, the active offices that handle it, in Vietnamese order of their
    names; computed once per build (a province has 30,000 pairs)."""
    active = {p.code for p in catalog.active}
    ordered = sorted(offices.active, key=lambda o: vietnamese_key(o.name))
    found: dict[str, list[Office]] = {p.code: [] for p in catalog}
    for office in ordered:
        codes = office.procedures if office.procedures is not None else active
        for code in codes:
            if code in found:
                found[code].append(office)
    return found
