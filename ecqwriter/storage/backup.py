"""Rotating backups of package files.

A package file is only ever replaced whole (``workcopy.publish``), so a byte copy of it is
always consistent; copying bytes, rather than opening the file with SQLite, also keeps any
journal beside it out of the backup. Backups are written user-only into the backups folder
under the package's own name and thinned to the newest ``keep`` copies.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from ecqwriter.core.errors import PackageFileError
from ecqwriter.storage.workcopy import copy_file

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
    tmp.unlink(missing_ok=True)
    try:
        copy_file(package_path, tmp)
        os.replace(tmp, target)
    except PackageFileError as exc:
        raise PackageFileError(f"the backup failed ({exc.message})", package_path) from None
    except OSError as exc:
        raise PackageFileError(f"the backup failed ({exc.strerror})", package_path) from None
    finally:
        tmp.unlink(missing_ok=True)
    prune_backups(folder, keep)
    return target


def list_backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ecq"), key=lambda p: p.stat().st_mtime_ns, reverse=True)


def prune_backups(folder: Path, keep: int) -> None:
    for old in list_backups(folder)[keep:]:
        old.unlink(missing_ok=True)
