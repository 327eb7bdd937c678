"""Search: the body index the search box reads (`bodyindex.py`), and a Pagefind index of the
procedure pages, which folds diacritics (đ→d included); the box no longer loads Pagefind's.

Pagefind does not read the built site. It reads one small search document per procedure,
written from the procedure and its converted Markdown body, which MkDocs has for every page
before it renders a single template. So the index is built on the second core while MkDocs
renders pages, and a rebuild whose documents are all unchanged reuses the last bundle.
"""

from __future__ import annotations

import importlib.metadata
import math
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from generator.build.bodyindex import BodyIndexing
from generator.build.faults import checkpoint
from generator.cache import digest, link_or_copy
from generator.content import folding
from generator.content.facts import procedure_facts
from generator.content.procedure import Procedure
from generator.i18n import _

#: Where the bundle goes in the site; `theme/assets/thutuc/site.js` loads it from there.
BUNDLE_DIR = "pagefind"
DIGEST_NAME = "digest.txt"
#: Pages per bundle: 1,000 keep Pagefind near 0.3 GB, and 1,000 procedures one bundle.
SHARD_PAGES = 1000


class SearchIndexError(RuntimeError):
    pass


def search_document(procedure: Procedure, body_html: str) -> str:
    """What Pagefind indexes of one procedure page: the words of its article, weighted as on
    the page (title, keywords, summary), without navigation, scripts or styles.

    The words are folded (`fold_html`): Pagefind strips tone marks but keeps đ, so "dia
    chinh" would not find "địa chính"; the query is folded the same way in the browser. The
    title and summary shown in results come unfolded from `<meta>` tags."""
    meta = procedure.meta

    def text(value: str) -> str:
        return fold_html(str(escape(value)))

    parts = [
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">',
        f"<title>{escape(procedure.title)}</title>",
        f'<meta data-pagefind-meta="title[content]" content="{escape(procedure.title)}">',
        f'<meta data-pagefind-meta="summary[content]" content="{escape(meta.summary)}">',
        "</head><body><article data-pagefind-body>",
    ]
    if procedure.retired:
        parts.append(f"<p>{text('Thủ tục này không còn áp dụng')}</p>")
    parts += [
        f"<p>{text(procedure.field)} · {text('Mã thủ tục')} {escape(procedure.code)}</p>",
        f'<h1 data-pagefind-weight="10">{text(procedure.title)}</h1>',
        f'<p data-pagefind-weight="5">{text(meta.summary)}</p>',
        "<dl>",
        *(
            f"<div><dt>{text(fact.label)}</dt><dd>{text(fact.value)}</dd></div>"
            for fact in procedure_facts(meta)
        ),
        f"</dl><h2>{text('Giấy tờ cần mang')}</h2><ul>",
        *(f"<li>{text(item)}</li>" for item in meta.documents),
        f"</ul><div>{Markup(fold_html(body_html))}</div>",
    ]
    if meta.keywords:
        keywords = text(", ".join(meta.keywords))
        parts.append(f'<p data-pagefind-weight="8">{text("Từ khóa")}: {keywords}</p>')
    parts.append("</article></body></html>\n")
    return "".join(parts)


def _final_y_nfc() -> tuple[re.Pattern[str], dict[int, int]]:
    """From the folding table: a final y (with any tone) after a consonant, in NFC text with
    its case, outside a tag name like tbody; and the same letters as i."""
    table = folding.TABLE
    after = table["final_y_after"] + table["final_y_after"].upper()
    ys, i_s = table["y_with_tones"], table["i_with_tones"]
    pattern = re.compile(rf"(?<=[{after}])[{ys}{ys.upper()}](?![^\W_]|>)")
    return pattern, str.maketrans(ys + ys.upper(), i_s + i_s.upper())


_FINAL_Y_NFC, _AS_I = _final_y_nfc()


def fold_html(html: str) -> str:
    """The body's text with đ as d and a final y as i, tags left alone. Pagefind removes the
    marks and the case itself, so the words it indexes are those `fold` gives; this costs
    a tenth of folding the whole fragment, on the thread that renders pages."""
    text = folding.letters(html)
    return _FINAL_Y_NFC.sub(lambda m: m[0].translate(_AS_I), text)


def documents_digest(documents: Mapping[str, str]) -> str:
    """Changes when any document, the set of pages or Pagefind's version changes."""
    return digest([importlib.metadata.version("pagefind"), sorted(documents.items())], 64)


def bundle_name(index: int) -> str:
    return BUNDLE_DIR if index == 0 else f"{BUNDLE_DIR}-{index + 1}"


def split_documents(documents: Mapping[str, str], shard_pages: int) -> list[dict[str, str]]:
    """Documents in page order, cut into as few even bundles as keep each within
    `shard_pages`; a catalogue within the limit is one bundle, as Pagefind makes it."""
    paths = sorted(documents)
    count = max(1, math.ceil(len(paths) / max(1, shard_pages)))
    base, extra = divmod(len(paths), count)
    parts, start = [], 0
    for index in range(count):
        end = start + base + (1 if index < extra else 0)
        parts.append({path: documents[path] for path in paths[start:end]})
        start = end
    return parts


def _pagefind_command() -> list[str]:
    """Pagefind's own binary, as `python -m pagefind` would find it (PAGEFIND_BINARY_PATH
    first, then the installed wheel), without starting a Python interpreter to exec it."""
    from pagefind.service import get_executable

    executable = get_executable()
    return [str(executable)] if executable is not None else [sys.executable, "-m", "pagefind"]


