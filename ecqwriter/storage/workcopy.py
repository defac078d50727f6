"""The user's package file is never edited in place.

Opening copies the file's bytes into a private working file in the app's own folder;
SQLite only ever works on that copy. Saving publishes the working file back: a new file is
written beside the package, flushed to disk and swapped in with one atomic rename, under an
exclusive lock and only if the package on disk is still the one this session read (a
compare-and-swap on the file's SHA-256).

What follows from this design (RELIABILITY.md has the reasoning and the tests):
- a rollback journal or WAL file beside a ``.ecq`` was never written by us, so it is never
  read: a foreign one cannot roll someone else's pages into this package;
- a reader (``check``, a cohort view) copies and never writes, so it leaves no ``-shm`` or
  journal behind and cannot be confused by one;
- two writers cannot lose an update: the second sees that the file changed and is refused;
- a crash at any moment leaves either the old file or the new one, never a mixture.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ecqwriter.core.errors import PackageFileError, read_error_message
from ecqwriter.core.private_dirs import private_root

FILE_MODE = 0o600
_CHUNK = 1 << 20
# bytes 18 and 19 of the SQLite header: 1 for rollback-journal files, 2 for WAL files
_WRITE_READ_VERSION_OFFSET = 18
PUBLISH_LOCK_WAIT_SECONDS = 10.0


@dataclass(frozen=True)
class DiskState:
    """What the package file on disk was when this session last read or wrote it."""

    digest: str
    device: int
    inode: int


def _private_file(folder: Path, suffix: str) -> tuple[Path, int]:
    """A new file with an unpredictable name, created exclusively and user-only."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    while True:
        path = folder / f".{secrets.token_hex(8)}{suffix}"
        try:
            return path, os.open(path, flags, FILE_MODE)
        except FileExistsError:
            continue


def new_working_file() -> Path:
    """An empty private working file, for a package created from nothing."""
    path, fd = _private_file(private_root(), ".ecq")
    os.close(fd)
    return path


def snapshot(source: Path) -> tuple[Path, DiskState]:
    """Copy the package's bytes into a new private working file; returns it and what was read."""
    try:
        handle = open(source, "rb")
    except OSError as exc:
        raise PackageFileError(read_error_message(exc), source) from None
    working, fd = _private_file(private_root(), ".ecq")
    digest = hashlib.sha256()
    try:
        with handle, os.fdopen(fd, "wb") as out:
            stat = os.fstat(handle.fileno())
            first = True
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                if first and len(chunk) > _WRITE_READ_VERSION_OFFSET + 1:
                    # a WAL-mode header would make SQLite look for a -wal beside our copy;
                    # the copy is a plain rollback-journal database (any WAL is not ours)
                    chunk = chunk[:_WRITE_READ_VERSION_OFFSET] + b"\x01\x01" + chunk[_WRITE_READ_VERSION_OFFSET + 2:]
                first = False
                out.write(chunk)
    except OSError as exc:
        discard(working)
        raise PackageFileError(f"cannot copy the package to work on it ({exc.strerror})", source) from None
    return working, DiskState(digest.hexdigest(), stat.st_dev, stat.st_ino)


def discard(working: Path) -> None:
    for path in (working, Path(f"{working}-journal"), Path(f"{working}-wal"), Path(f"{working}-shm")):
        with contextlib.suppress(OSError):
            path.unlink()


def _digest_of(handle) -> str:
    digest = hashlib.sha256()
    handle.seek(0)
    while chunk := handle.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


@contextlib.contextmanager
def _exclusive(target: Path, deadline: float):
    """Hold an exclusive advisory lock on the file now at ``target``; yields its open handle.

    Locking an inode that is then renamed over must be retried: after waiting we check that
    the path still names the inode we locked."""
    while True:
        try:
            handle = open(target, "rb")
        except FileNotFoundError:
            yield None
            return
        try:
            if not _lock_handle(handle, deadline):
                raise PackageFileError(
                    "another program is saving this package right now; nothing was changed. Try again", target)
            try:
                current = os.stat(target)
            except FileNotFoundError:
                current = None
            opened = os.fstat(handle.fileno())
            if current is not None and (current.st_dev, current.st_ino) == (opened.st_dev, opened.st_ino):
                yield handle
                return
        finally:
            handle.close()


