"""What the theme's templates get besides MkDocs' own context and the catalog."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from generator import urls
from generator.content import facts, labels
from generator.content.catalog import Catalog
from generator.content.procedure import Procedure
from generator.mkdocs import pages
from generator.render import jsonld


def template_globals(catalog: Catalog, config: MkDocsConfig, files: Files) -> dict[str, Any]:
    """Site paths (`urls`) and fact labels (`labels`) from the core, so templates never spell
    them; `staff_pages` for the footer and `government_service(procedure)` for JSON-LD;
    `procedure_facts` (the one facts list) and `site_place` (where and when) for the card."""
    office: Mapping[str, str] = {
        key: str(value) for key, value in (config.extra.get("office") or {}).items()
    }
    return {
        "urls": urls,
        "labels": labels,
        "staff_pages": pages.staff_links(files),
        "government_service": _government_service(catalog, office),
        "procedure_facts": facts.procedure_facts,
        "site_place": facts.place(office),
    }


def material_translation(env: jinja2.Environment, language: str) -> Callable[[str], str]:
    """Material's `lang.t` (its `partials/language.html`): the string for `key` in the theme's
    language, else in English, else the key itself, from Material's own language files, each
    key looked up once per build. `theme/partials/language.html` calls it."""
    own = env.get_template(f"partials/languages/{language}.html").module
    english = env.get_template("partials/languages/en.html").module

    @functools.cache
    def translate(key: str) -> str:
        return str(own.t(key) or english.t(key) or key)  # type: ignore[attr-defined]

    return translate


def _government_service(
    catalog: Catalog, office: Mapping[str, str]
) -> Callable[[Procedure], Markup]:
    def render(procedure: Procedure) -> Markup:
        data = jsonld.government_service(procedure, catalog.url(procedure), office)
        return jsonld.script_json(data)

    return render


def bytecode_cache(folder: Path) -> jinja2.BytecodeCache:
    """Templates compiled by an earlier build, checked against their source by Jinja: a warm
    build spent a tenth of its page loop compiling the theme's templates again."""
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))
