"""The catalog: every procedure of a site, indexed once so no page step scans the corpus."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from generator import urls
from generator.content.collation import sort_key
from generator.content.procedure import Procedure


@dataclass(frozen=True)
class FieldGroup:
    """A lĩnh vực: its procedures, for one index page, one poster pack and one field poster."""

    name: str
    slug: str
    procedures: tuple[Procedure, ...]

    @property
    def path(self) -> str:
        return f"{urls.FIELD_DIR}/{self.slug}/"

    @property
    def active(self) -> tuple[Procedure, ...]:
        return tuple(p for p in self.procedures if not p.retired)


@dataclass
class Catalog:
    site_url: str
    procedures: list[Procedure] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.site_url = urls.normalise_site_url(self.site_url)
        # Vietnamese order, not code points: "Đất đai" after "Dân số", not after "Y tế".
        self.procedures = sorted(
            self.procedures, key=lambda p: (sort_key(p.field), sort_key(p.title), p.code)
        )

    def __iter__(self) -> Iterator[Procedure]:
        return iter(self.procedures)

    def __len__(self) -> int:
        return len(self.procedures)

    @cached_property
    def by_code(self) -> dict[str, Procedure]:
        return {p.code: p for p in self.procedures}

    @cached_property
    def by_slug(self) -> dict[str, Procedure]:
        return {p.slug: p for p in self.procedures}

    @cached_property
    def by_source(self) -> dict[str, Procedure]:
        return {p.source: p for p in self.procedures}

    @cached_property
    def fields(self) -> list[FieldGroup]:
        groups: dict[str, list[Procedure]] = {}
        for procedure in self.procedures:
            groups.setdefault(procedure.field, []).append(procedure)
        return [
            FieldGroup(name=name, slug=urls.field_slug(name), procedures=tuple(items))
            for name, items in sorted(groups.items(), key=lambda item: sort_key(item[0]))
        ]

    @property
    def active(self) -> list[Procedure]:
        return [p for p in self.procedures if not p.retired]

    def short_url(self, procedure: Procedure) -> str:
        return urls.short_url(self.site_url, procedure.code)

    def display_short_url(self, procedure: Procedure) -> tuple[str, str]:
        """The short URL as shown to people, cut before `P/<CODE>/` (see `urls.display_url`)."""
        return urls.display_url_parts(self.short_url(procedure))

    def url(self, procedure: Procedure) -> str:
        return urls.procedure_url(self.site_url, procedure.slug)

    def landing(self, procedure: Procedure) -> Procedure:
        """Where a short URL leads: a retired procedure's replacement, else the procedure."""
        seen = {procedure.code}
        current = procedure
        while current.retired and current.meta.replaced_by in self.by_code:
            nxt = self.by_code[current.meta.replaced_by]
            if nxt.code in seen:
                break
            seen.add(nxt.code)
            current = nxt
        return current
