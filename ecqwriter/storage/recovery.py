"""Crash recovery: a journal of unsaved edits, written seconds after typing stops.

The journal lives in the user's state folder (never beside the package, which may be on a
shared drive), one file per package, written atomically and readable by the user only.
A clean save or close removes it; finding one at the next start means the app died with
unsaved work, and the user is offered that work back.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ecqwriter.core.errors import EcqError
from ecqwriter.core.model import Package
from ecqwriter.core.serialize import package_from_dict, package_to_dict


def default_journal_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_state_dir("ecqwriter", appauthor=False)) / "recovery"


@dataclass
class RecoveredWork:
    package_path: Path
    written: dt.datetime
    package: Package
    journal_path: Path


class RecoveryJournalError(EcqError):
    """The recovery journal could not be written; the message says what still works."""

    def __init__(self, problem: str, folder: Path):
        super().__init__(f"cannot write the recovery journal: {problem}", folder)


class RecoveryJournal:
    def __init__(self, package_path: Path, folder: Path | None = None):
        self.package_path = Path(package_path).resolve()
        self.folder = Path(folder) if folder else default_journal_dir()
        # fsencode: a file name need not be valid UTF-8 (it arrives as surrogate escapes)
        key = hashlib.sha256(os.fsencode(self.package_path)).hexdigest()[:24]
        self.path = self.folder / f"{key}.json"

    def write(self, package: Package) -> None:
        try:
            self._write(package)
        except OSError as exc:
            full = exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
            raise RecoveryJournalError(
                ("its disk is full" if full else f"{exc.strerror or exc}") + "; your work is safe in memory "
                "and is kept by saving: save now (or Save As to another folder)", self.folder) from None

    def _write(self, package: Package) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        payload = {
            "package_path": str(self.package_path),
            "written": dt.datetime.now(dt.timezone.utc).isoformat(),
            "package": package_to_dict(package),
        }
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                # ASCII escapes keep a non-UTF-8 file name (surrogates) writable and exact on reading
                json.dump(payload, handle, ensure_ascii=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except OSError:
            tmp.unlink(missing_ok=True)  # a half-written journal must not be left to fill the disk
            raise

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)

    def read(self) -> RecoveredWork | None:
        return _read_journal(self.path)


def _read_journal(path: Path) -> RecoveredWork | None:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        return RecoveredWork(
            package_path=Path(payload["package_path"]),
            written=dt.datetime.fromisoformat(payload["written"]),
            package=package_from_dict(payload["package"]),
            journal_path=path,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def pending_recoveries(folder: Path | None = None) -> list[RecoveredWork]:
    """Unsaved work left by sessions that did not end cleanly, newest first."""
    folder = Path(folder) if folder else default_journal_dir()
    found = [w for p in sorted(folder.glob("*.json")) if (w := _read_journal(p)) is not None]
    return sorted(found, key=lambda w: w.written, reverse=True)
