"""The local mode's file API: what Decap CMS's `proxy` backend asks of a repository on disk.

It answers the same actions as Decap's own `decap-server` in its file-system mode (`info`,
`entriesByFolder`, `getEntry`, `persistEntry`, media and deletes), so one machine can edit
without Node or a Git host. It differs where it matters to us: every path must stay inside
`content/`, saves go through `saving` so a file keeps its meaning, and a procedure that `check`
would refuse is not written at all: the clerk sees the reason in the editor.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from generator.cache import atomic_write
from generator.content import drafts
from generator.content.procedure import parse_procedure
from generator.editor import saving
from generator.i18n import _

CONTENT = "content"


class RefusedPath(ValueError):
    """A path outside the content folder, or not a plain relative path."""


@dataclass(frozen=True)
class LocalRepository:
    root: Path
    #: The keys each form writes; a key not among them is kept on save.
    procedure_keys: frozenset[str]
    notice_keys: frozenset[str]
    office_keys: frozenset[str]

    def resolve(self, relative: str) -> Path:
        path = PurePosixPath(relative.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or not path.parts:
            raise RefusedPath(relative)
        if path.parts[0] != CONTENT:
            raise RefusedPath(relative)
        resolved = (self.root / path).resolve()
        if not resolved.is_relative_to((self.root / CONTENT).resolve()):
            raise RefusedPath(relative)
        return resolved

    def entry(self, relative: str, label: str | None = None) -> dict[str, Any]:
        try:
            raw = self.resolve(relative).read_bytes()
        except (OSError, RefusedPath):
            return {"data": None, "file": {"path": relative, "label": label, "id": None}}
        sha = hashlib.sha256(raw).hexdigest()
        return {
            "data": raw.decode("utf-8"),
            "file": {"path": relative, "label": label, "id": sha},
        }

    def listing(self, folder: str, extension: str, depth: int) -> list[str]:
        base = self.resolve(folder)
        if not base.is_dir():
            return []
        found = []
        for path in sorted(base.rglob("*")):
            inside = path.relative_to(base)
            if path.is_file() and path.name.endswith(extension) and len(inside.parts) <= depth:
                found.append(path.relative_to(self.root).as_posix())
        return found

    def media(self, relative: str) -> dict[str, Any]:
        raw = self.resolve(relative).read_bytes()
        return {
            "id": hashlib.sha256(raw).hexdigest(),
            "content": base64.b64encode(raw).decode("ascii"),
            "encoding": "base64",
            "path": relative,
            "name": PurePosixPath(relative).name,
        }

    def saved_text(self, relative: str, raw: str) -> str:
        """What to write for Decap's `raw` text: only what changed, applied to the file."""
        path = self.resolve(relative)
        original = path.read_text(encoding="utf-8") if path.is_file() else None
        parts = PurePosixPath(relative).parts
        if relative.endswith(".md") and len(parts) >= 2 and parts[1] == "procedures":
            text = saving.merged_markdown(original, raw, set(self.procedure_keys))
            was_draft = original is not None and drafts.is_draft(original.encode("utf-8"))
            if was_draft and not drafts.is_draft(text.encode("utf-8")):
                return drafts.without_draft_note(text)  # published: the note is untrue now
            return text
        if relative.endswith(".md") and len(parts) >= 2 and parts[1] == "notices":
            return saving.merged_markdown(original, raw, set(self.notice_keys))
        if relative == f"{CONTENT}/offices.yml":
            return saving.merged_offices(original, raw, set(self.office_keys))
        if relative == f"{CONTENT}/synonyms.yml":
            return saving.merged_synonyms(original, raw)
        return raw

    def refusal(self, relative: str, text: str) -> list[str]:
        """Why a procedure file would not build, in the clerk's words (file, line, field);
        empty if it would."""
        parts = PurePosixPath(relative).parts
        if len(parts) < 2 or parts[1] != "procedures" or not relative.endswith(".md"):
            return []
        if drafts.is_draft(text.encode("utf-8")):
            return []  # a draft blocks nothing: half-done work may be saved (import, v3)
        path = self.resolve(relative)
        _procedure, problems = parse_procedure(path, relative, text.encode("utf-8"))
        return [str(p) for p in problems if p.severity == "error"]

    def persist(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        entry = params.get("entry")
        data_files = params.get("dataFiles") or ([entry] if entry else [])
        planned = []
        for data_file in data_files:
            relative = str(data_file["path"])
            text = self.saved_text(relative, str(data_file["raw"]))
            if problems := self.refusal(relative, text):
                # `error` is what Decap shows for a few seconds; `problems` is what the admin
                # page keeps on screen, one to a line, until a save goes through.
                reason = _("Not saved: {errors}").format(errors="; ".join(problems))
                return 422, {"error": reason, "problems": problems}
            planned.append((self.resolve(relative), text))
        for path, text in planned:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, text.encode("utf-8"))
        for asset in params.get("assets") or []:
            self.write_asset(asset)
        return 200, {"message": "entry persisted"}

    def write_asset(self, asset: dict[str, Any]) -> Path:
        path = self.resolve(str(asset["path"]))
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, base64.b64decode(asset["content"]))
        return path

    def handle(self, action: str, params: dict[str, Any]) -> tuple[int, Any]:
        """One request of Decap's proxy backend: (HTTP status, JSON answer)."""
        try:
            return self._handle(action, params)
        except RefusedPath as exc:
            return 422, {"error": _("Refused path outside content/: {path}").format(path=exc)}
        except (KeyError, TypeError, ValueError) as exc:
            return 422, {"error": _("Bad request: {reason}").format(reason=exc)}

    def _handle(self, action: str, params: dict[str, Any]) -> tuple[int, Any]:
        if action == "info":
            return 200, {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}
        if action == "entriesByFolder":
            files = self.listing(params["folder"], params.get("extension", ""), params["depth"])
            return 200, [self.entry(path) for path in files]
        if action == "entriesByFiles":
            return 200, [self.entry(f["path"], f.get("label")) for f in params["files"]]
        if action == "getEntry":
            return 200, self.entry(params["path"])
        if action == "persistEntry":
            return self.persist(params)
        if action == "getMedia":
            files = self.listing(params["mediaFolder"], "", 1)
            return 200, [self.media(path) for path in files]
        if action == "getMediaFile":
            return 200, self.media(params["path"])
        if action == "persistMedia":
            return 200, self.media(
                self.write_asset(params["asset"]).relative_to(self.root).as_posix()
            )
        if action in ("deleteFile", "deleteFiles"):
            paths = params.get("paths") or [params["path"]]
            for relative in paths:
                self.resolve(relative).unlink(missing_ok=True)
            return 200, {"message": "deleted"}
        if action == "getDeployPreview":
            return 200, None
        return 422, {"error": f"Unknown action {action}"}


__all__ = ["LocalRepository", "RefusedPath"]
