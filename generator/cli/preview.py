"""`thutuc serve`: the live preview, which never hangs on a broken file.

MkDocs's own `serve` leaves every request waiting while a build error stands ("the server will
appear stuck"). Here a failed rebuild is recorded instead: every page then answers at once with
an error page that names the file, the line and the fix, and that page reloads itself when a
later rebuild succeeds. The pieces used are the ones MkDocs hands to plugins (`LiveReloadServer`,
its `watch`, the `on_serve` event) and the standard WSGI `set_app`/`get_app`.
"""

from __future__ import annotations

import html
import logging
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from generator.content.errors import ContentError
from generator.i18n import _, active_language

log = logging.getLogger("thutuc")

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

#: Polls MkDocs's livereload endpoint: the first answer is the current build, the next comes
#: only when a newer build is visible; then the page reloads.
RELOAD_SCRIPT = """
(function () {
  var seen = 0;
  function poll() {
    fetch('/livereload/' + seen + '/0', {cache: 'no-store'})
      .then(function (r) { return r.text(); })
      .then(function (text) {
        var epoch = parseInt(text, 10);
        if (seen && epoch > seen) { location.reload(); return; }
        seen = epoch || seen;
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"""


@dataclass
class PreviewState:
    """The outcome of the last rebuild, shared by the build loop and the request threads."""

    problems: list[ContentError] = field(default_factory=list)
    failure: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self, problems: list[ContentError], failure: str | None) -> None:
        with self.lock:
            self.problems, self.failure = problems, failure

    def succeed(self) -> None:
        with self.lock:
            self.problems, self.failure = [], None

    def page(self) -> bytes | None:
        """The error page while the last rebuild failed, else None."""
        with self.lock:
            if not self.problems and self.failure is None:
                return None
            return error_page(self.problems, self.failure)


def error_page(problems: list[ContentError], failure: str | None) -> bytes:
    """A small Vietnamese page (or English, with `--lang en`): every problem with its place."""
    items = "".join(
        "<li><code>{where}</code>{field}<br>{message}</li>".format(
            where=html.escape(p.path if p.line is None else f"{p.path}:{p.line}"),
            field=(" · " + _("field") + f" <code>{html.escape(p.field)}</code>") if p.field else "",
            message=html.escape(p.message),
        )
        for p in problems
        if p.severity == "error"
    )
    if not items:
        items = f"<li>{html.escape(failure or '')}</li>"
    text = {
        "title": _("The preview cannot show the site: a file has errors"),
        "lead": _("Fix the file named below and save it. This page reloads by itself."),
        "hint": _("The published site/ is not changed by the preview."),
    }
    page = f"""<!doctype html>
<html lang="{active_language()}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(text["title"])}</title>
<style>body{{font:1.05rem/1.5 system-ui,sans-serif;max-width:48rem;margin:1rem auto;padding:0 1rem;
color:#1b1b1b}}h1{{font-size:1.35rem;color:#9b1c1c}}li{{margin:.6rem 0}}code{{background:#f3f3f3;
padding:0 .2rem;overflow-wrap:anywhere}}</style></head>
<body><h1>{html.escape(text["title"])}</h1><p>{html.escape(text["lead"])}</p>
<ul>{items}</ul><p>{html.escape(text["hint"])}</p>
<script>{RELOAD_SCRIPT}</script></body></html>
"""
    return page.encode("utf-8")


def preview_app(inner: WsgiApp, state: PreviewState) -> WsgiApp:
    """Pages answer with the error page while the last rebuild failed; the reload endpoint
    and other files (CSS, images) go on to MkDocs's server."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path: str = environ.get("PATH_INFO", "/")
        page = None if path.startswith("/livereload/") else state.page()
        if page is not None and (path.endswith("/") or path.endswith(".html")):
            start_response(
                "500 Internal Server Error",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(page))),
                    ("Cache-Control", "no-store"),
                ],
            )
            return [page]
        return inner(environ, start_response)

    return app


def problems_of(config_file: str) -> list[ContentError]:
    """The content's errors, for the error page; none if the content itself is valid."""
    from generator.mkdocs.config import ConfigError, load_project

    try:
        result = load_project(config_file).check().result
    except ConfigError as exc:
        return [ContentError(config_file, str(exc))]
    return [p for p in result.problems if p.severity == "error"]


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(config_file: str, dev_addr: str | None) -> int:
    """Serve the site from a temporary folder until Ctrl-C or SIGTERM; remove it after."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    site_dir = tempfile.mkdtemp(prefix="thutuc-preview-")
    previous = signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    state = PreviewState()
    try:
        options: dict[str, Any] = {"config_file": config_file, "site_dir": site_dir}
        if dev_addr:
            options["dev_addr"] = dev_addr
        config = load_config(**options)
        config.plugins.on_startup(command="serve", dirty=False)
        host, port = config.dev_addr
        mount_path = "/" + urlsplit(config.site_url or "/").path.strip("/")
        serve_url = f"http://{host}:{port}{mount_path.rstrip('/')}/"

        def builder(config: Any = None) -> None:
            if config is None:
                config = load_config(**options)
            config.site_url = serve_url
            try:
                build(config, serve_url=serve_url)
            except Exception as exc:  # a content error, or any failure of the build
                problems = problems_of(config_file)
                state.fail(problems, None if problems else f"{type(exc).__name__}: {exc}")
                log.error(_("The preview shows an error page until the files are fixed."))
            else:
                state.succeed()

        server = LiveReloadServer(
            builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path
        )
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        for item in config.watch:
            server.watch(item)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        server.set_app(preview_app(server.get_app(), state))
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info(_("Stopping the preview"))
        finally:
            server.shutdown()
        config.plugins.on_shutdown()
    except KeyboardInterrupt:  # before the server was up
        log.info(_("Stopping the preview"))
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0


__all__ = ["PreviewState", "error_page", "preview_app", "serve"]
