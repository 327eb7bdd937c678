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

from generator.build import shards

if TYPE_CHECKING:
    from generator.content.procedure import ContentError

CONFIG_DEFAULT = "mkdocs.yml"


def _mkdocs_config(config_file: str):  # type: ignore[no-untyped-def]
    from generator.mkdocs.config import load_mkdocs_config

    return load_mkdocs_config(config_file)


class Interrupted(KeyboardInterrupt):
    """SIGTERM, treated like Ctrl-C (SIGINT)."""


def _raise_interrupted(signum: int, frame: object) -> None:
    raise Interrupted


@contextlib.contextmanager
def _interrupts_held() -> Iterator[list[int]]:
    """Hold Ctrl-C and SIGTERM back while site/ is swapped and the register written, so an
    interrupt cannot split them; one that came meanwhile is raised right after."""
    held: list[int] = []
    try:
        previous = {
            signum: signal.signal(signum, lambda signum, frame: held.append(signum))
            for signum in (signal.SIGINT, signal.SIGTERM)
        }
    except ValueError:  # not the main thread
        yield held
        return
    try:
        yield held
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if held:
        raise KeyboardInterrupt


def cmd_new(args: argparse.Namespace) -> int:
    """Write a new procedure file with placeholders; never overwrites."""
    from generator.content.scaffold import ScaffoldError, new_procedure

    try:
        from generator.mkdocs.config import load_project

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
    from generator.mkdocs.config import load_project

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
    from mkdocs.exceptions import Abort, MkDocsException

    from generator.build.errors import UnusableFolder

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if getattr(args, "shard", None):  # offices (v2): this job's share of the offices
        os.environ[shards.SHARD_ENV] = args.shard
    config = _mkdocs_config(args.config)  # a broken mkdocs.yml raises here: exit 2 in main()
    plugin = config.plugins.get("procedures")
    kept = "the previous site/ was left as it was"
    previous = signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            with _interrupts_held():
                config.plugins.on_shutdown()
    except KeyboardInterrupt:
        done = getattr(plugin, "published", False)
        print(
            f"interrupted: {'the new site/ had been published' if done else kept}", file=sys.stderr
        )
        return 130
    except MkDocsException as exc:  # MkDocs has logged the reason above
        reason = "the build stopped" if isinstance(exc, Abort) else str(exc)
        print(f"error: {reason}; {kept}", file=sys.stderr)
        return 2 if getattr(plugin, "unusable_folder", False) else 1
    except UnusableFolder as exc:
        print(f"error: {exc}\n{kept}", file=sys.stderr)
        return 2
    except OSError as exc:  # e.g. a full disk while writing the staged site
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}\n{kept}", file=sys.stderr)
        return 2
    except Exception as exc:  # a worker, Pagefind or a writer failed: publish nothing
        logging.getLogger("thutuc").debug("the build failed", exc_info=True)
        print(f"error: the build failed: {type(exc).__name__}: {exc}\n{kept}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


def _shard(text: str) -> str:
    try:
        shards.parse_shard(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def cmd_merge(args: argparse.Namespace) -> int:
    """Lay the sites of `build --shard` jobs into one static site."""
    linked, kept = shards.merge(args.out, args.sites)
    print(f"{linked} files merged into {args.out}/ ({kept} shared files kept from the first)")
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
    build.add_argument("--shard", type=_shard, help="I/N: only this share of the offices")
    build.set_defaults(func=cmd_build)
    merge = commands.add_parser("merge", help="merge shard sites (build --shard) into one")
    merge.add_argument("out", type=Path, help="the merged site folder")
    merge.add_argument("sites", type=Path, nargs="+", help="each shard's site/ folder")
    merge.set_defaults(func=cmd_merge)
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
    from generator.cli import setup  # import, init, check --format github (issue 22)

    setup.add_commands(commands)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    if getattr(args, "makes_project", False):  # `init` runs where there is no mkdocs.yml yet
        return int(args.func(args))
    if not Path(args.config).exists():
        print(f"error: {args.config} not found; run thutuc in the project folder", file=sys.stderr)
        return 2
    from mkdocs.exceptions import MkDocsException

    from generator.build.errors import UnusableFolder
    from generator.content.procedure import ContentErrors
    from generator.mkdocs.config import ConfigError

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
    except UnusableFolder as exc:  # cache_dir or site_dir
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
