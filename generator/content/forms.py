"""The `forms:` list of a procedure's front matter: the forms (tờ khai) a resident can
download, each a file under `content/` (copied into the site with it) or an http(s) link,
each with a label. `check` proves each file is there, naming the file, line and key."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from generator.content.errors import ContentError
from generator.i18n import _

_HTTP = re.compile(r"^https?://[^\s/]+\S*$", flags=re.IGNORECASE)
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Target = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class Form(BaseModel):
    """One downloadable form: `label` and either `file` (a path under content/, written
    with '/') or `url` (an http or https link)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    label: Label
    file: Target | None = None
    url: Target | None = None

    @model_validator(mode="after")
    def _one_target(self) -> Form:
        if (self.file is None) == (self.url is None):
            raise ValueError(_("each form needs a label and either 'file' or 'url'"))
        if self.url is not None and not _HTTP.match(self.url):
            raise ValueError(_("{url} is not an http or https link").format(url=repr(self.url)))
        if self.file is not None:
            path = PurePosixPath(self.file)
            if path.is_absolute() or ".." in path.parts or "\\" in self.file:
                raise ValueError(
                    _("{path} must be a path inside content/, e.g. mau/to-khai.pdf").format(
                        path=repr(self.file)
                    )
                )
        return self

    def site_path(self) -> str:
        """Where the file is in the built site (MkDocs copies content/ files as they are)."""
        return str(PurePosixPath(self.file or ""))


def missing_forms(
    forms: list[Form], content_dir: Path, display: str, line: int | None
) -> list[ContentError]:
    """An error for each `file` form that is not a file under content/."""
    problems: list[ContentError] = []
    if all(form.file is None for form in forms):
        return problems  # most procedures: no resolving of content/ for each
    root = content_dir.resolve()
    for form in forms:
        if form.file is None:
            continue
        path = (content_dir / form.file).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            message = _("the form file {file} is not in the content folder").format(file=form.file)
            problems.append(ContentError(display, message, line=line, field="forms"))
    return problems
