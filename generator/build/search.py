"""Search: one search document per procedure page, and the body index made from them
(`bodyindex.py`), which the search box reads for words found only in the pages' text.

The documents are written from each procedure and its converted Markdown body, which MkDocs
has for every page before it renders a single template, so the index is made while pages
render: a new one in a process of its own (it would take the rendering thread's GIL half a
second at 1,000 pages), an update on a thread. A build whose pages are those of the last one
changes only the lists of the edited pages' terms (`bodyindex.update_files`), into new
files: the files of the last site, hard links into the cache, are never written through.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path

from markupsafe import Markup, escape

from generator.build import bodyindex
from generator.build.faults import checkpoint
from generator.cache import atomic_write, link_or_copy
from generator.content.facts import procedure_facts
from generator.content.procedure import Procedure
from generator.i18n import _

#: Above this share of pages edited, the index is made anew rather than updated.
UPDATE_SHARE = 0.25


class SearchIndexError(RuntimeError):
    pass


def search_document(procedure: Procedure, body_html: str) -> str:
    """What the body index reads of one procedure page: the words of its article, its head
    (title, summary, keywords) marked with `data-weight`, without navigation, scripts or
    styles. The index folds the words itself (`bodyindex.document_syllables`)."""
    meta = procedure.meta
    parts = ["<article>"]
    if procedure.retired:
        parts.append("<p>Thủ tục này không còn áp dụng</p>")
    parts += [
        f"<p>{escape(procedure.field)} · Mã thủ tục {escape(procedure.code)}</p>",
        f'<h1 data-weight="10">{escape(procedure.title)}</h1>',
        f'<p data-weight="5">{escape(meta.summary)}</p>',
        "<dl>",
        *(
            f"<div><dt>{escape(fact.label)}</dt><dd>{escape(fact.value)}</dd></div>"
            for fact in procedure_facts(meta)
        ),
        "</dl><h2>Giấy tờ cần mang</h2><ul>",
        *(f"<li>{escape(item)}</li>" for item in meta.documents),
        f"</ul><div>{Markup(body_html)}</div>",
    ]
    if meta.keywords:
        parts.append(f'<p data-weight="8">Từ khóa: {escape(", ".join(meta.keywords))}</p>')
    parts.append("</article>\n")
    return "".join(parts)


class BodyIndexing:
    """The body index of one build, made on a thread while pages render, into `cache_dir`.

    The cache keeps the last index's files (`files/`), its documents (`documents.bin`, one
    after another) and their paths and sizes (`state.json`, written last, so an interrupted
    update leaves no state and the next build makes the index anew). Constructing touches no
    file; `start` starts the thread, `publish_into` waits for it and links the files into the
    site, `cancel` stops it. A new index is made in a process of its own (`_make`).
    """

    def __init__(self, documents: Mapping[str, str], cache_dir: Path) -> None:
        """`documents` maps a page's path in the site (`thu-tuc/<slug>/index.html`) to its
        search document (`search_document`)."""
        self.documents = documents
        self.cache_dir = cache_dir
        #: What the last run did: "reused", "updated" (with `edited` pages) or "made".
        self.outcome = ""
        self.edited: list[str] = []
        self.error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._cancelled = False

    @property
    def files(self) -> Path:
        return self.cache_dir / "files"

    def start(self) -> BodyIndexing:
        if self._thread is None and not self.outcome:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        try:
            checkpoint("index")  # on the indexing thread
            self._index()
        except BaseException as exc:  # fails the build, in `publish_into`
            self.error = exc

    def _index(self) -> None:
        paths = sorted(self.documents)
        encoded = [self.documents[path].encode("utf-8") for path in paths]
        last = _last_state(self.cache_dir)
        if last is not None and last[0] == paths and self.files.is_dir():
            old = last[1]
            edited = [n for n, document in enumerate(encoded) if document != old[n]]
            if not edited:
                self.outcome = "reused"
                return
            if len(edited) <= UPDATE_SHARE * len(paths):
                self._update(paths, encoded, old, edited)
                return
        self._make(paths, encoded)

    def _make(self, paths: list[str], encoded: list[bytes]) -> None:
        """Index every page, in a process of its own, into a new folder that then replaces
        `files/` (an orphan of a killed build writes only into its own folder)."""
        self._forget()
        leftovers = ("pagefind*", "body", "making-*")  # Pagefind's bundles, older indexes
        for old in (found for pattern in leftovers for found in self.cache_dir.glob(pattern)):
            shutil.rmtree(old, ignore_errors=True)
        made = self.cache_dir / f"making-{os.getpid()}"
        made.mkdir(parents=True)
        self._index_apart(encoded, made)
        shutil.rmtree(self.files, ignore_errors=True)
        made.rename(self.files)
        self._remember(paths, encoded)
        self.outcome = "made"

    def _index_apart(self, encoded: list[bytes], folder: Path) -> None:
        command = [sys.executable, "-m", "generator.build.bodyindex", str(folder)]
        try:
            process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError:  # no process to be had: index on this thread
            bodyindex.write_index([document.decode("utf-8") for document in encoded], folder)
            return
        self._process = process
        if self._cancelled:  # cancelled while it started: `cancel` saw no process
            process.kill()
        errors = process.communicate(bodyindex.pack_documents(encoded))[1]
        if process.returncode != 0:
            detail = errors.decode("utf-8", "replace").strip().splitlines()[-1:]
            raise SearchIndexError(
                _("the search index could not be made: {detail}").format(
                    detail=" ".join(detail) or process.returncode
                )
            )

    def _update(
        self, paths: list[str], encoded: list[bytes], old: list[bytes], edited: list[int]
    ) -> None:
        """Change only the files of the terms the edited pages gained or lost, each written
        anew (`atomic_write`), never through the link the last site holds."""
        edits = [
            (
                number,
                bodyindex.document_terms(old[number].decode("utf-8")),
                bodyindex.document_terms(encoded[number].decode("utf-8")),
            )
            for number in edited
        ]
        self._forget()
        changed = bodyindex.update_files(self._read_file, len(paths), edits)
        for name, text in changed.items():
            if text is None:
                (self.files / name).unlink(missing_ok=True)
            else:
                atomic_write(self.files / name, text)
        self._remember(paths, encoded)
        self.outcome = "updated"
        self.edited = [paths[number] for number in edited]

    def _read_file(self, name: str) -> str | None:
        try:
            return (self.files / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def _forget(self) -> None:
        (self.cache_dir / STATE).unlink(missing_ok=True)

    def _remember(self, paths: list[str], encoded: list[bytes]) -> None:
        atomic_write(self.cache_dir / DOCUMENTS, encoded)
        state = {"v": bodyindex.VERSION, "paths": paths, "sizes": [len(d) for d in encoded]}
        atomic_write(self.cache_dir / STATE, json.dumps(state, separators=(",", ":")))

    def _wait(self) -> None:
        if self._thread is None and not self.outcome:
            self._run()  # never started: index now, on this thread
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self.error is not None:
            raise self.error

    def publish_into(self, staging: Path) -> None:
        """Wait, then hard-link (or copy) the files into the site's `search/body/`."""
        self._wait()
        for source in self.files.iterdir():
            link_or_copy(source, staging / bodyindex.BODY_DIR / source.name)

    def cancel(self) -> None:
        self._cancelled = True
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()
        if self._thread is not None:
            self._thread.join()
            self._thread = None


STATE = "state.json"
DOCUMENTS = "documents.bin"


def _last_state(cache_dir: Path) -> tuple[list[str], list[bytes]] | None:
    """The paths and documents of the last index made into `cache_dir`, if whole."""
    try:
        state = json.loads((cache_dir / STATE).read_bytes())
        blob = (cache_dir / DOCUMENTS).read_bytes()
        paths, sizes = state["paths"], state["sizes"]
        if state["v"] != bodyindex.VERSION or len(paths) != len(sizes) or sum(sizes) != len(blob):
            return None
    except (OSError, ValueError, TypeError, KeyError):  # none yet, or not ours: make anew
        return None
    documents, start = [], 0
    for size in sizes:
        documents.append(blob[start : start + size])
        start += size
    return paths, documents
