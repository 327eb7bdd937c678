"""Search: a Pagefind index of the built site, which folds diacritics (đ→d included).

Pages are fed to a Pagefind service as MkDocs renders them (`LiveIndex`), so indexing runs on
the second core while the main process renders; `index_site` (the CLI over the finished site)
remains the fallback whenever the service cannot be used.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import json
import logging
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from pagefind.index import PagefindIndex
from pagefind.service import PagefindService

log = logging.getLogger("mkdocs.plugins.procedures.search")

#: Pagefind indexes only pages carrying this attribute once any page has it (procedure pages).
BODY_MARKER = "data-pagefind-body"
#: Where the theme's search box loads `pagefind/pagefind.js` from, relative to the site root.
BUNDLE_DIR = "pagefind"


class SearchIndexError(RuntimeError):
    pass


def index_site(site_dir: Path) -> None:
    """Index `site_dir` in place with Pagefind's bundled binary; it writes `pagefind/`."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip()
        raise SearchIndexError(f"pagefind failed to index {site_dir}: {detail}")


def page_url(dest_uri: str) -> str:
    """The result URL Pagefind's CLI gives the file at `dest_uri`: `a/b/index.html` → `/a/b/`."""
    path = "/" + dest_uri
    return path[: -len("index.html")] if path.endswith("/index.html") else path


class _PromptService(PagefindService):
    """Pagefind's service client, reading each reply as soon as it comes.

    Upstream's reader (pagefind 1.5.2) sleeps 0.1 s before every reply: 10 pages a second.
    """

    async def _wait_for_responses(self) -> None:
        assert self._backend.stdout is not None
        try:
            while True:
                chunk = await self._backend.stdout.readuntil(b",")
                reply = json.loads(base64.b64decode(chunk[:-1]))
                if reply is None:
                    continue
                payload = reply["payload"]
                message_id = reply.get("message_id")
                if message_id is None and payload.get("original_message"):
                    message_id = json.loads(payload["original_message"]).get("message_id")
                future = self._responses.pop(message_id, None)
                if future is None or future.done():
                    continue
                if payload["type"] == "Error":
                    future.set_exception(SearchIndexError(f"pagefind: {payload['message']}"))
                else:
                    future.set_result(payload)
        except Exception as exc:  # the service died or spoke garbage: fail every waiter
            for future in self._responses.values():
                if not future.done():
                    future.set_exception(SearchIndexError(f"pagefind service stopped: {exc!r}"))
            self._responses.clear()


class LiveIndex:
    """A Pagefind index filled while MkDocs renders, on an event loop in its own thread.

    `add_page` never blocks the render; `write` waits for the pages, writes the bundle into the
    site, and falls back to indexing the finished site with the CLI if the service failed.
    """

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind", daemon=True)
        self._thread.start()
        self._pending: list[concurrent.futures.Future[Any]] = []
        self._service: PagefindService | None = None
        self._error: BaseException | None = None
        self.pages = 0
        self._ready = asyncio.run_coroutine_threadsafe(self._start(), self._loop)

    async def _start(self) -> PagefindIndex:
        self._service = await _PromptService().launch()
        return await self._service.create_index()

    async def _add(self, html: str, url: str) -> None:
        index = await asyncio.wrap_future(self._ready)
        await index.add_html_file(content=html, url=url)

    def _settled(self, future: concurrent.futures.Future[Any]) -> None:
        if not future.cancelled() and future.exception() is not None and self._error is None:
            self._error = future.exception()

    def add_page(self, html: str, dest_uri: str) -> None:
        """Queue a rendered page; only pages Pagefind would index are sent."""
        if BODY_MARKER not in html or self._error is not None:
            return
        future = asyncio.run_coroutine_threadsafe(self._add(html, page_url(dest_uri)), self._loop)
        self._pending.append(future)
        self.pages += 1
        future.add_done_callback(self._settled)

    async def _write(self, bundle: Path) -> None:
        index = await asyncio.wrap_future(self._ready)
        await index.write_files(output_path=str(bundle))

    def write(self, site_dir: Path) -> None:
        """Write `site_dir/pagefind/`; on any service failure, index the site with the CLI."""
        try:
            concurrent.futures.wait(self._pending)
            if self._error is not None:
                raise self._error
            if self.pages:
                bundle = site_dir / BUNDLE_DIR
                asyncio.run_coroutine_threadsafe(self._write(bundle), self._loop).result()
        except Exception as exc:
            log.warning("Pagefind service failed (%s); indexing the built site instead", exc)
            self.pages = 0
        finally:
            self.close()
        if not self.pages:  # also with no procedure page: the CLI then indexes every page
            index_site(site_dir)

    def close(self) -> None:
        """Stop the service and the loop thread, writing nothing."""
        if not self._thread.is_alive():
            return
        for future in self._pending:
            future.cancel()
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    async def _stop(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wrap_future(self._ready)
        if self._service is not None:
            with contextlib.suppress(Exception):  # e.g. the service already died on Ctrl-C
                await self._service.close()
