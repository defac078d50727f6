"""Rotating backups of package files, taken with SQLite's online backup API.

A backup is a consistent copy even while the package is open, written user-only into the
backups folder under the package's own name and thinned to the newest ``keep`` copies.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from pathlib import Path

from ecqwriter.core.errors import PackageFileError

DEFAULT_KEEP = 20


def default_backups_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("ecqwriter", appauthor=False)) / "backups"


def _safe_stem(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name, flags=re.UNICODE).strip("._") or "package"


def backup_package(
    package_path: Path,
    backups_dir: Path | None = None,
    *,
    keep: int = DEFAULT_KEEP,
    now: dt.datetime | None = None,
) -> Path:
    package_path = Path(package_path)
    backups_dir = Path(backups_dir) if backups_dir else default_backups_dir()
    stem = _safe_stem(package_path.stem)
    folder = backups_dir / stem
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = (now or dt.datetime.now()).strftime("%Y-%m-%d %H%M%S")
    target = folder / f"{stem} {stamp}.ecq"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{stem} {stamp} ({counter}).ecq"
    tmp = target.with_suffix(".partial")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        source = sqlite3.connect(f"{package_path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(tmp)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
        os.replace(tmp, target)
    except sqlite3.Error as exc:
        raise PackageFileError(f"the backup failed ({exc})", package_path) from None
    finally:
        if tmp.exists():
            tmp.unlink()
    prune_backups(folder, keep)
    return target


def list_backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ecq"), key=lambda p: p.stat().st_mtime_ns, reverse=True)


def prune_backups(folder: Path, keep: int) -> None:
    for old in list_backups(folder)[keep:]:
        old.unlink(missing_ok=True)
