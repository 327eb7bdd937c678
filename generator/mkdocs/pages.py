"""MkDocs-side arrangement of the catalog: page URLs, field index pages and the navigation.

Procedures are reached through one index page per field, never listed in the global nav, so
each page's weight and the build's time stay flat as the catalog grows.
"""

from __future__ import annotations

import json
import logging
import posixpath
import re
from collections.abc import Callable
from importlib import metadata

import yaml
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from generator import urls
from generator.build import lean, pagecache
from generator.cache import digest
from generator.content.catalog import Catalog, FieldGroup
from generator.content.collation import sort_key
from generator.content.procedure import Procedure

#: Files in the content folder that are data for the build, not pages of the site.
DATA_FILES = frozenset(
    {"register.yml", "printings.yml", "synonyms.yml", "offices.yml", "office-register.yml"}
    | {"notice-register.yml", "changes.yml", "published-facts.yml"}  # notices (v3)
)
#: Pages for staff, with their link text: kept out of the residents' menu and linked from
#: the footer's staff corner instead.
STAFF_PAGES = {"an-pham-in.md": "Ấn phẩm in", "huong-dan.md": "Hướng dẫn cho cán bộ"}
PROCEDURES_PREFIX = "procedures/"
#: One office's printings (`thutuc printed --office CODE`), data like `printings.yml`.
OFFICE_PRINTINGS = re.compile(r"printings-[A-Za-z0-9.\-]+\.yml")


def field_source(group: FieldGroup) -> str:
    return f"{urls.FIELD_DIR}/{group.slug}.md"


def field_page_path(field_name: str) -> str:
    return urls.field_path(field_name)


def _published_at(file: File, dest_uri: str) -> File:
    """The same source file published at `dest_uri`, made through `File`'s public
    constructor, so no value MkDocs caches on a file is left from the old place."""
    return File(
        file.src_uri,
        file.src_dir,
        file.dest_dir,
        file.use_directory_urls,
        dest_uri=dest_uri,
        inclusion=file.inclusion,
    )


def _procedures_published(files: Files, catalog: Catalog) -> Files:
    """`files` with each procedure page at its public URL, in the same order."""
    published = []
    for file in files:
        if file.src_uri.startswith(PROCEDURES_PREFIX) and file.is_documentation_page():
            slug = posixpath.splitext(posixpath.basename(file.src_uri))[0]
            if slug not in catalog.by_slug:  # a draft (import, v3): not published
                continue
            file = _published_at(file, urls.procedure_path(slug) + "index.html")
        published.append(file)
    return Files(published)


def arrange_files(files: Files, config: MkDocsConfig, catalog: Catalog) -> Files:
    """Give procedures their public URLs, add field pages, drop data files and the theme's
    unused files, set the nav."""
    theme_dirs = set(config.theme.dirs)
    for file in list(files):
        if file.src_dir in theme_dirs and lean.is_unused(file.dest_uri):
            files.remove(file)
    for name in DATA_FILES:
        data = files.get_file_from_path(name)
        if data is not None:
            files.remove(data)
    for data in [f for f in files if OFFICE_PRINTINGS.fullmatch(f.src_uri)]:  # offices (v2)
        files.remove(data)
    for data in [f for f in files if f.src_uri.startswith("notices/")]:  # notices (v3): data
        files.remove(data)
    files = _procedures_published(files, catalog)
    for group in catalog.fields:
        front = yaml.safe_dump(
            {"title": str(escape(group.name)), "template": "field.html"}, allow_unicode=True
        )
        files.append(File.generated(config, field_source(group), content=f"---\n{front}---\n"))
    config.nav = _navigation(files, catalog)
    return files


def _navigation(files: Files, catalog: Catalog) -> list[object]:
    """Home, one entry per field, then the other top-level pages except the staff pages."""
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
        if "/" not in file.src_uri
        and file.src_uri != "index.md"
        and file.src_uri not in STAFF_PAGES
    )
    nav.extend(others)
    return nav


def staff_links(files: Files) -> list[tuple[str, str]]:
    """(link text, URL) of the staff pages the content has, in Vietnamese order."""
    present = [
        (title, file.url)
        for src, title in STAFF_PAGES.items()
        if (file := files.get_file_from_path(src)) is not None
    ]
    return sorted(present, key=lambda link: sort_key(link[0]))


def procedure_of(page: Page, catalog: Catalog) -> Procedure | None:
    src = page.file.src_uri
    if not src.startswith(PROCEDURES_PREFIX):
        return None
    return catalog.by_slug.get(posixpath.splitext(posixpath.basename(src))[0])


