"""The `thutuc` command line: the same core the MkDocs plugin uses, for editors and staff."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.build.project import Project
    from generator.content.procedure import ContentError

CONFIG_DEFAULT = "mkdocs.yml"


class ConfigError(Exception):
    """`mkdocs.yml` cannot be used (exit status 2). Deliberately not a MkDocsException, so
    the build's handler for content errors (exit status 1) lets it through to `main`."""


def _mkdocs_config(config_file: str):  # type: ignore[no-untyped-def]
    """The loaded `mkdocs.yml`, or ConfigError: broken YAML, bad values, a bad site_url."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from generator.urls import site_url_problem

    try:
        config = load_config(config_file=config_file)
    except MkDocsException as exc:  # MkDocs has logged the details
        raise ConfigError(f"{config_file}: {exc}") from None
    problem = site_url_problem(config.site_url)
    if problem is not None:
        raise ConfigError(f"{config_file}: {problem}")
    return config


def load_project(config_file: str) -> Project:
    """The project a `mkdocs.yml` describes, read the way the plugin reads it."""
    from generator.build.project import Project

    config = _mkdocs_config(config_file)
    plugin = config.plugins.get("procedures")
    options = getattr(plugin, "config", None)
    root = Path(config.config_file_path or config_file).resolve().parent
    return Project(
        root=root,
        content_dir=Path(config.docs_dir),
        cache_dir=root / getattr(options, "cache_dir", ".cache/thutuc"),
        site_url=config.site_url or "",
        office=dict(config.extra.get("office") or {}),
        poster_size=getattr(options, "poster_size", "A4"),
    )


@contextlib.contextmanager
def _shielded_from_ctrl_c() -> Iterator[None]:
    """Hold Ctrl-C back while site/ is swapped, so an interrupt cannot split the swap."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def cmd_new(args: argparse.Namespace) -> int:
    """Write a new procedure file with placeholders; never overwrites."""
    from generator.content.scaffold import ScaffoldError, new_procedure

    try:
        project = load_project(args.config)
        path = new_procedure(
            project.content_dir, args.code, args.title, slug=args.slug, field=args.field
        )
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"created {project.display(path)}")
    print("next: replace every TODO in it, then run `thutuc check`")
    return 0


def _summary(errors: list[ContentError], warnings: list[ContentError], procedures: int) -> str:
    if not errors and not warnings:
        return f"ok: {procedures} procedures, no problems"
    files = len({problem.path for problem in errors + warnings})
    counts = [f"{len(errors)} error(s)"] + ([f"{len(warnings)} warning(s)"] if warnings else [])
    verdict = "the site will not build until the errors are fixed" if errors else "ok"
    return f"{' and '.join(counts)} in {files} file(s); {verdict}"


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every file without building; exit 1 when there is any error."""
    project = load_project(args.config)
    result, _ = project.check()
    problems = sorted(result.problems, key=lambda p: (p.path, p.line or 0, p.field or ""))
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    if args.json:
        report = {
            "ok": not errors,
            "procedures": len(result.procedures),
            "errors": [p.as_dict() for p in errors],
            "warnings": [p.as_dict() for p in warnings],
        }
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            print(problem)
        print(_summary(errors, warnings, len(result.procedures)))
    return 1 if errors else 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site into `site/` atomically; the previous site survives any failure."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        config = _mkdocs_config(args.config)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            with _shielded_from_ctrl_c():
                config.plugins.on_shutdown()
    except MkDocsException as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the previous site/ was left as it was", file=sys.stderr)
        return 130
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        serve(config_file=args.config, open_in_browser=False, dev_addr=args.dev_addr)
    except MkDocsException:
        # MkDocs has logged the reasons; errors after the first build keep the preview running.
        print(
            "error: the preview did not start; fix the errors above and run it again",
            file=sys.stderr,
        )
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="thutuc", description=__doc__)
    parser.add_argument("-f", "--config", default=CONFIG_DEFAULT, help="path to mkdocs.yml")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build site/ with QR codes, posters and search")
    build.set_defaults(func=cmd_build)
    serve = commands.add_parser("serve", help="live preview at http://127.0.0.1:8000/")
    serve.add_argument("-a", "--dev-addr", default=None, help="IP:PORT to listen on")
    serve.set_defaults(func=cmd_serve)
    new = commands.add_parser("new", help="start a new procedure file from a code and a title")
    new.add_argument("code", help='the procedure code, e.g. "1.001193" or QT-09')
    new.add_argument("title", help="the procedure title, in quotes")
    new.add_argument("--field", default=None, help="the field (lĩnh vực), e.g. Hộ tịch")
    new.add_argument("--slug", default=None, help="file name without .md (default: from title)")
    new.set_defaults(func=cmd_new)
    check = commands.add_parser("check", help="check every procedure file without building")
    check.add_argument("--json", action="store_true", help="print the problems as JSON")
    check.set_defaults(func=cmd_check)
    # -- staff commands (posters, packs, printings, reprint) --
    from generator.cli import staff

    staff.add_commands(commands)
    # -- end of staff commands --
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    if not Path(args.config).exists():
        print(f"error: {args.config} not found; run thutuc in the project folder", file=sys.stderr)
        return 2
    from mkdocs.exceptions import MkDocsException

    from generator.content.procedure import ContentErrors

    try:
        return int(args.func(args))
    except ConfigError as exc:  # a broken mkdocs.yml, whatever the command
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ContentErrors as exc:  # from any command that needs valid content
        print(
            f"{exc}\n{len(exc.errors)} error(s) in the content; nothing was done", file=sys.stderr
        )
        return 1
    except MkDocsException as exc:  # a broken mkdocs.yml
        print(f"error: {args.config}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
