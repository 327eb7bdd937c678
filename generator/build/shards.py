"""Building a country in shards: each job of a CI matrix builds the shared site and the
outputs of its own share of the offices (`thutuc build --shard I/N`), and `thutuc merge`
lays the shards' sites over one another into one static site.

Office outputs live under paths that name the office (`P/<CODE>/<OFFICE>/`, `qr/<OFFICE>/`,
`posters/<OFFICE>/`, `don-vi/<OFFICE>/`), so shards never write the same office file; the
shared part (pages, v1 QR codes and posters, `procedures.json`, which lists every office from
plans alone) is the same in every shard, and the merge keeps the first shard's copy.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from generator.i18n import _

SHARD_ENV = "THUTUC_SHARD"
_SHARD = re.compile(r"^(\d+)/(\d+)$")


def parse_shard(text: str) -> tuple[int, int]:
    """`I/N` with 1 ≤ I ≤ N, as a CI matrix numbers its jobs."""
    match = _SHARD.match(text.strip())
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise ValueError(
            _("--shard must be I/N with 1 ≤ I ≤ N, e.g. 3/8; got {value}").format(value=repr(text))
        )
    return int(match.group(1)), int(match.group(2))


def current_shard() -> tuple[int, int] | None:
    """The shard this build makes (from `THUTUC_SHARD`, set by `build --shard`), or None."""
    text = os.environ.get(SHARD_ENV)
    return parse_shard(text) if text else None


def is_mine(index: int, shard: tuple[int, int] | None) -> bool:
    """Whether the office at `index` (in `offices.yml` order) is built by this shard."""
    return shard is None or index % shard[1] == shard[0] - 1


def merge(out: Path, sites: list[Path]) -> tuple[int, int]:
    """Lay every shard's site into `out` (hard links where possible); a file already there
    is kept. Returns (files linked, files already present)."""
    linked = kept = 0
    for site in sites:
        for path in sorted(site.rglob("*")):
            if not path.is_file():
                continue
            target = out / path.relative_to(site)
            if target.exists():
                kept += 1
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:
                shutil.copyfile(path, target)
            linked += 1
    return linked, kept
