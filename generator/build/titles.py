"""The title index: every procedure's and field's name, code and keywords, and the synonym
groups, in one small file the search box loads on first use and ranks in the browser.

It is a script (`search/titles.js`), not JSON, so it loads with a `<script>` tag, which
works from a folder (`file://`) too, where browsers refuse `fetch`. Titles are shipped as
written; the browser folds them with the rules of `generator.content.folding`, whose table
(`folding.json`) the index carries, so the two sides cannot drift apart. A slug
that the browser can derive from the title (the usual case) is left out, which keeps the
file about a quarter smaller.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator import urls
from generator.cache import digest
from generator.content.catalog import Catalog
from generator.content.folding import TABLE, phrase
from generator.content.procedure import Procedure

#: The global the script assigns; `theme/assets/thutuc/search-app.js` reads it.
GLOBAL = "thutucTitleIndex"
VERSION = 1
#: What the browser needs of the folding table (not its comment).
FOLDING_KEYS = ("marks", "letters", "final_y_after")


def _entry(procedure: Procedure, field_index: int) -> list[Any]:
    """[title, slug or 0 when derived, code, field, keywords?, retired?]; trailing defaults
    are left out."""
    slug: str | int = 0 if urls.slug(procedure.title) == procedure.slug else procedure.slug
    entry: list[Any] = [procedure.title, slug, procedure.code, field_index]
    keywords = list(procedure.meta.keywords)
    if keywords or procedure.retired:
        entry.append(keywords)
    if procedure.retired:
        entry.append(1)
    return entry


def title_index(catalog: Catalog, synonym_groups: list[list[str]]) -> dict[str, Any]:
    fields = catalog.fields
    position = {group.name: index for index, group in enumerate(fields)}
    return {
        "v": VERSION,
        "paths": {"procedure": f"{urls.PROCEDURE_DIR}/", "field": f"{urls.FIELD_DIR}/"},
        "fields": [[group.name, group.slug] for group in fields],
        "procedures": [_entry(p, position[p.field]) for p in catalog],
        "synonyms": [[phrase(text) for text in group] for group in synonym_groups],
        "fold": {key: TABLE[key] for key in FOLDING_KEYS},
    }


def title_index_script(index: dict[str, Any]) -> str:
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    # JSON allows these two line separators in strings; older JavaScript engines do not.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{GLOBAL}={text};\n"


def read_title_index(path: Path) -> dict[str, Any]:
    """The index a built site ships (for tests and the bench)."""
    text = path.read_text(encoding="utf-8").strip()
    prefix = f"window.{GLOBAL}="
    if not text.startswith(prefix) or not text.endswith(";"):
        raise ValueError(f"{path} is not a title index")
    result: dict[str, Any] = json.loads(text[len(prefix) : -1])
    return result


class TitleIndex:
    """The index of one build: its script, and the address pages load it from, with a
    version query so a browser never keeps an old index after a rebuild."""

    def __init__(self, catalog: Catalog, synonym_groups: list[list[str]]) -> None:
        self.script = title_index_script(title_index(catalog, synonym_groups))
        version = digest(self.script, 12)
        self.url = f"{urls.TITLE_INDEX}?v={version}"

    def write(self, site_dir: Path) -> None:
        target = site_dir / urls.TITLE_INDEX
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(self.script, encoding="utf-8")
