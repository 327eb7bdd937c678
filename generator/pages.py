"""MkDocs-side arrangement of the catalog: page URLs, field index pages and the navigation.

Procedures are reached through one index page per field, never listed in the global nav, so
each page's weight and the build's time stay flat as the catalog grows.
"""

from __future__ import annotations

import posixpath

import yaml
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator import urls
from generator.catalog import Catalog, FieldGroup

#: Files in the content folder that are data for the build, not pages of the site.
DATA_FILES = frozenset({"register.yml", "printings.yml"})
PROCEDURES_PREFIX = "procedures/"


def field_source(group: FieldGroup) -> str:
    return f"{urls.FIELD_DIR}/{group.slug}.md"


def field_page_path(field_name: str) -> str:
    return urls.field_path(field_name)


def _move(file: File, dest_uri: str) -> None:
    file.dest_uri = dest_uri
    for cached in ("url", "abs_dest_path"):
        file.__dict__.pop(cached, None)


def arrange_files(files: Files, config: MkDocsConfig, catalog: Catalog) -> Files:
    """Give procedures their public URLs, add field pages, drop data files, set the nav."""
    for name in DATA_FILES:
        data = files.get_file_from_path(name)
        if data is not None:
            files.remove(data)
    for file in list(files):
        if file.src_uri.startswith(PROCEDURES_PREFIX) and file.is_documentation_page():
            slug = posixpath.splitext(posixpath.basename(file.src_uri))[0]
            if slug not in catalog.by_slug:
                continue
            _move(file, urls.procedure_path(slug) + "index.html")
    for group in catalog.fields:
        front = yaml.safe_dump(
            {"title": str(escape(group.name)), "template": "field.html"}, allow_unicode=True
        )
        files.append(File.generated(config, field_source(group), content=f"---\n{front}---\n"))
    config.nav = _navigation(files, catalog)
    return files


def _navigation(files: Files, catalog: Catalog) -> list[object]:
    """Home, one entry per field, then the other top-level pages (guide, print page)."""
    nav: list[object] = []
    if files.get_file_from_path("index.md") is not None:
        nav.append("index.md")
    # Material renders titles as HTML, so every title from content is escaped here.
    fields = [{str(escape(group.name)): field_source(group)} for group in catalog.fields]
    if fields:
        nav.append({"Lĩnh vực": fields})
    others = sorted(
        file.src_uri
        for file in files.documentation_pages()
        if "/" not in file.src_uri and file.src_uri != "index.md"
    )
    nav.extend(others)
    return nav


def prepare_page(page: Page, catalog: Catalog) -> None:
    """Attach the procedure or field a page shows, and pick its template."""
    src = page.file.src_uri
    if src == "index.md":
        page.meta.setdefault("template", "home.html")
        return
    if src.startswith(f"{urls.FIELD_DIR}/"):
        slug = posixpath.splitext(posixpath.basename(src))[0]
        page.meta["field_group"] = next((g for g in catalog.fields if g.slug == slug), None)
        return
    if src.startswith(PROCEDURES_PREFIX):
        slug = posixpath.splitext(posixpath.basename(src))[0]
        procedure = catalog.by_slug.get(slug)
        if procedure is None:
            return
        page.meta = {
            "template": "procedure.html",
            "title": str(escape(procedure.title)),
            "description": str(escape(procedure.meta.summary)),
            "procedure": procedure,
        }
