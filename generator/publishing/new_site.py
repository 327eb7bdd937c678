"""`thutuc init DIR`: a new site a commune or a province owns, ready for `thutuc import`.

The site gets its own copy of the theme (`theme/`, so `custom_dir: theme` in its mkdocs.yml
works wherever it is built), an empty register, the staff pages, a README for clerks in
Vietnamese and the publishing workflows for GitHub Pages and GitLab Pages.
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.content import register
from generator.content.procedure import written_code
from generator.i18n import _

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "site_template"
#: The project's own checkout: its theme and sample content are copied into a new site.
SOURCE_ROOT = Path(__file__).resolve().parents[2]
#: The same files as a wheel installs them (`[tool.setuptools.data-files]` in pyproject.toml).
INSTALLED_ROOT = Path(sys.prefix) / "share" / "thutuc"
GITHUB_WORKFLOW = Path(".github") / "workflows" / "publish.yml"
GITLAB_CI = Path(".gitlab-ci.yml")
DEFAULT_PACKAGE = "thutuc"


@dataclass(frozen=True)
class Office:
    """What `init` asks: the office as residents and posters show it, and the site address."""

    name: str
    address: str
    hours: str
    hotline: str
    site_url: str
    short_name: str = ""


class InitError(Exception):
    """Why no site was made; the message is for the clerk."""


def published_samples(content_dir: Path) -> list[Path]:
    """The sample procedures the source has published (their codes are in its register): a
    file an editor left unfinished in a checkout (`thutuc new`) is not a sample."""
    files = sorted((content_dir / "procedures").glob("*.md"))
    path = register.register_path(content_dir)
    issued, _problems = register.read_register(path, path.name)
    if not issued:
        return files
    return [p for p in files if (written_code(p.read_bytes()) or "").upper() in issued]


def _yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML scalar


def short_name(name: str) -> str:
    """`Bộ phận một cửa – UBND xã Yên Lạc` → `xã Yên Lạc`: what fits a phone's header."""
    for marker in ("UBND ", "Ủy ban nhân dân ", "Uỷ ban nhân dân "):
        if marker in name:
            return name.split(marker, 1)[1].strip()
    return name


def _fill(name: str, values: dict[str, str]) -> str:
    return (TEMPLATE_DIR / name).read_text(encoding="utf-8").format(**values)


def _workflow(name: str, package: str, branch: str) -> str:
    text = (TEMPLATE_DIR / name).read_text(encoding="utf-8")
    return text.replace("@@PACKAGE@@", package).replace("@@BRANCH@@", branch)


def create_site(
    folder: Path,
    office: Office,
    *,
    samples: bool = False,
    package: str = DEFAULT_PACKAGE,
    branch: str = "main",
) -> list[Path]:
    """Write a new site into `folder` (new or empty); returns the files written."""
    if folder.exists() and any(folder.iterdir()):
        raise InitError(
            _("{folder} is not empty; choose a new folder for the site").format(folder=folder)
        )
    source = next((r for r in (SOURCE_ROOT, INSTALLED_ROOT) if (r / "theme").is_dir()), None)
    if source is None:
        raise InitError(
            _("the theme folder was not found at {path}").format(path=SOURCE_ROOT / "theme")
        )
    theme = source / "theme"
    short = office.short_name or short_name(office.name)
    values = {
        # The site speaks Vietnamese to residents whatever language the clerk's terminal uses.
        "site_name": _yaml(f"Thủ tục hành chính – {short}"),
        "site_url": _yaml(office.site_url),
        "office_name": _yaml(office.name),
        "short_name": _yaml(short),
        "address": _yaml(office.address),
        "hours": _yaml(office.hours),
        "hotline": _yaml(office.hotline),
        "branch": branch,
    }
    content = folder / "content"
    (content / "procedures").mkdir(parents=True)
    shutil.copytree(theme, folder / "theme")
    files = {
        folder / "mkdocs.yml": _fill("mkdocs.yml", values),
        folder / "README.md": _fill("README.md", {**values, "office_name": office.name}),
        folder / ".gitignore": _fill("gitignore", {}),
        folder / GITHUB_WORKFLOW: _workflow("github-pages.yml", package, branch),
        folder / GITLAB_CI: _workflow("gitlab-ci.yml", package, branch),
        content / "index.md": _fill("index.md", {"short_name": short}),
        content / "register.yml": _fill("register.yml", {}),
    }
    for page in ("an-pham-in.md", "huong-dan.md"):
        if (source / "content" / page).is_file():
            files[content / page] = (source / "content" / page).read_text(encoding="utf-8")
    if samples:
        for sample in published_samples(source / "content"):
            files[content / "procedures" / sample.name] = sample.read_text(encoding="utf-8")
        synonyms = source / "content" / "synonyms.yml"
        if synonyms.is_file():
            files[content / "synonyms.yml"] = synonyms.read_text(encoding="utf-8")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return sorted(files)
