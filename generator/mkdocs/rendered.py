"""Procedure pages rendered by an earlier build, reused when nothing they show has changed.

MkDocs renders every page's template on every build, and after one edit 999 of 1,000
procedure pages come out byte for byte as before: rendering them was half of a warm build's
page loop. A procedure page whose key is the one its published file was rendered from gets a
one-line template that writes that file's HTML again (through `Page.meta["template"]`,
MkDocs's public way to pick a template); every other page renders as usual, and its key is
recorded for the next build (`build/pagecache.RenderedPages`).

The key names everything a procedure page shows. Site-wide (`site_key`): the engine's and
theme's versions, the site's theme folder and our own code (both by content), the settings,
the navigation, and the site-wide values the templates read. Per page (`page_key`): the
page's place, title, converted body and table of contents, its procedure, and what the
catalog, the offices and the notice board give the templates for that procedure. A value a
procedure page's templates start to read must be added here; a change to the theme or to
`generator/` already empties the cache. Other plugins or hooks may change what a page shows
in ways the key cannot see, so with any of them the cache is not used.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2
import mkdocs
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.theme import Theme

from generator.build.pagecache import RenderedPages
from generator.cache import code_digest, digest
from generator.content.catalog import Catalog

#: The template a reused page gets; served by our own loader, never by a site's theme.
REUSED_TEMPLATE = "thutuc-reused-page.html"
#: The one plugin whose effect on a page the key covers: ours.
OWN_PLUGIN = "procedures"
ENGINE_PACKAGES = ("mkdocs", "mkdocs-material", "jinja2", "markupsafe", "markdown")
#: Settings that do not reach a page's HTML: the staged folder's name changes every build.
UNSHOWN_SETTINGS = frozenset({"site_dir", "plugins", "hooks", "dev_addr", "watch"})


def usable(config: MkDocsConfig) -> bool:
    """Only our plugin runs: another plugin's or hook's page events are not in the key."""
    return list(config.plugins) == [OWN_PLUGIN] and not config.hooks


def with_reuse_template(loader: jinja2.BaseLoader | None) -> jinja2.BaseLoader:
    """The theme's loader, with the reused page's template in front of it."""
    reused = jinja2.DictLoader({REUSED_TEMPLATE: "{{ reused_page(page) }}"})
    return jinja2.ChoiceLoader([reused, loader] if loader is not None else [reused])


def _folder_digest(folder: Path) -> str:
    """A site's own theme folder, by content (it is small: the overrides and their assets)."""
    sha = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        sha.update(path.relative_to(folder).as_posix().encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()


def _nav_items(items: list[Any]) -> list[Any]:
    """Each entry's kind, title and URL, and its children: what the sidebar shows."""
    shown = []
    for item in items:
        children = _nav_items(list(getattr(item, "children", None) or []))
        shown.append([type(item).__name__, str(item.title), getattr(item, "url", None), children])
    return shown


def _settings_value(value: Any) -> Any:
    """A setting as JSON: sets in order, the theme by its parts (its repr shows a set, whose
    order changes from run to run), anything else by its text."""
    if isinstance(value, set | frozenset):
        return sorted(str(item) for item in value)
    if isinstance(value, Theme):
        return [value.name, value.dirs, sorted(value.static_templates), dict(value.items())]
    return str(value)


def _settings(config: MkDocsConfig) -> str:
    shown = {key: value for key, value in config.items() if key not in UNSHOWN_SETTINGS}
    return json.dumps(shown, sort_keys=True, ensure_ascii=False, default=_settings_value)


def site_key(config: MkDocsConfig, nav: Navigation, shown: Mapping[str, Any]) -> str:
    """What every page shows alike. `shown`: the site-wide values given to the templates."""
    custom = config.theme.custom_dir
    return digest(
        [
            [f"{name}={metadata.version(name)}" for name in ENGINE_PACKAGES],
            [mkdocs.__file__, mkdocs.__version__],  # the engine running (ProperDocs, say)
            _folder_digest(Path(custom)) if custom else "",
            code_digest(),
            _settings(config),
            _nav_items(list(nav.items)),
            nav.homepage.url if nav.homepage else None,
            dict(shown),
        ],
        length=64,
    )


def _toc(links: list[AnchorLink]) -> list[Any]:
    return [[link.level, link.id, link.title, _toc(list(link.children))] for link in links]


def page_key(site: str, page: Page, catalog: Catalog, shown: Callable[[str], Any]) -> str:
    """What this procedure page shows besides the site-wide: `shown(code)` gives what the
    offices, the notice board and the JSON-LD give the templates for the procedure."""
    procedure = page.meta["procedure"]
    replaced_by = catalog.by_code.get(procedure.meta.replaced_by or "")
    neighbours = [(p.title, p.url) if p else None for p in (page.previous_page, page.next_page)]
    return digest(
        [
            site,
            page.file.src_uri,
            page.file.dest_uri,
            page.url,
            page.canonical_url,
            page.edit_url,
            str(page.title),
            hashlib.sha256((page.content or "").encode()).hexdigest(),  # faster than JSON
            _toc(list(page.toc)),
            {key: value for key, value in page.meta.items() if key != "procedure"},
            [procedure.slug, procedure.source, procedure.body, procedure.meta.model_dump_json()],
            (replaced_by.slug, replaced_by.title) if replaced_by else None,
            neighbours,
            [str(ancestor.title) for ancestor in page.ancestors],
            shown(procedure.code),
        ],
        length=32,
    )


class Reuse:
    """This build's choice of reused pages, and the outputs it stores for the next build."""

    def __init__(self, store: RenderedPages) -> None:
        self.store = store
        self.keys: dict[str, str] = {}  # src_uri -> key, for pages rendered this build
        self.reused: dict[str, Markup] = {}  # src_uri -> stored HTML

    def choose(self, files: Files, keys: Callable[[Page], str | None]) -> None:
        """Point every procedure page whose output is stored at the reused template."""
        for file in files.documentation_pages():
            page = file.page
            if page is None or (key := keys(page)) is None:
                continue
            html = self.store.get(file.dest_uri, key)
            if html is None:
                self.keys[file.src_uri] = key
                continue
            self.reused[file.src_uri] = Markup(html)
            page.meta["template"] = REUSED_TEMPLATE

    def page_html(self, page: Page) -> Markup:
        return self.reused[page.file.src_uri]

    def rendered(self, page: Page, output: str) -> None:
        """Store a page's output, as MkDocs writes it, for the next build."""
        key = self.keys.pop(page.file.src_uri, None)
        if key is not None:
            self.store.put(page.file.dest_uri, key, output)


def site_shown(template_globals: Mapping[str, Any]) -> dict[str, Any]:
    """The site-wide values of `template_globals` (see `plugin.on_env`) a procedure page
    shows: the search box's, the footer's, the office's."""
    names = ("title_index_url", "staff_pages", "site_offices", "site_place")
    shown = {name: template_globals.get(name) for name in names}
    shown["changes_path"] = template_globals["notice_board"].changes_path
    return shown


def procedure_shown(template_globals: Mapping[str, Any]) -> Callable[[str], Any]:
    """What `template_globals` give a procedure page's templates for its code."""
    board = template_globals["notice_board"]

    def shown(code: str) -> list[Any]:
        # `government_service` (JSON-LD) is not called: it reads the procedure, its URL and
        # the office, all in the key already, and would cost a third of the key's time.
        return [
            template_globals["offices_of"](code),
            board.for_procedure(code),
            board.changes_of(code),
        ]

    return shown
