"""The one cache primitive: a digest of what a file shows, atomic writes, and a manifest.

As in mkdocs-material's social plugin, a manifest maps each key (a procedure code, a pack
name) to the fingerprint of everything its files show, and the files are named
`<key>-<fingerprint>.<suffix>`, so a rebuild redraws only what changed.

Published files are hard links to cached ones (no copy of every poster on each build), so a
cached file must never be rewritten in place: every write goes to a new file that is then
renamed over the old name. A hard link in `site/` keeps the old bytes whatever the cache does.

A cache file whose name no saved manifest holds yet is written straight into that name
instead (`write_new`), created with O_EXCL: nobody can be reading it or linking it, and it
saves a temporary file and a rename on each of the thousands of files a cold build draws. A
build killed mid-write may leave it half written, but the manifest is saved only once every
write has finished, so no later build trusts it: it is still not named, and is replaced.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import os
import shutil
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def digest(value: Any, length: int = 10) -> str:
    """A short, stable hash of any JSON-able value (keys sorted, text kept as is)."""
    blob = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:length]


@functools.cache
def code_digest() -> str:
    """This package's Python source, by content: what our code made in an earlier run (parsed
    files, rendered pages) must not be reused after an edit of it, as in an editable install.
    Read once per process."""
    package = Path(__file__).resolve().parent
    sha = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        sha.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        sha.update(path.read_bytes())
    return sha.hexdigest()


def atomic_write(path: Path, data: bytes | str | Iterable[bytes]) -> None:
    """Write `data` (or its pieces, in order) to `path` through a new file renamed into
    place: readers and hard links see the old file or the new one, never a half-written or
    rewritten one."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:  # keep the mode the file had, or the usual 0644, whatever the umask
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = 0o644
    handle, temporary = _new_temporary(path, mode)
    try:
        try:
            with open(handle, "wb", closefd=False) as file:
                if isinstance(data, bytes):
                    file.write(data)
                else:
                    file.writelines(data)
            if stat.S_IMODE(os.fstat(handle).st_mode) != mode:  # the umask took some away
                os.fchmod(handle, mode)
        finally:
            os.close(handle)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_new(path: Path, data: bytes | str) -> None:
    """Write a cache file that no saved manifest names (see the module's docstring) straight
    into `path`. A file already there (left half written by a killed build, or named before
    and perhaps linked into a site) is replaced by `atomic_write`, never written through."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    try:
        handle = os.open(path, flags, 0o644)
    except FileExistsError:
        atomic_write(path, data)
        return
    try:
        with open(handle, "wb", closefd=False) as file:
            file.write(data)
        if stat.S_IMODE(os.fstat(handle).st_mode) != 0o644:  # the umask took some away
            os.fchmod(handle, 0o644)
    except BaseException:
        os.close(handle)
        path.unlink(missing_ok=True)
        raise
    os.close(handle)


def write_file(path: Path, data: bytes | str | Iterable[bytes]) -> None:
    """`atomic_write`, making the folder first: the one way a page goes into a site."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)


_serial = itertools.count()


def _new_temporary(path: Path, mode: int) -> tuple[int, str]:
    """A new file beside `path`, named by process and a counter, made with its final mode:
    `tempfile.mkstemp` makes a private file whose mode is then changed, one more metadata
    write for each of the 5,000 files a cold build caches, while others write too."""
    while True:
        temporary = f"{path.parent}/.{path.name}.{os.getpid()}-{next(_serial)}.tmp"
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
            return os.open(temporary, flags, mode), temporary
        except FileExistsError:  # left by a killed process that had the same id
            continue


def link_or_copy(source: Path, target: Path) -> None:
    """Publish a cached file: a hard link where the file system allows, else a copy. An
    existing `target` is replaced, never written through (it may be a link to a cached file).
    Into a fresh folder, the usual case, it is one system call."""
    try:
        os.link(source, target)
        return
    except FileNotFoundError:  # no folder yet (a missing source fails again below)
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        target.unlink(missing_ok=True)
        shutil.copyfile(source, target)


def cached_file(folder: Path, key: str, fingerprint: str, suffix: str) -> Path:
    """Where a manifest keeps one of a key's files (codes hold dots: no `with_suffix`)."""
    return folder / f"{key}-{fingerprint}{suffix}"


class Manifest:
    """`<name>.json` in `folder`: per key, a fingerprint and whatever else the owner records,
    for files named `<key>-<fingerprint><suffix>` beside it."""

    def __init__(self, folder: Path, name: str, suffixes: tuple[str, ...]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.path = folder / f"{name}.json"
        self.suffixes = suffixes
        self.entries: dict[str, dict[str, Any]] = {}
        #: The manifest's text as read, so a save that changes nothing writes nothing.
        self._text: str | None = None
        #: The names of the folder's files, listed once for `is_fresh` (one listing, not a
        #: `stat` for each of 3,000 files at each build); dropped when files change.
        self._names: set[str] | None = None
        try:
            self._text = self.path.read_text(encoding="utf-8")
            entries = json.loads(self._text)["entries"]
        except (OSError, ValueError, KeyError, TypeError):
            entries = {}  # a missing or damaged manifest only costs a redraw
        if isinstance(entries, dict):
            self.entries = {k: v for k, v in entries.items() if isinstance(v, dict)}

    def file(self, key: str, suffix: str, fingerprint: str | None = None) -> Path:
        fingerprint = fingerprint or str(self.entries[key]["fingerprint"])
        return cached_file(self.folder, key, fingerprint, suffix)

    def names(self, key: str, fingerprint: str) -> bool:
        """Whether the manifest as read names `key`'s files with `fingerprint`: they may then
        be trusted and linked, so they are replaced, never written in place (`write_new`)."""
        return self.entries.get(key, {}).get("fingerprint") == fingerprint

    def is_fresh(self, key: str, fingerprint: str) -> bool:
        """Whether `key` was recorded with `fingerprint` and all its files are there."""
        entry = self.entries.get(key)
        if not entry or entry.get("fingerprint") != fingerprint:
            return False
        if self._names is None:
            self._names = self._file_names()
        names = (self.file(key, suffix, fingerprint).name for suffix in self.suffixes)
        return all(name in self._names for name in names)

    def _file_names(self) -> set[str]:
        with os.scandir(self.folder) as entries:
            return {entry.name for entry in entries if entry.is_file()}

    def record(self, key: str, fingerprint: str, **details: Any) -> None:
        self.entries[key] = {"fingerprint": fingerprint, **details}
        self._names = None

    def save(self, keep: Iterable[str]) -> None:
        """Keep only the entries in `keep`, delete files no entry names, write the manifest."""
        keep = set(keep)
        self.entries = {key: e for key, e in sorted(self.entries.items()) if key in keep}
        live = {self.file(key, suffix).name for key in self.entries for suffix in self.suffixes}
        for name in self._file_names():
            if name.endswith(self.suffixes) and name not in live:
                (self.folder / name).unlink(missing_ok=True)
        self._names = None
        text = json.dumps({"entries": self.entries}, ensure_ascii=False)
        if text != self._text:
            atomic_write(self.path, text)
            self._text = text
