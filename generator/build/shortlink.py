"""The static pages behind the permanent short URLs: they work without JavaScript or a server."""

from __future__ import annotations

from markupsafe import escape

from generator import urls
from generator.content.catalog import Catalog
from generator.content.procedure import Procedure

PAGE = """\
<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="canonical" href="{canonical}">
<meta name="robots" content="noindex">
<script>if(location.protocol==="file:")location.replace("{target}index.html")</script>
<meta http-equiv="refresh" content="0; url={target}">
<style>body{{font:1.1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:36rem}}</style>
</head>
<body>
<p>{note}</p>
<p><a href="{target}">{title}</a></p>
</body>
</html>
"""


def short_page(catalog: Catalog, procedure: Procedure) -> str:
    """HTML for `P/<CODE>/index.html`, leading to the page a printed QR must reach."""
    landing = catalog.landing(procedure)
    if landing is not procedure:
        note = f"Thủ tục {procedure.code} đã được thay thế. Đang chuyển đến thủ tục mới:"
    else:
        note = "Đang mở trang hướng dẫn thủ tục:"
    target = urls.relative(urls.short_path(procedure.code), urls.procedure_path(landing.slug))
    return PAGE.format(
        title=escape(landing.title),
        canonical=escape(catalog.url(landing)),
        target=escape(target),
        note=escape(note),
    )