def prepare_page(page: Page, catalog: Catalog) -> None:
    """Attach the procedure or field a page shows, and pick its template."""
    src = page.file.src_uri
    if src.startswith(f"{urls.FIELD_DIR}/"):
        slug = posixpath.splitext(posixpath.basename(src))[0]
        page.meta["field_group"] = next((g for g in catalog.fields if g.slug == slug), None)
        return
    procedure = procedure_of(page, catalog)
    if procedure is not None:
        page.meta = {
            "template": "procedure.html",
            "title": str(escape(procedure.title)),
            "description": str(escape(procedure.meta.summary)),
            "procedure": procedure,
        }
        return
    escape_plain_meta(page.meta)
    if src == "index.md":
        page.meta.setdefault("template", "home.html")


def escape_plain_meta(meta: dict[str, object]) -> None:
    """Material writes a page's `title` and `description` into `<title>`, the navigation
    and a meta tag as HTML, so text from a plain page's front matter is escaped here, once,
    as procedure and field titles are."""
    for key in ("title", "description"):
        if isinstance(meta.get(key), str):
            meta[key] = str(escape(meta[key]))


# -- converted bodies, cached (see `pagecache`) ------------------------------------------------


def procedure_source(procedure: Procedure) -> str:
    """A procedure page's Markdown without its front matter, already parsed (with libyaml) by
    `procedure`: MkDocs would parse it again with the pure-Python YAML loader. The leading
    blank line keeps MkDocs from reading a first `key: value` line as metadata."""
    return "\n" + procedure.body


def conversion_context(config: MkDocsConfig, files: Files) -> str:
    """Everything besides a page's own Markdown that its HTML depends on."""
    versions = [f"{name}={metadata.version(name)}" for name in ("mkdocs", "markdown")]
    settings = [
        repr(config.markdown_extensions),
        json.dumps(config.mdx_configs, sort_keys=True, default=repr),
        repr(config.use_directory_urls),
        json.dumps(dict(config.validation), sort_keys=True, default=repr),
    ]
    urls_of_files = sorted(f"{file.src_uri}\t{file.url}" for file in files)
    return digest([*versions, *settings, *urls_of_files], length=64)


def converted(page: Page, html: str) -> pagecache.ConvertedPage:
    return pagecache.ConvertedPage(
        html=html,
        toc=[_toc_token(link) for link in page.toc],
        title=_title_from_headings(page),
        anchors=sorted(page.present_anchor_ids or ()),
    )


def restore(page: Page, cached: pagecache.ConvertedPage) -> str:
    """Give `page` what converting its Markdown would have; returns the HTML."""
    page.toc = get_toc(cached.toc)  # type: ignore[arg-type]
    if cached.title and "title" not in page.meta:
        page.title = cached.title  # as converting would have: the front matter's title wins
    page.present_anchor_ids = set(cached.anchors)
    return cached.html


def _title_from_headings(page: Page) -> str | None:
    """The title MkDocs gave the page from its converted Markdown (its first heading, or
    MkDocs's own fallback), read through the public `Page.title` with the front matter's
    title set aside: a later build may drop that title while the body stays the same."""
    meta = page.meta
    page.meta = {key: value for key, value in meta.items() if key != "title"}
    try:
        return page.title
    finally:
        page.meta = meta


def _toc_token(link: AnchorLink) -> dict[str, object]:
    return {
        "level": link.level,
        "id": link.id,
        "name": link.title,
        "children": [_toc_token(child) for child in link.children],
    }


class WarningCounter(logging.Handler):
    """Counts MkDocs warnings, so a page whose conversion warned (a broken link, say) is not
    cached and warns again on the next build, as `strict` mode needs."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class SharedFragments:
    """Template fragments that are the same on many pages, rendered once per build.

    The navigation sidebar is the costliest part of a Material page, and every procedure page
    (none is in the nav, all sit at the same depth) gets the very same one. The key must name
    everything the fragment depends on.
    """

    def __init__(self) -> None:
        self.fragments: dict[str, Markup] = {}

    def get(self, key: str) -> Markup | None:
        return self.fragments.get(key)

    def put(self, key: str, fragment: str) -> Markup:
        self.fragments[key] = Markup(fragment)
        return self.fragments[key]

    def once(self, key: str, render: Callable[[], str]) -> Markup:
        """The fragment stored under `key`, rendered by `render` (a block's `super`) the first
        time: `{{ shared_fragment.once("header:" ~ base_url, super) }}`."""
        shared = self.fragments.get(key)
        return shared if shared is not None else self.put(key, render())