def _pagefind(site: Path, output: Path) -> subprocess.Popen[str]:
    command = [*_pagefind_command(), "--site", str(site), "--silent"]
    command += ["--output-path", str(output)]
    try:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as exc:  # no binary where PAGEFIND_BINARY_PATH says, or not executable
        raise SearchIndexError(
            _("pagefind failed to start: {reason}; run make build again to reinstall it").format(
                reason=exc
            )
        ) from exc


def _finish(process: subprocess.Popen[str], what: str) -> None:
    """Wait for Pagefind; its own message, if it fails, names what it could not index."""
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        detail = (stderr or stdout).strip()
        raise SearchIndexError(
            _("pagefind failed to index {what}: {detail}").format(what=what, detail=detail)
        )


@dataclass
class Bundle:
    """One Pagefind bundle: its documents and its folder in the cache."""

    name: str
    documents: dict[str, str]
    cache_dir: Path
    digest: str = ""

    def __post_init__(self) -> None:
        self.digest = documents_digest(self.documents)

    @property
    def output(self) -> Path:
        return self.cache_dir / "bundle"

    def is_fresh(self) -> bool:
        return self.output.is_dir() and _read(self.cache_dir / DIGEST_NAME) == self.digest

    def prepare(self) -> Path:
        """Forget the old bundle and write the documents for Pagefind; returns their folder."""
        (self.cache_dir / DIGEST_NAME).unlink(missing_ok=True)
        shutil.rmtree(self.output, ignore_errors=True)
        inputs = self.cache_dir / "input"
        shutil.rmtree(inputs, ignore_errors=True)
        inputs.mkdir(parents=True)
        for path, document in self.documents.items():
            target = inputs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(document, encoding="utf-8")
        return inputs

    def done(self) -> None:
        (self.cache_dir / DIGEST_NAME).write_text(self.digest, encoding="utf-8")


class Indexing:
    """Pagefind indexing search documents in the background, into `cache_dir`.

    `documents` maps a page's path in the site (`thu-tuc/<slug>/index.html`) to its search
    document. Pagefind keeps its whole index in memory (about 0.3 MB a page), so a large
    catalogue is cut into bundles of at most `shard_pages` pages, indexed one after another
    and merged by the browser. A bundle whose documents are exactly those of its last
    finished index is not indexed again, so an edit re-indexes one bundle.
    """

    def __init__(
        self, documents: Mapping[str, str], cache_dir: Path, shard_pages: int = SHARD_PAGES
    ) -> None:
        # A new site whose procedures are all drafts (import, v3) has nothing to index yet.
        parts = [part for part in split_documents(documents, shard_pages) if part]
        self.bundles = [
            Bundle(bundle_name(index), part, cache_dir / bundle_name(index))
            for index, part in enumerate(parts)
        ]
        names = {bundle.name for bundle in self.bundles}
        for old in cache_dir.glob(f"{BUNDLE_DIR}*"):
            if old.name not in names:
                shutil.rmtree(old, ignore_errors=True)
        self.stale = [bundle for bundle in self.bundles if not bundle.is_fresh()]
        self.reused = not self.stale
        # What the search box searches first: small files, one round trip (bodyindex.py).
        key = " ".join(bundle.digest for bundle in self.bundles)
        self.body = BodyIndexing(documents, cache_dir / "body", key)
        self.error: BaseException | None = None
        self._process: subprocess.Popen[str] | None = None
        self._cancelled = False
        self._thread: threading.Thread | None = None
        self._started = False

    def start(self) -> Indexing:
        """Index the stale bundles in the background. Keep the object where `cancel` will
        find it before calling this: Pagefind may be running by the time it returns."""
        if self._started:
            return self
        self._started = True
        self.body.start()
        if self.stale:
            # The first documents are written here, on the thread that renders pages: from the
            # indexing thread, each write waited for that thread to hand back the GIL, and
            # Pagefind, the build's last step to finish, started half a second later.
            first = self.stale[0].prepare()
            self._thread = threading.Thread(target=self._index, args=(first,), daemon=True)
            self._thread.start()
        return self

    @property
    def extra_bundles(self) -> list[str]:
        """Bundles the browser merges into the first one (`pagefind/`)."""
        return [bundle.name for bundle in self.bundles[1:]]

    def _index(self, first: Path) -> None:
        try:
            for index, bundle in enumerate(self.stale):
                if self._cancelled:
                    return
                checkpoint("index")  # on the indexing thread
                inputs = first if index == 0 else bundle.prepare()
                self._process = _pagefind(inputs, bundle.output)
                if self._cancelled:  # cancelled while it started: `cancel` saw no process
                    self._process.kill()
                _finish(self._process, _("the search documents"))
                bundle.done()
        except BaseException as exc:  # any failure here fails the build, in `wait`
            self.error = exc

    def wait(self) -> None:
        """Block until every bundle is ready; re-raise whatever stopped the indexing."""
        self.start()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self.error is not None:
            raise self.error
        self.body.wait()

    def publish(self, site_dir: Path) -> None:
        """Wait, then hard-link (or copy) every bundle into the site."""
        self.wait()
        for bundle in self.bundles:
            for source in bundle.output.rglob("*"):
                if source.is_file():
                    target = site_dir / bundle.name / source.relative_to(bundle.output)
                    link_or_copy(source, target)
        self.body.publish(site_dir)

    def cancel(self) -> None:
        self._started = self._cancelled = True
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()
        if self._thread is not None and self._thread.is_alive():
            self._thread.join()
        self._thread = None
        self.body.cancel()


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def index_site(site_dir: Path) -> None:
    """Index an already built site in place; it writes `pagefind/` (for sites built without
    the plugin's documents, and for tests)."""
    _finish(_pagefind(site_dir, site_dir / BUNDLE_DIR), str(site_dir))
