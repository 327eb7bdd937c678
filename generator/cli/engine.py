"""The engine (MkDocs today) must run the `procedures` plugin: without it a site would be
published with no QR codes, posters or short URLs, while every printed poster points there.

Checked twice by `thutuc build`: before the engine starts, in mkdocs.yml, so a config that drops
the plugin leaves the published site as it was; and after the engine's build, from the plugin
itself, so an engine that loads the plugin but never calls it (as Zensical does with plugins it
does not know) cannot end in success. The theme marks it a third time: `theme/main.html` stops
any page that renders without the plugin's `catalog`, whatever command built it.
"""

from __future__ import annotations

from typing import Any

from generator.i18n import _

#: The plugin's name under `plugins:` in mkdocs.yml (its `mkdocs.plugins` entry point).
PLUGIN = "procedures"


def missing_plugin(config: Any) -> str | None:
    """Why building with `config` would publish a site without QR codes, if it would."""
    if config.plugins.get(PLUGIN) is not None:
        return None
    return _(
        "mkdocs.yml does not list the '{plugin}' plugin under 'plugins:', so the site would "
        "have no QR codes, posters or short URLs. Add '- {plugin}' under 'plugins:'."
    ).format(plugin=PLUGIN)


def plugin_ran(plugin: Any) -> bool:
    """Whether the plugin saw the build through to the end: it publishes the site itself."""
    return bool(getattr(plugin, "published", False))


def plugin_did_not_run() -> str:
    return _(
        "the engine finished without running the '{plugin}' plugin: the site it wrote has no "
        "QR codes, posters or short URLs and must not be published"
    ).format(plugin=PLUGIN)
