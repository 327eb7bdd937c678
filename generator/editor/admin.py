"""The admin page's files: a tiny `index.html`, the generated `config.yml` and the vendored
Decap CMS bundle (`vendor/decap-cms/`, pinned; see `vendor.sh`). The same files serve the local
mode and a published `admin/` folder for GitHub or GitLab."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from generator.editor.decap import decap_config

VENDOR = Path(__file__).parent / "vendor" / "decap-cms"
#: Decap reads `config.yml` beside the page; nothing is loaded from another host.
INDEX_HTML = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Soạn nội dung thủ tục</title>
</head>
<body>
<noscript>Trang soạn nội dung cần bật JavaScript (Chrome, Edge hoặc Firefox mới).</noscript>
<script src="decap-cms.js"></script>
</body>
</html>
"""


def local_backend() -> dict[str, Any]:
    """`thutuc edit`: Decap's proxy backend, answered by this process on the same origin."""
    return {"name": "proxy", "proxy_url": "/api/v1", "branch": "main"}


def hosted_backend(options: dict[str, Any]) -> dict[str, Any]:
    """GitHub or GitLab: `{backend: github|gitlab, repo: owner/name, branch, app_id, base_url}`."""
    name = str(options.get("backend", "github"))
    backend: dict[str, Any] = {
        "name": name,
        "repo": str(options["repo"]),
        "branch": str(options.get("branch", "main")),
    }
    if name == "gitlab":
        backend["auth_type"] = "pkce"
        backend["app_id"] = str(options.get("app_id", ""))
    if options.get("base_url"):
        backend["base_url"] = str(options["base_url"])
    return backend


class _PlainDumper(yaml.SafeDumper):
    """No `&id001` anchors: the file is read by people too."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def config_yml(backend: dict[str, Any], fields: Iterable[str], site_url: str) -> str:
    config = decap_config(backend, fields, site_url)
    return yaml.dump(config, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=4096)


def vendor_files() -> Iterator[Path]:
    """The bundle and its lazy chunks and WebAssembly (licence notes stay in the repo)."""
    for path in sorted(VENDOR.iterdir()):
        if path.suffix in (".js", ".wasm"):
            yield path


def write_admin(folder: Path, backend: dict[str, Any], fields: Iterable[str], site_url: str) -> int:
    """Write the admin page into `folder` (e.g. `site/admin/`); the number of files."""
    from generator.cache import link_or_copy

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(INDEX_HTML, encoding="utf-8")
    (folder / "config.yml").write_text(config_yml(backend, fields, site_url), encoding="utf-8")
    count = 2
    for path in vendor_files():
        link_or_copy(path, folder / path.name)
        count += 1
    return count


__all__ = ["INDEX_HTML", "config_yml", "hosted_backend", "local_backend", "write_admin"]
