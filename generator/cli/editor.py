"""`thutuc edit`: the browser editor on one machine, without a Git host or Node.

It serves the admin page at http://127.0.0.1:8081/admin/ and answers Decap's proxy backend at
`/api/v1` from the same origin, bound to this machine only. Stop it with Ctrl-C (or SIGTERM).
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.i18n import _

if TYPE_CHECKING:  # the editor's modules, and http.server, are imported only when `edit` runs
    from http.server import BaseHTTPRequestHandler

    from generator.editor.local_api import LocalRepository

MAX_REQUEST = 64 * 1024 * 1024  # a scanned form as an asset, base64


def repository(root: Path, config: dict[str, Any]) -> LocalRepository:
    from generator.editor import decap
    from generator.editor.local_api import LocalRepository

    forms = {c["name"]: c for c in config["collections"]}
    offices = forms["settings"]["files"][0]["fields"][0]["fields"]
    return LocalRepository(
        root=root,
        procedure_keys=frozenset(decap.procedure_keys(config)),
        notice_keys=frozenset(f["name"] for f in forms["notices"]["fields"]) - {"body"},
        office_keys=frozenset(f["name"] for f in offices),
    )


def handler_for(repo: LocalRepository, config_text: str) -> type[BaseHTTPRequestHandler]:
    from http.server import BaseHTTPRequestHandler

    from generator.editor import admin

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet: clerks read errors
            pass

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path in ("/", "/admin"):
                self.send_response(302)
                self.send_header("Location", "/admin/")
                self.end_headers()
            elif path == "/admin/":
                self._send(200, admin.INDEX_HTML.encode(), "text/html; charset=utf-8")
            elif path == "/admin/config.yml":
                self._send(200, config_text.encode(), "text/yaml; charset=utf-8")
            else:
                name = path.removeprefix("/admin/")
                source = admin.VENDOR / name
                if "/" in name or not source.is_file() or source.suffix not in (".js", ".wasm"):
                    self._send(404, b"not found", "text/plain")
                    return
                kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
                self._send(200, source.read_bytes(), kind)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if self.path != "/api/v1" or not 0 < length <= MAX_REQUEST:
                self._send(404, b"{}", "application/json")
                return
            try:
                request = json.loads(self.rfile.read(length))
                status, answer = repo.handle(str(request["action"]), request.get("params") or {})
            except (ValueError, KeyError, TypeError):
                status, answer = 422, {"error": _("Bad request")}
            if status != 200:
                print(_("editor: {error}").format(error=answer.get("error")), file=sys.stderr)
            body = json.dumps(answer, ensure_ascii=False).encode("utf-8")
            self._send(status, body, "application/json; charset=utf-8")

    return Handler


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def cmd_edit(args: argparse.Namespace) -> int:
    """Serve the browser editor for this project until Ctrl-C."""
    from http.server import ThreadingHTTPServer

    from generator.editor import admin, decap
    from generator.mkdocs.config import load_project

    project = load_project(args.config)
    catalog = project.check().catalog  # a broken file elsewhere must not stop the editor
    fields = [group.name for group in catalog.fields]
    config = decap.decap_config(admin.local_backend(), fields, project.site_url)
    config_text = admin.config_yml(admin.local_backend(), fields, project.site_url)
    host, _sep, port = (args.dev_addr or "127.0.0.1:8081").rpartition(":")
    handler = handler_for(repository(project.root, config), config_text)
    server = ThreadingHTTPServer((host or "127.0.0.1", int(port)), handler)
    previous = signal.signal(signal.SIGTERM, _stop)
    url = f"http://{host or '127.0.0.1'}:{server.server_address[1]}/admin/"
    print(_("The editor is open at {url} (Chrome or Edge). Press Ctrl+C to stop.").format(url=url))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print(_("Stopping the editor"))
    finally:
        server.server_close()
        signal.signal(signal.SIGTERM, previous)
    return 0


def add_commands(commands: Any) -> None:
    edit = commands.add_parser("edit", help=_("edit procedures in the browser (local mode)"))
    edit.add_argument(
        "-a", "--dev-addr", default=None, help=_("IP:PORT to listen on (default 127.0.0.1:8081)")
    )
    edit.set_defaults(func=cmd_edit)


__all__ = ["add_commands", "cmd_edit"]
