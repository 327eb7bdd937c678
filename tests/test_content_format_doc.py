"""docs/content-format.md cannot rot: every example in it is copied into a fresh project and
goes through the real `thutuc check` and `build`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import yaml
from support import REPO
from support.project import FixtureProject

DOC = REPO / "docs" / "content-format.md"
#: `<!-- example: PATH -->` then a fenced block: the block is the file at PATH.
EXAMPLE = re.compile(r"<!-- example: ([^>]+?) -->\n```[a-z]*\n(.*?)\n```\n", re.DOTALL)


def examples() -> dict[str, str]:
    found = {path: text + "\n" for path, text in EXAMPLE.findall(DOC.read_text(encoding="utf-8"))}
    assert len(found) >= 7, found.keys()
    return found


#: `<!-- fragment: what it is -->` then a fenced block: a piece of a file, which must parse.
FRAGMENT = re.compile(r"<!-- fragment: [^>]+ -->\n *```yaml\n(.*?)\n *```\n", re.DOTALL)


def test_every_example_block_of_the_doc_is_marked() -> None:
    """A fenced YAML or Markdown block without its marker would escape the tests below."""
    text = DOC.read_text(encoding="utf-8")
    fences = re.findall(r"```(yaml|markdown)\n", text)
    fragments = FRAGMENT.findall(text)
    assert len(fences) == len(examples()) + len(fragments)
    for fragment in fragments:  # a piece of a file: at least valid YAML with a mapping
        lines = fragment.splitlines()
        indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
        assert isinstance(yaml.safe_load("\n".join(line[indent:] for line in lines)), dict)


def test_every_example_checks_and_builds(new_project: Callable[..., FixtureProject]) -> None:
    project = new_project(sample=False)
    (project.content / "index.md").unlink()
    extra: dict[str, Any] = {}
    for where, text in examples().items():
        if where == "mkdocs.yml extra":
            extra = yaml.safe_load(text)["extra"]
            continue
        path = project.root / where
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    config = yaml.safe_load(project.config.read_text(encoding="utf-8"))
    config["extra"].update(extra)
    project.config.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")

    checked = project.run("check", "--json")
    assert checked.returncode == 0, checked.output
    report = json.loads(checked.stdout)
    assert report["errors"] == [] and report["warnings"] == [], report
    assert report["procedures"] == 3
    built = project.build()
    assert built.returncode == 0, built.output
    feed = project.feed()
    assert {o["code"] for o in feed["offices"]} == {"08377", "08378", "XA-HUYEN-TUNG"}
    [birth] = [p for p in feed["procedures"] if p["code"] == "1.001193"]
    assert set(birth["offices"]) == {"08377", "08378"}
    home = (project.site / "index.html").read_text(encoding="utf-8")
    assert "Thủ tục tỉnh Thái Nguyên" in home