def _lock_handle(handle, deadline: float) -> bool:
    if sys.platform == "win32":  # no advisory locks; the compare-and-swap still refuses a lost update
        return True
    import fcntl

    while True:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        except OSError:
            return True  # a file system without flock: rely on the compare-and-swap


def publish(working: Path, target: Path, expected: DiskState | None) -> DiskState:
    """Atomically replace ``target`` with the working file's bytes, if it is still ``expected``.

    ``expected`` None means the target must not exist (a new package). Raises
    PackageFileError with what happened; the target is never half-written."""
    real_target = Path(os.path.realpath(target))  # a symlinked package keeps its link
    folder = real_target.parent
    deadline = time.monotonic() + PUBLISH_LOCK_WAIT_SECONDS
    with _exclusive(real_target, deadline) as current:
        _compare(current, expected, target)
        try:
            temporary, fd = _private_file(folder, ".saving")
        except OSError as exc:
            raise PackageFileError(_explain_os_error(exc, "save"), target) from None
        try:
            digest = hashlib.sha256()
            with os.fdopen(fd, "wb") as out, open(working, "rb") as source:
                while chunk := source.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, real_target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise PackageFileError(_explain_os_error(exc, "save"), target) from None
    _fsync_folder(folder)
    stat = os.stat(real_target)
    _sweep_stale_temporaries(folder)
    return DiskState(digest.hexdigest(), stat.st_dev, stat.st_ino)


_TEMPORARY_NAME = re.compile(r"^\.[0-9a-f]{16}\.saving$")
STALE_TEMPORARY_SECONDS = 3600


def _sweep_stale_temporaries(folder: Path) -> None:
    """A save killed between writing its new file and the rename leaves that file behind.

    Ours have a recognisable name; one an hour old belongs to no save still running."""
    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if _TEMPORARY_NAME.match(entry.name):
                with contextlib.suppress(OSError):
                    if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                        os.unlink(entry.path)


def _compare(current, expected: DiskState | None, target: Path) -> None:
    if expected is None:
        if current is not None:
            raise PackageFileError("a file with this name appeared meanwhile; it was left untouched", target)
        return
    if current is None:
        raise PackageFileError(
            "the file was deleted or moved by another program; use Save As to keep your work", target)
    stat = os.fstat(current.fileno())
    if _digest_of(current) == expected.digest:
        return
    if (stat.st_dev, stat.st_ino) != (expected.device, expected.inode):
        raise PackageFileError(
            "the file was replaced by another program (or another ecqwriter) since you opened it; "
            "nothing was overwritten. Use Save As to keep your work", target)
    raise PackageFileError(
        "the file was changed by another program since it was opened; nothing was overwritten. "
        "Use Save As to keep your work", target)


def _fsync_folder(folder: Path) -> None:
    # the rename itself must reach the disk, or a power cut could bring the old file back
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _explain_os_error(exc: OSError, action: str) -> str:
    if exc.errno == errno.ENOSPC:
        return f"the disk is full; nothing was changed. Free some space or {action} elsewhere"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"the folder is read-only, so ecqwriter cannot {action} here; nothing was changed. "
                f"Use Save As to keep your work in a folder you can write")
    return f"the {action} failed and nothing was changed ({exc.strerror or exc})"


def copy_file(source: Path, destination: Path) -> None:
    """Copy a working file to a new user-only file that must not exist yet."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(destination, flags, FILE_MODE)
    except FileExistsError:
        raise PackageFileError("a file with this name exists; it was left untouched", destination) from None
    except OSError as exc:
        raise PackageFileError(_explain_os_error(exc, "write"), destination) from None
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as handle:
            shutil.copyfileobj(handle, out, _CHUNK)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            destination.unlink()
        raise PackageFileError(_explain_os_error(exc, "write"), destination) from None


def remove_orphans(max_age_seconds: float = 7 * 24 * 3600) -> None:
    """Working files left by a crashed process are deleted once they are a week old.

    The recovery journal, not the working file, is what brings unsaved work back."""
    cutoff = time.time() - max_age_seconds
    with contextlib.suppress(OSError):
        for path in private_root().iterdir():
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < cutoff:
                    path.unlink()
