"""Commands that start a site and feed it: `init`, `import`, and `check --format` for CI."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.i18n import _, ngettext


def cmd_import(args: argparse.Namespace) -> int:
    """Read the province's annex; write drafts for new codes and the sheet's facts elsewhere."""
    from generator.importer.annex import read_annex
    from generator.importer.drafts_writer import plan_import, write_plan
    from generator.importer.sheet import SheetError
    from generator.mkdocs.config import load_project

    project = load_project(args.config)
    path = Path(args.file)
    try:
        annex = read_annex(path, args.file)
    except SheetError as exc:
        print(_("error: {reason}").format(reason=exc), file=sys.stderr)
        return 1
    for problem in annex.problems:
        print(problem, file=sys.stderr)
    if annex.refused:
        errors = sum(problem.severity == "error" for problem in annex.problems)
        print(
            ngettext(
                "{count} error in the sheet; nothing was written",
                "{count} errors in the sheet; nothing was written",
                errors,
            ).format(count=errors),
            file=sys.stderr,
        )
        return 1
    plan = plan_import(project.content_dir, annex.entries, dt.date.today())
    if not args.dry_run:
        write_plan(plan)
    for created in sorted(plan.created):
        print(_("draft {path}").format(path=project.display(created)))
    for updated in sorted(plan.updated):
        print(_("updated {path}").format(path=project.display(updated)))
    print(
        _(
            "{created} new draft(s), {updated} file(s) updated, {unchanged} unchanged; "
            "{skipped} row(s) not imported"
        ).format(
            created=len(plan.created),
            updated=len(plan.updated),
            unchanged=len(plan.unchanged),
            skipped=len(annex.skipped),
        )
    )
    if plan.created and not args.dry_run:
        print(_("next: run `thutuc check` to see what each draft still lacks"))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """Make a new site folder, from flags or, on a terminal, from a few questions."""
    from generator.publishing.new_site import InitError, Office, create_site

    answers = {}
    questions = (
        ("office_name", _("Office name (e.g. Bộ phận một cửa – UBND xã Yên Lạc)")),
        ("address", _("Address")),
        ("hours", _("Opening hours")),
        ("hotline", _("Hotline")),
        ("site_url", _("Site address (e.g. https://thutuc.yenlac.gov.vn/)")),
    )
    for key, question in questions:
        value = getattr(args, key)
        if not value and sys.stdin.isatty():
            value = input(f"{question}: ").strip()
        if not value:
            flag = "--" + key.replace("_", "-")
            print(_("error: {flag} is needed").format(flag=flag), file=sys.stderr)
            return 2
        answers[key] = value
    from generator import urls

    if (problem := urls.site_url_problem(answers["site_url"])) is not None:
        print(_("error: --site-url: {problem}").format(problem=problem), file=sys.stderr)
        return 2
    office = Office(
        name=answers["office_name"],
        address=answers["address"],
        hours=answers["hours"],
        hotline=answers["hotline"],
        site_url=answers["site_url"],
    )
    try:
        files = create_site(
            Path(args.dir), office, samples=args.samples, package=args.package, branch=args.branch
        )
    except InitError as exc:
        print(_("error: {reason}").format(reason=exc), file=sys.stderr)
        return 1
    print(_("created {count} files in {folder}").format(count=len(files), folder=args.dir))
    print(
        _("next: cd {folder}, then thutuc import <the province's list>.xlsx").format(
            folder=args.dir
        )
    )
    return 0


def cmd_split_staff(args: argparse.Namespace) -> int:
    """Move the built site's posters and packs into a staff artifact, links adjusted."""
    from generator import urls
    from generator.mkdocs.config import load_mkdocs_config
    from generator.publishing.staff_split import split_staff

    if (problem := urls.site_url_problem(args.staff_url)) is not None:
        print(_("error: --staff-url: {problem}").format(problem=problem), file=sys.stderr)
        return 2
    site = Path(load_mkdocs_config(args.config).site_dir)
    if not (site / "index.html").is_file():
        print(
            _("error: {site} holds no built site; run thutuc build first").format(site=site),
            file=sys.stderr,
        )
        return 1
    resident, staff = split_staff(site, Path(args.staff_dir), args.staff_url)
    print(
        _("resident site: {mib:.1f} MiB in {files} files ({site})").format(
            mib=resident.mib, files=resident.files, site=site
        )
    )
    print(
        _("staff artifact: {mib:.1f} MiB in {files} files ({folder})").format(
            mib=staff.mib, files=staff.files, folder=args.staff_dir
        )
    )
    return 0


def _with_formats(check: Callable[[argparse.Namespace], int]) -> Callable[..., int]:
    """`check`, or with `--format github|codequality` the same problems for CI to show."""

    def run(args: argparse.Namespace) -> int:
        if args.format == "text":
            return check(args)
        from generator.mkdocs.config import load_project
        from generator.publishing.annotations import codequality_report, github_line

        result = load_project(args.config).check().result
        problems = sorted(result.problems, key=lambda p: (p.path, p.line or 0, p.field or ""))
        if args.format == "github":
            for problem in problems:
                print(github_line(problem))
        else:
            print(codequality_report(problems))
        return 1 if result.errors else 0

    return run


def add_commands(commands: Any) -> None:
    """`import` and `init`, and `--format` on `check`, added to `thutuc`'s subcommands."""
    importing = commands.add_parser("import", help=_("import the province's list (XLSX or CSV)"))
    importing.add_argument("file", help=_("the annex of procedures, .xlsx or .csv"))
    importing.add_argument("--dry-run", action="store_true", help=_("report, write nothing"))
    importing.set_defaults(func=cmd_import)
    init = commands.add_parser("init", help=_("make a new site folder for an office"))
    init.add_argument("dir", help=_("the new site's folder"))
    init.add_argument("--office-name", help=_("e.g. Bộ phận một cửa – UBND xã Yên Lạc"))
    init.add_argument("--address", help=_("the office's address, shown on every page and poster"))
    init.add_argument("--hours", help=_("opening hours"))
    init.add_argument("--hotline", help=_("the hotline residents call"))
    init.add_argument("--site-url", help=_("where the site will be published; in every QR code"))
    init.add_argument("--samples", action="store_true", help=_("start with the sample procedures"))
    init.add_argument("--package", default="thutuc", help=_("what CI installs (pip requirement)"))
    init.add_argument("--branch", default="main", help=_("the branch CI publishes from"))
    init.set_defaults(func=cmd_init, makes_project=True)
    split = commands.add_parser(
        "split-staff", help=_("after build: move posters and packs into a staff artifact")
    )
    split.add_argument("staff_dir", help=_("the staff artifact's folder (posters/ goes there)"))
    split.add_argument(
        "--staff-url", required=True, help=_("where the staff artifact is served; links go there")
    )
    split.set_defaults(func=cmd_split_staff)
    check = commands.choices["check"]
    check.add_argument(
        "--format",
        choices=("text", "github", "codequality"),
        default="text",
        help=_("github: annotations for GitHub Actions; codequality: GitLab's report"),
    )
    check.set_defaults(func=_with_formats(check.get_default("func")))
