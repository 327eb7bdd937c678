"""Search: a Pagefind index of the procedure pages, which folds diacritics (đ→d included).

Pagefind does not read the built site. It reads one small search document per procedure,
written from the procedure and its converted Markdown body, which MkDocs has for every page
before it renders a single template. So the index is built on the second core while MkDocs
renders pages, and a rebuild whose documents are all unchanged reuses the last bundle.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from markupsafe import Markup, escape

from generator.procedure import Procedure

#: Where the bundle goes in the site; `theme/assets/thutuc/site.js` loads it from there.
BUNDLE_DIR = "pagefind"
DIGEST_NAME = "digest.txt"

#: The facts a resident searches by, with the labels the page shows them under.
FACTS = (
    ("fee", "Lệ phí"),
    ("processing_time", "Thời gian giải quyết"),
    ("agency", "Nơi nộp hồ sơ"),
)


class SearchIndexError(RuntimeError):
    pass


def search_document(procedure: Procedure, body_html: str) -> str:
    """What Pagefind indexes of one procedure page: the words of its article, weighted as on
    the page (title, keywords, summary), without navigation, scripts or styles."""
    meta = procedure.meta
    parts = [
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">',
        f"<title>{escape(procedure.title)}</title></head><body><article data-pagefind-body>",
    ]
    if procedure.retired:
        parts.append("<p>Thủ tục này không còn áp dụng</p>")
    parts += [
        f"<p>{escape(procedure.field)} · Mã thủ tục {escape(procedure.code)}</p>",
        f'<h1 data-pagefind-weight="10">{escape(procedure.title)}</h1>',
        f'<p data-pagefind-weight="5" data-pagefind-meta="summary">{escape(meta.summary)}</p>',
        "<dl>",
        *(
            f"<div><dt>{label}</dt><dd>{escape(getattr(meta, key))}</dd></div>"
            for key, label in FACTS
        ),
        "</dl><h2>Giấy tờ cần mang</h2><ul>",
        *(f"<li>{escape(item)}</li>" for item in meta.documents),
        f"</ul><div>{Markup(body_html)}</div>",
    ]
    if meta.keywords:
        keywords = escape(", ".join(meta.keywords))
        parts.append(f'<p data-pagefind-weight="8">Từ khóa: {keywords}</p>')
    parts.append("</article></body></html>\n")
    return "".join(parts)


def documents_digest(documents: Mapping[str, str]) -> str:
    """Changes when any document, the set of pages or Pagefind's version changes."""
    digest = hashlib.sha256(importlib.metadata.version("pagefind").encode())
    for path in sorted(documents):
        digest.update(b"\0" + path.encode("utf-8") + b"\0" + documents[path].encode("utf-8"))
    return digest.hexdigest()


def _nice() -> None:
    os.nice(5)  # the page renderer is the build's critical path; indexing fills idle time


def _pagefind(site: Path, output: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
    command += ["--output-path", str(output)]
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_nice if os.name == "posix" else None,
    )


class Indexing:
    """Pagefind indexing a set of search documents in the background, into `cache_dir`.

    `documents` maps a page's path in the site (`thu-tuc/<slug>/index.html`) to its search
    document. When they are exactly those of the last finished index, Pagefind is not run.
    """

    def __init__(self, documents: Mapping[str, str], cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self.bundle = cache_dir / "bundle"
        self.digest = documents_digest(documents)
        self.process: subprocess.Popen[str] | None = None
        digest_file = cache_dir / DIGEST_NAME
        if self.bundle.is_dir() and _read(digest_file) == self.digest:
            self.reused = True
            return
        self.reused = False
        digest_file.unlink(missing_ok=True)
        shutil.rmtree(self.bundle, ignore_errors=True)
        inputs = cache_dir / "input"
        shutil.rmtree(inputs, ignore_errors=True)
        for path, document in documents.items():
            target = inputs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(document, encoding="utf-8")
        inputs.mkdir(parents=True, exist_ok=True)
        self.process = _pagefind(inputs, self.bundle)

    def wait(self) -> None:
        """Block until the bundle is ready; raise SearchIndexError if Pagefind failed."""
        if self.process is None:
            return
        stdout, stderr = self.process.communicate()
        returncode, self.process = self.process.returncode, None
        if returncode != 0:
            detail = (stderr or stdout).strip()
            raise SearchIndexError(f"pagefind failed to index the search documents: {detail}")
        (self.cache_dir / DIGEST_NAME).write_text(self.digest, encoding="utf-8")

    def publish(self, site_dir: Path) -> None:
        """Wait, then hard-link (or copy) the bundle into `site_dir/pagefind/`."""
        from generator.artifacts import link_or_copy

        self.wait()
        for source in self.bundle.rglob("*"):
            if source.is_file():
                link_or_copy(source, site_dir / BUNDLE_DIR / source.relative_to(self.bundle))

    def cancel(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
        self.process = None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def index_site(site_dir: Path) -> None:
    """Index an already built site in place; it writes `pagefind/` (for sites built without
    the plugin's documents, and for tests)."""
    process = _pagefind(site_dir, site_dir / BUNDLE_DIR)
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        detail = (stderr or stdout).strip()
        raise SearchIndexError(f"pagefind failed to index {site_dir}: {detail}")
