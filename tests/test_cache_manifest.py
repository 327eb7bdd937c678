"""The cache manifest at each warm build: one listing of its folder instead of a `stat` per
file, and no rewrite when nothing changed; stale files still go (issue 18: speed)."""

from __future__ import annotations

from pathlib import Path

from generator.cache import Manifest, cached_file

SUFFIXES = (".svg", ".png")


def filled(folder: Path, codes: list[str]) -> Manifest:
    manifest = Manifest(folder, "artifacts", SUFFIXES)
    for code in codes:
        for suffix in SUFFIXES:
            cached_file(folder, code, "f1", suffix).write_bytes(b"x")
        manifest.record(code, "f1", title=f"Thủ tục {code}")
    manifest.save(codes)
    return manifest


def test_an_unchanged_manifest_is_not_rewritten_and_a_missing_file_is_not_fresh(
    tmp_path: Path,
) -> None:
    filled(tmp_path, ["1.001193", "QT-01"])
    path = tmp_path / "artifacts.json"
    inode = path.stat().st_ino
    again = Manifest(tmp_path, "artifacts", SUFFIXES)
    assert again.is_fresh("1.001193", "f1") and again.is_fresh("QT-01", "f1")
    assert not again.is_fresh("QT-01", "f2")
    again.save(["1.001193", "QT-01"])
    assert path.stat().st_ino == inode  # the very same file: not written again
    cached_file(tmp_path, "QT-01", "f1", ".png").unlink()
    assert not Manifest(tmp_path, "artifacts", SUFFIXES).is_fresh("QT-01", "f1")


def test_a_dropped_entry_and_stray_files_are_deleted(tmp_path: Path) -> None:
    filled(tmp_path, ["1.001193", "QT-01"])
    stray = cached_file(tmp_path, "QT-01", "old", ".svg")
    stray.write_bytes(b"left by a killed build")
    kept = tmp_path / "notes.txt"
    kept.write_text("not the manifest's", encoding="utf-8")
    manifest = Manifest(tmp_path, "artifacts", SUFFIXES)
    manifest.save(["1.001193"])
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == ["1.001193-f1.png", "1.001193-f1.svg", "artifacts.json", "notes.txt"]
    assert list(Manifest(tmp_path, "artifacts", SUFFIXES).entries) == ["1.001193"]
