"""The `thutuc` command line: the same core the MkDocs plugin uses, for editors and staff."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.build.faults import checkpoint
from generator.cli import engine, language
from generator.cli.interrupts import INTERRUPTS, interrupted, interrupts_raised
from generator.i18n import _
from generator.mkdocs import log_messages

if TYPE_CHECKING:
    from generator.content.procedure import ContentError

CONFIG_DEFAULT = "mkdocs.yml"


def _mkdocs_config(config_file: str):  # type: ignore[no-untyped-def]
    from generator.mkdocs.config import load_mkdocs_config

    return load_mkdocs_config(config_file)


class HeldInterrupts:
    """Ctrl-C and SIGTERM recorded instead of raised: while site/ is published (registers,
    then the swap), and for good once it is, so a late interrupt can neither split the
    publication nor make the exit status say the old site is still there."""

    def __init__(self) -> None:
        self.held: list[int] = []
        self._previous: dict[int, Any] = {}

    def hold(self) -> None:
        try:
            for signum in INTERRUPTS:
                previous = signal.signal(signum, lambda signum, frame: self.held.append(signum))
                self._previous.setdefault(signum, previous)
        except ValueError:  # not the main thread: nothing to hold
            pass

    def release(self) -> None:
        """Put the handlers back; an interrupt that came meanwhile is raised now."""
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous = {}
        if self.held:
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
        print(_("error: {reason}").format(reason=exc), file=sys.stderr)
        return 1
    print(_("created {path}").format(path=project.display(path)))
    print(_("next: replace every TODO in it, then run `thutuc check`"))
    return 0


def _summary(errors: list[ContentError], warnings: list[ContentError], procedures: int) -> str:
    if not errors and not warnings:
        return _("ok: {count} procedures, no problems").format(count=procedures)
    files = len({problem.path for problem in errors + warnings})
    counts = [_("{count} error(s)").format(count=len(errors))] + (
        [_("{count} warning(s)").format(count=len(warnings))] if warnings else []
    )
    verdict = _("the site will not build until the errors are fixed") if errors else _("ok")
    return _("{counts} in {files} file(s); {verdict}").format(
        counts=_(" and ").join(counts), files=files, verdict=verdict
    )


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every file without building; exit 1 when there is any error."""
    from generator.mkdocs.config import load_project

    project = load_project(args.config)
    result = project.check().result
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
    """Build the site into `site/` atomically; the previous site survives any failure, and
    an interrupt after the new site is published leaves it published, with status 0."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    from generator.build import shards
    from generator.build.errors import UnusableFolder

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = _mkdocs_config(args.config)  # a broken mkdocs.yml raises here: exit 2 in main()
    plugin = config.plugins.get("procedures")
    if plugin is not None and args.shard:  # offices (v2): this job's share of the offices
        plugin.shard = shards.parse_shard(args.shard)
    kept = _("the previous site/ was left as it was")
    site = Path(config.site_dir)  # the plugin builds beside it, then swaps
    if (problem := engine.missing_plugin(config)) is not None:
        print(_("error: {reason}\n{kept}").format(reason=problem, kept=kept), file=sys.stderr)
        return 1
    interrupts = HeldInterrupts()
    try:
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            interrupts.hold()
            config.plugins.on_shutdown()
            if not getattr(plugin, "published", False):
                interrupts.release()  # raises KeyboardInterrupt if one came meanwhile
    except KeyboardInterrupt:
        if getattr(plugin, "published", False):
            return _published_despite(interrupts)
        print(_("interrupted: {kept}").format(kept=kept), file=sys.stderr)
        return 130
    except MkDocsException as exc:  # MkDocs has logged the reason above
        reason = _("the build stopped") if isinstance(exc, Abort) else str(exc)
        print(_("error: {reason}; {kept}").format(reason=reason, kept=kept), file=sys.stderr)
        return 2 if getattr(plugin, "unusable_folder", False) else 1
    except UnusableFolder as exc:  # also a register that cannot be written
        print(_("error: {reason}\n{kept}").format(reason=exc, kept=kept), file=sys.stderr)
        return 2
    except OSError as exc:  # e.g. a full disk while writing the staged site
        print(
            _("error: {reason}: {path}\n{kept}").format(
                reason=exc.strerror or exc, path=exc.filename or "", kept=kept
            ),
            file=sys.stderr,
        )
        return 2
    except Exception as exc:  # a worker, the indexing or a writer failed: publish nothing
        logging.getLogger("thutuc").debug("the build failed", exc_info=True)
        print(
            _("error: the build failed: {kind}: {reason}\n{kept}").format(
                kind=type(exc).__name__, reason=exc, kept=kept
            ),
            file=sys.stderr,
        )
        return 1
    if not engine.plugin_ran(plugin):
        print(_("error: {reason}").format(reason=engine.plugin_did_not_run()), file=sys.stderr)
        return 1
    from generator.cli.staff import refresh_poster_folder

    refresh_poster_folder(Path(config.config_file_path or args.config).parent, site)
    return _published_despite(interrupts)


def _published_despite(interrupts: HeldInterrupts) -> int:
    """The new site is published: interrupts stay held until the process ends, and one that
    came during the publication is reported, with status 0 since nothing was lost."""
    if interrupts.held:
        print(
            _(
                "interrupted: the new site/ had been published; it is complete and its codes "
                "are registered"
            ),
            file=sys.stderr,
        )
    return 0


def _shard(text: str) -> str:
    from generator.build import shards

    try:
        shards.parse_shard(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def cmd_merge(args: argparse.Namespace) -> int:
    """Lay the sites of `build --shard` jobs into one static site, published like a build:
    staged beside the output folder, then swapped in."""
    from generator.build import shards
    from generator.build.errors import UnusableFolder

    try:
        laid, shared = shards.merge(args.out, args.sites, replace=args.replace)
    except (shards.MergeRefused, UnusableFolder) as exc:
        print(_("error: {reason}; nothing was merged").format(reason=exc), file=sys.stderr)
        return 2
    except OSError as exc:  # a shard file that cannot be read, a full disk
        reason = f"{exc.strerror or exc}: {exc.filename or ''}"
        print(_("error: {reason}; nothing was merged").format(reason=reason), file=sys.stderr)
        return 2
    print(
        _("{laid} files merged into {out}/ ({shared} files shared by the shards)").format(
            laid=laid, out=args.out, shared=shared
        )
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """The live preview; a broken file shows an error page instead of a stuck server."""
    from generator.cli.preview import serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    return serve(args.config, args.dev_addr)


def main(argv: list[str] | None = None) -> int:
    """`thutuc`: an interrupt at any moment ends it with one message and status 130 (or 0
    once a build has published the new site), never a traceback. Without `argv` it is the
    program itself, about to exit: what it built is then frozen out of the garbage
    collector, whose last pass over a build's millions of objects took 0.13 s of every exit
    (the OS frees the memory at once)."""
    words = sys.argv[1:] if argv is None else argv
    with interrupts_raised():
        try:
            checkpoint("cli")
            status = _main(argv)
            checkpoint("exit")
            if argv is None:
                gc.freeze()
            return status
        except KeyboardInterrupt:
            return interrupted(words)


def _main(argv: list[str] | None) -> int:
    language.choose(sys.argv[1:] if argv is None else argv)  # before any help text is built
    parser = argparse.ArgumentParser(
        prog="thutuc",
        description=_(
            "The thutuc command line: the same core the MkDocs plugin uses, for editors and staff."
        ),
    )
    parser.add_argument("-f", "--config", default=CONFIG_DEFAULT, help=_("path to mkdocs.yml"))
    language.add_argument(parser)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help=_("build site/ with QR codes, posters and search"))
    build.add_argument("--shard", type=_shard, help=_("I/N: only this share of the offices"))
    build.set_defaults(func=cmd_build)
    merge = commands.add_parser("merge", help=_("merge shard sites (build --shard) into one"))
    merge.add_argument("out", type=Path, help=_("the merged site folder"))
    merge.add_argument("sites", type=Path, nargs="+", help=_("each shard's site/ folder"))
    merge.add_argument(
        "--replace", action="store_true", help=_("replace the output folder if it exists")
    )
    merge.set_defaults(func=cmd_merge)
    serve = commands.add_parser("serve", help=_("live preview at http://127.0.0.1:8000/"))
    serve.add_argument("-a", "--dev-addr", default=None, help=_("IP:PORT to listen on"))
    serve.set_defaults(func=cmd_serve)
    new = commands.add_parser("new", help=_("start a new procedure file from a code and a title"))
    new.add_argument("code", help=_('the procedure code, e.g. "1.001193" or QT-09'))
    new.add_argument("title", help=_("the procedure title, in quotes"))
    new.add_argument("--field", default=None, help=_("the field (lĩnh vực), e.g. Hộ tịch"))
    new.add_argument("--slug", default=None, help=_("file name without .md (default: from title)"))
    new.set_defaults(func=cmd_new)
    check = commands.add_parser("check", help=_("check every procedure file without building"))
    check.add_argument("--json", action="store_true", help=_("print the problems as JSON"))
    check.set_defaults(func=cmd_check)
    # -- staff commands (posters, packs, printings, reprint) --
    from generator.cli import staff_parser

    staff_parser.add_commands(commands)
    from generator.cli import editor

    editor.add_commands(commands)
    from generator.cli import setup  # import, init, check --format github (issue 22)

    setup.add_commands(commands)
    language.add_to_commands(commands)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    log_messages.install()
    if getattr(args, "makes_project", False):  # `init` runs where there is no mkdocs.yml yet
        return int(args.func(args))
    if not Path(args.config).exists():
        print(
            _("error: {path} not found; run thutuc in the project folder").format(path=args.config),
            file=sys.stderr,
        )
        return 2
    from mkdocs.exceptions import MkDocsException

    from generator.build.errors import UnusableFolder
    from generator.content.procedure import ContentErrors
    from generator.mkdocs.config import ConfigError

    try:
        return int(args.func(args))
    except ConfigError as exc:  # a broken mkdocs.yml, whatever the command
        print(_("error: {reason}").format(reason=exc), file=sys.stderr)
        return 2
    except ContentErrors as exc:  # from any command that needs valid content
        print(
            _("{problems}\n{count} error(s) in the content; nothing was done").format(
                problems=exc, count=len(exc.errors)
            ),
            file=sys.stderr,
        )
        return 1
    except MkDocsException as exc:  # a broken mkdocs.yml
        print(_("error: {path}: {reason}").format(path=args.config, reason=exc), file=sys.stderr)
        return 2
    except UnusableFolder as exc:  # cache_dir or site_dir
        print(_("error: {reason}").format(reason=exc), file=sys.stderr)
        return 2
