"""The plugin's settings, and the one way to make a `Project` from a `mkdocs.yml`.

The plugin, the CLI, the bench and the tests all build a project through `project_from_config`,
so they read the same settings with the same defaults.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from generator import urls
from generator.build.project import Project
from generator.content import yamltext
from generator.i18n import _
from generator.mkdocs import settings


class Unused(c.Deprecated):
    """An option older `mkdocs.yml` files still set: they load, with a warning, and it is
    ignored. The warning is worded when the file is read, in the clerk's language."""

    def pre_validation(self, config: base.Config, key_name: str) -> None:
        self.message = _(
            "mkdocs.yml: the option {option} is no longer used (the site has no Pagefind "
            "index any more); you can delete that line"
        ).replace("{option}", "{}")
        super().pre_validation(config, key_name)


class ProceduresConfig(base.Config):
    """`plugins: - procedures:` in mkdocs.yml."""

    #: Drawn QR codes, posters, packs, converted pages and the search index. Safe to delete.
    cache_dir = c.Type(str, default=".cache/thutuc")
    #: Paper for posters and poster packs (sticker sheets are always A4 labels).
    poster_size = c.Choice(("A3", "A4", "A5"), default="A4")
    #: Build the search box's body index (false makes test builds faster).
    search = c.Type(bool, default=True)
    #: Pagefind's bundle size, when the site had a Pagefind index: accepted, with a warning.
    search_bundle_pages = Unused()
    #: Build beside site/ and swap it in only on success.
    atomic = c.Type(bool, default=True)
    #: The browser editor for a hosted site (`admin/`): {backend: github|gitlab, repo, branch,
    #: app_id (GitLab), base_url}. Empty: no admin page is published (`thutuc edit` still works).
    editor = c.Type(dict, default={})
    #: Other hosts pages may load scripts, styles or fonts from, each named on purpose
    #: (`generator/mkdocs/settings.py`); none by default.
    allowed_hosts = c.ListOfItems(c.Type(str), default=[])


def project_from_config(config: MkDocsConfig, site_url: str | None = None) -> Project:
    """The project a loaded MkDocs config describes; `site_url` overrides the configured one
    (the preview keeps the real address in QR codes while MkDocs serves on localhost)."""
    plugin = config.plugins.get("procedures")
    options = getattr(plugin, "config", None) or ProceduresConfig()
    root = Path(config.config_file_path or ".").resolve().parent
    return Project(
        root=root,
        content_dir=Path(config.docs_dir),
        cache_dir=root / options.cache_dir,
        site_url=site_url or config.site_url or "",
        office=dict(config.extra.get("office") or {}),
        poster_size=options.poster_size,
    )


class ConfigError(Exception):
    """`mkdocs.yml` cannot be used (exit status 2). Deliberately not a MkDocsException, so
    the build's handler for content errors (exit status 1) lets it through."""


def load_mkdocs_config(config_file: str | Path) -> MkDocsConfig:
    """The loaded `mkdocs.yml`, or ConfigError: broken YAML, bad values, a bad site_url."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(config_file=str(config_file))
    except MkDocsException as exc:  # MkDocs has logged the details
        raise ConfigError(
            _("{path}: {reason}; fix mkdocs.yml and run the command again").format(
                path=config_file, reason=exc
            )
        ) from None
    problem = urls.site_url_problem(config.site_url)
    if problem is not None:
        raise ConfigError(_("{path}: {reason}").format(path=config_file, reason=problem))
    plugin = config.plugins.get("procedures")
    allowed = getattr(getattr(plugin, "config", None), "allowed_hosts", None) or []
    problems = settings.settings_problems(config, allowed)
    if problems:
        raise ConfigError(
            "\n".join(
                _("{path}: {reason}").format(path=config_file, reason=problem)
                for problem in problems
            )
        )
    return config


def load_project(config_file: str | Path) -> Project:
    """The project of a `mkdocs.yml`, read the way the plugin reads it."""
    return project_from_config(load_mkdocs_config(config_file))


def configured_site_url(config_file: Path) -> str | None:
    """`site_url` exactly as written in mkdocs.yml (`mkdocs serve` rewrites it to localhost),
    read through the one YAML reader of content files."""
    try:
        data = yamltext.load(config_file.read_text(encoding="utf-8"), foreign_tags=True).data
    except (OSError, UnicodeDecodeError, yamltext.YamlProblem):
        return None
    value = data.get("site_url") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None
