"""One office's view of the catalog: the procedures it handles, with its overrides applied,
and the pair's short URL. The poster, QR and pack machinery take it as they take the
site's catalog, so an office's outputs are drawn and cached by the very same code."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator import urls
from generator.content.catalog import Catalog
from generator.content.collation import sort_key
from generator.content.office_list import Office, Offices
from generator.content.procedure import Procedure


@dataclass(frozen=True)
class OfficeProcedure(Procedure):
    """A procedure as one office serves it: its overrides in `meta`, its note beside."""

    office_code: str = ""
    note: str | None = None


def office_procedure(procedure: Procedure, office: Office) -> OfficeProcedure:
    """The procedure with the office's overrides; where to submit is the office itself
    unless it overrides `agency` (the shared text may name another kind of office)."""
    facts = dict(office.facts(procedure.code))
    note = facts.pop("note", None)
    facts.setdefault("agency", office.name)
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
    ordered = sorted(offices.active, key=lambda o: sort_key(o.name))
    found: dict[str, list[Office]] = {p.code: [] for p in catalog}
    for office in ordered:
        codes = office.procedures if office.procedures is not None else active
        for code in codes:
            if code in found:
                found[code].append(office)
    return found
