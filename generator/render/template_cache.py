"""Compiled templates kept between builds (Jinja's bytecode cache).

MkDocs compiles Material's templates and ours on every build: about a third of a small
site's build, and 0.3 s of every rebuild of a large one. Jinja can keep what it compiled,
keyed by the template's name and file; here the key is the name and the source itself, so
the same template in another checkout or fixture project (another file) is compiled once, and
an edited template is compiled again. Jinja checks its own version and the source's checksum
on load and recompiles on any mismatch or a damaged file, so a stale cache costs a compile,
never a wrong page.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket


class SourceKeyedCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache keyed by template name and source instead of name and file path."""

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        checksum = self.get_source_checksum(source)
        bucket = Bucket(environment, self.get_cache_key(f"{name}\0{checksum}"), checksum)
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        """A damaged file (a killed build, a full disk) is compiled again: Jinja checks the
        version and the checksum, but unpickles the checksum without a guard."""
        try:
            super().load_bytecode(bucket)
        except Exception:  # any unpickling or unmarshalling error: the bytes are not ours
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep what was compiled if the disk allows: a full or read-only cache folder costs
        the next build a compile, not this build its pages."""
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def bytecode_cache(folder: Path) -> jinja2.BytecodeCache | None:
    """A cache in `folder` (one folder per kind of environment: templates compiled with other
    settings differ), or None when the folder cannot be made: a build never fails for it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return SourceKeyedCache(str(folder))
