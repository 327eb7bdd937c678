"""The `thutuc` command line: the same core the MkDocs plugin uses, for editors and staff."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

CONFIG_DEFAULT = "mkdocs.yml"


def _mkdocs_config(config_file: str):  # type: ignore[no-untyped-def]
    from mkdocs.config import load_config

    return load_config(config_file=config_file)


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

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    serve(config_file=args.config, open_in_browser=False, dev_addr=args.dev_addr)
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
    # -- staff commands (posters, packs, printings, reprint) --
    # -- end of staff commands --
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    if not Path(args.config).exists():
        print(f"error: {args.config} not found; run thutuc in the project folder", file=sys.stderr)
        return 2
    return int(args.func(args))
