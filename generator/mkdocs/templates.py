"""What the theme's templates get besides MkDocs' own context and the catalog."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from generator import urls
from generator.content import labels
from generator.content.catalog import Catalog
from generator.content.procedure import Procedure
from generator.mkdocs import pages
from generator.render import jsonld


def template_globals(catalog: Catalog, config: MkDocsConfig, files: Files) -> dict[str, Any]:
    """Site paths (`urls`) and fact labels (`labels`) from the core, so templates never spell
    them; `staff_pages` for the footer and `government_service(procedure)` for JSON-LD."""
    office: Mapping[str, str] = {
        key: str(value) for key, value in (config.extra.get("office") or {}).items()
    }
    return {
        "urls": urls,
        "labels": labels,
        "staff_pages": pages.staff_links(files),
        "government_service": _government_service(catalog, office),
    }


def _government_service(
    catalog: Catalog, office: Mapping[str, str]
) -> Callable[[Procedure], Markup]:
    def render(procedure: Procedure) -> Markup:
        data = jsonld.government_service(procedure, catalog.url(procedure), office)
        return jsonld.script_json(data)

    return render
