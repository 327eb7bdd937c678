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
#: `thutuc edit` refuses a save that `thutuc check` would refuse, and Decap shows the reason
#: in a toast for eight seconds only: too short for a list of problems. This keeps the reason
#: on screen, one problem to a line, until a save goes through or the clerk closes it.
#: (Only the local mode's `/api/v1` refuses; on a Git host the script does nothing.)
REFUSAL_SCRIPT = """<script>
(function () {
  var send = window.fetch;
  var box = null;
  function hide() {
    if (box) { box.remove(); box = null; }
  }
  function show(lines) {
    hide();
    box = document.createElement("div");
    box.id = "thutuc-refusal";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:100000;" +
      "max-height:45vh;overflow:auto;padding:12px 16px;background:#fdecea;color:#611a15;" +
      "border-top:3px solid #c62828;font:15px/1.5 system-ui,sans-serif";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Đóng";
    close.style.cssText = "float:right;margin-left:12px;padding:4px 12px;font:inherit";
    close.onclick = hide;
    var title = document.createElement("strong");
    title.textContent = "Chưa lưu được. Sửa các lỗi sau rồi bấm “Công bố” lại:";
    var list = document.createElement("ul");
    list.style.cssText = "margin:6px 0 0;padding-left:20px";
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    box.append(close, title, list);
    document.body.appendChild(box);
  }
  window.fetch = function (resource, options) {
    var answer = send.apply(this, arguments);
    var url = typeof resource === "string" ? resource : String(resource && resource.url);
    var body = options && typeof options.body === "string" ? options.body : "";
    if (!/\\/api\\/v1$/.test(url) || body.indexOf('"action":"persistEntry"') < 0) {
      return answer;
    }
    return answer.then(function (response) {
      if (response.ok) {
        hide();
      } else {
        response.clone().json().then(function (data) {
          show(data.problems && data.problems.length ? data.problems : [String(data.error)]);
        }, function () {
          show([response.status + " " + response.statusText]);
        });
      }
      return response;
    });
  };
})();
</script>
"""
#: Decap reads `config.yml` beside the page; nothing is loaded from another host.
INDEX_HTML = f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Soạn nội dung thủ tục</title>
</head>
<body>
<noscript>Trang soạn nội dung cần bật JavaScript (Chrome, Edge hoặc Firefox mới).</noscript>
{REFUSAL_SCRIPT}<script src="decap-cms.js"></script>
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
