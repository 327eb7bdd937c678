"""Building a country in shards: each job of a CI matrix builds the shared site and the
outputs of its own share of the offices (`thutuc build --shard I/N`), and `thutuc merge`
lays the shards' sites over one another into one static site.

Office outputs live under paths that name the office (`P/<CODE>/<OFFICE>/`, `qr/<OFFICE>/`,
`posters/<OFFICE>/`, `don-vi/<OFFICE>/`), so shards never write the same office file; the
shared part (pages, v1 QR codes and posters, `procedures.json`, which lists every office from
plans alone) is the same in every shard, and the merge keeps the first shard's copy.

Each shard's site carries a mark (`MARK`): which shard it is and a fingerprint of the content
and settings it was built from. `merge` refuses shards that are missing, unreadable, built
from different content, or that do not make up one whole set, and it publishes the merged
site the way a build publishes `site/`: into a staged folder, then one swap.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.build.faults import checkpoint
from generator.cache import digest, link_or_copy
from generator.i18n import _

_SHARD = re.compile(r"^(\d+)/(\d+)$")
#: The file in a shard's site that says which shard it is and what it was built from.
MARK = "thutuc-shard.json"

#: (I, N): the I-th of N shards, 1 ≤ I ≤ N.
Shard = tuple[int, int]


class MergeRefused(Exception):
    """The shards cannot make one whole site; nothing was written."""


def parse_shard(text: str) -> Shard:
    """`I/N` with 1 ≤ I ≤ N, as a CI matrix numbers its jobs."""
    match = _SHARD.match(text.strip())
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise ValueError(
            _("--shard must be I/N with 1 ≤ I ≤ N, e.g. 3/8; got {value}").format(value=repr(text))
        )
    return int(match.group(1)), int(match.group(2))


def is_mine(index: int, shard: Shard | None) -> bool:
    """Whether the office at `index` (in `offices.yml` order) is built by this shard."""
    return shard is None or index % shard[1] == shard[0] - 1


def content_fingerprint(content_dir: Path, settings: object, skip: Collection[Path]) -> str:
    """A digest of every file under `content_dir` (names and bytes) but `skip`, and of
    `settings`: two shards with the same fingerprint were built from the same content."""
    hasher = hashlib.sha256(digest(settings, 64).encode("ascii"))
    skipped = {path.resolve() for path in skip}
    for path in sorted(content_dir.rglob("*")):
        if path.is_file() and path.resolve() not in skipped:
            hasher.update(path.relative_to(content_dir).as_posix().encode("utf-8") + b"\0")
            hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.hexdigest()


def write_mark(site: Path, shard: Shard, fingerprint: str) -> None:
    mark = {"shard": f"{shard[0]}/{shard[1]}", "content": fingerprint}
    (site / MARK).write_text(json.dumps(mark) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class ShardSite:
    path: Path
    shard: Shard
    content: str


def read_shard(site: Path) -> ShardSite:
    """A shard's site and its mark, or MergeRefused saying what is wrong with it."""
    if not site.is_dir():
        problem = _("it is not a folder") if site.exists() else _("it does not exist")
        raise MergeRefused(
            _("{path} cannot be merged: {problem}").format(path=site, problem=problem)
        )
    try:
        mark = json.loads((site / MARK).read_text(encoding="utf-8"))
        return ShardSite(site, parse_shard(mark["shard"]), str(mark["content"]))
    except FileNotFoundError:
        reason = _("it has no {mark}; build it with `thutuc build --shard I/N`").format(mark=MARK)
    except OSError as exc:
        reason = str(exc.strerror or exc)
    except (ValueError, KeyError, TypeError, AttributeError):
        reason = _("its {mark} is damaged; build it again").format(mark=MARK)
    raise MergeRefused(_("{path} cannot be merged: {problem}").format(path=site, problem=reason))


def check_whole(sites: list[ShardSite]) -> None:
    """One fingerprint, one N, and every shard 1..N exactly once."""
    if len({site.content for site in sites}) > 1:
        listed = ", ".join(f"{site.path} ({site.content[:10]})" for site in sites)
        raise MergeRefused(
            _(
                "the shards were built from different content or settings: {listed}; build "
                "every shard from the same commit"
            ).format(listed=listed)
        )
    total = sites[0].shard[1]
    numbers = sorted(site.shard[0] for site in sites)
    if {site.shard[1] for site in sites} != {total} or numbers != list(range(1, total + 1)):
        given = ", ".join(f"{site.shard[0]}/{site.shard[1]}" for site in sites)
        raise MergeRefused(
            _("the shards do not make one whole site: got {given}, need 1/{n} to {n}/{n}").format(
                given=given, n=total
            )
        )


def lay_out(out: Path, sites: Iterable[Path]) -> tuple[int, int]:
    """Lay every shard's site into the empty folder `out` (hard links where possible); a
    file already there is kept. Returns (files laid, files already present)."""
    laid = kept = 0
    for site in sites:
        for path in sorted(site.rglob("*")):
            if not path.is_file() or path.relative_to(site).as_posix() == MARK:
                continue
            checkpoint("merge-file")
            target = out / path.relative_to(site)
            if target.exists():
                kept += 1
                continue
            link_or_copy(path, target)
            laid += 1
    return laid, kept


def merge(out: Path, sites: list[Path], *, replace: bool = False) -> tuple[int, int]:
    """Check the shards, lay them into a staged folder beside `out`, then swap it in: `out`
    is the old folder or the whole merged site, never a mix. An existing `out` is replaced
    only when asked. Returns (files laid, files shared by several shards)."""
    from generator.build import staging

    checked = [read_shard(site) for site in sites]
    check_whole(checked)
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise MergeRefused(_("{path} is not a folder; choose another output").format(path=out))
    if out.exists() and not replace:
        raise MergeRefused(
            _("{path} already exists; add --replace to replace it with the merged site").format(
                path=out
            )
        )
    staging.remove_leftovers(out)
    staged = staging.staging_dir(out)
    try:
        counts = lay_out(staged, [site.path for site in checked])
        staging.swap_in(staged, out)
    except BaseException:
        staging.discard(staged)
        raise
    return counts
