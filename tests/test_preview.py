"""`thutuc serve` never hangs on a broken file: every page answers at once with an error page
that names the file, the line and the key, and the preview recovers by itself once the file is
fixed. SIGTERM stops it as Ctrl-C does, leaving nothing in the temporary folder."""

from __future__ import annotations

import signal
import subprocess
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from support.processes import child_env
from support.project import FixtureProject, procedure_text
from support.serving import served

#: An unclosed quote on line 4, as a clerk types it.
BROKEN = (
    '---\ncode: "QT-77"\ntitle: Thủ tục hỏng\nfee: "Miễn lệ phí\nfield: Hộ tịch\n---\n\nThân.\n'
)


def get(url: str) -> tuple[int, str]:
    """Status and text of `url`; an error status is an answer too. Bounded, never a hang."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def next_build(base: str, seen: int) -> int:
    """Wait, on the preview's own reload endpoint, for a build newer than `seen`."""
    for _ in range(10):  # each poll answers at the latest after MkDocs's 60 s
        status, text = get(f"{base}livereload/{seen}/0")
        assert status == 200
        if int(text) > seen:
            return int(text)
    raise AssertionError("no rebuild happened")


@pytest.mark.slow
def test_preview_shows_errors_then_recovers_and_sigterm_cleans_up(
    new_project: Callable[..., FixtureProject], tmp_path: Path
) -> None:
    project = new_project(sample=True)
    broken = project.write("qt-77.md", BROKEN)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = child_env() | {"TMPDIR": str(temp), "THUTUC_LANG": "vi"}
    with served("serve", project.root, tmp_path / "serve.log", env) as preview:
        server, base = preview.process, preview.base
        fetch_when_up_error = _first_answer(server, base)
        status, page = fetch_when_up_error
        assert status == 500
        assert "content/procedures/qt-77.md:4" in page and "<code>fee</code>" in page
        assert "Sửa" in page and "tự tải lại" in page  # Vietnamese: what to do
        other_status, other = get(f"{base}thu-tuc/dang-ky-khai-sinh/")
        assert other_status == 500 and "qt-77.md" in other

        epoch = int(get(f"{base}livereload/0/0")[1])
        broken.write_text(procedure_text(code="QT-77", title="Thủ tục đã sửa"), encoding="utf-8")
        epoch = next_build(base, epoch)
        status, page = get(f"{base}thu-tuc/qt-77/")
        assert status == 200 and "Thủ tục đã sửa" in page

        broken.write_text(BROKEN, encoding="utf-8")
        next_build(base, epoch)
        assert get(base)[0] == 500
        # Other files answer at once too (the failed build emptied the folder: 404, no hang).
        assert get(f"{base}assets/thutuc/site.css")[0] in (200, 404)

        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        output = preview.output()
    assert server.returncode == 0, output
    assert "Traceback" not in output
    assert list(temp.iterdir()) == [], "the preview left its copy of the site behind"


def _first_answer(server: subprocess.Popen[str], base: str) -> tuple[int, str]:
    """The first answer of the preview once it listens, error pages included."""
    for _ in range(1200):
        try:
            return get(base)
        except (urllib.error.URLError, ConnectionError):
            with pytest.raises(subprocess.TimeoutExpired):
                server.wait(timeout=0.1)
    raise AssertionError("the preview never answered")
