"""Compiled templates kept between builds: keyed by name and source, never trusted blindly."""

from __future__ import annotations

from pathlib import Path

import jinja2
from support.project import make_project

from generator.render.template_cache import SourceKeyedCache, bytecode_cache


def _render(folder: Path, cache: Path) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=SourceKeyedCache(str(cache))
    )
    return env.get_template("page.html").render(name="Đăng ký khai sinh")


def test_the_same_template_in_another_folder_is_compiled_once(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "page.html").write_text("<h1>{{ name }}</h1>", encoding="utf-8")
    assert _render(tmp_path / "one", cache) == "<h1>Đăng ký khai sinh</h1>"
    assert len(list(cache.iterdir())) == 1
    assert _render(tmp_path / "two", cache) == "<h1>Đăng ký khai sinh</h1>"
    assert len(list(cache.iterdir())) == 1, "the second folder's template compiled again"
    (tmp_path / "two" / "page.html").write_text("<h2>{{ name }}</h2>", encoding="utf-8")
    assert _render(tmp_path / "two", cache) == "<h2>Đăng ký khai sinh</h2>"
    assert len(list(cache.iterdir())) == 2


def test_a_damaged_cache_file_is_compiled_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (tmp_path / "page.html").write_text("<p>{{ name }}</p>", encoding="utf-8")
    _render(tmp_path, cache)
    for path in cache.iterdir():
        path.write_bytes(path.read_bytes()[:20] + b"\x00garbage")
    assert _render(tmp_path, cache) == "<p>Đăng ký khai sinh</p>"


def test_no_cache_when_its_folder_cannot_be_made(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert bytecode_cache(blocker / "templates") is None


def test_builds_use_the_cache_and_an_edited_theme_template_shows(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    own = project.root / ".cache" / "thutuc" / "templates"
    own.unlink()  # this project's own cache, not the suite's shared one
    assert project.build().returncode == 0
    compiled = {path.name for path in (own / "theme").iterdir()}
    assert len(compiled) >= 10, "Material's and the theme's templates are kept"
    main = project.root / "theme" / "main.html"
    source = main.read_text(encoding="utf-8")
    assert source.count("{% block extrahead %}") == 1
    main.write_text(
        source.replace("{% block extrahead %}", "{% block extrahead %}<!-- theme edited -->"),
        encoding="utf-8",
    )
    built = project.build()
    assert built.returncode == 0, built.output
    assert "<!-- theme edited -->" in (project.site / "index.html").read_text(encoding="utf-8")
    assert len({path.name for path in (own / "theme").iterdir()} - compiled) == 1
    for path in (own / "theme").iterdir():
        path.write_bytes(b"damaged")
    built = project.build()
    assert built.returncode == 0, built.output
    assert "<!-- theme edited -->" in (project.site / "index.html").read_text(encoding="utf-8")
