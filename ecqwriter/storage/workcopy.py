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
import time
from dataclasses import dataclass
from pathlib import Path

from ecqwriter.core.errors import PackageFileError, PackageReadOnlyError
from ecqwriter.core.private_dirs import private_root
from ecqwriter.core.regular_files import open_regular
from ecqwriter.storage import in_place
from ecqwriter.storage.advisory_locks import try_lock, wait_for_lock
from ecqwriter.storage.file_identity import WRITE_IN_PLACE, capture, carry_over, how_to_publish, restore_mode

FILE_MODE = 0o600
_CHUNK = 1 << 20
# bytes 18 and 19 of the SQLite header: 1 for rollback-journal files, 2 for WAL files
_WRITE_READ_VERSION_OFFSET = 18
PUBLISH_LOCK_WAIT_SECONDS = 10.0
# the largest package copied to work on; a real one is a few MB (ECQWRITER_MAX_PACKAGE_MB)
DEFAULT_MAX_PACKAGE_MB = 200
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def max_package_bytes() -> int:
    try:
        megabytes = float(os.environ.get("ECQWRITER_MAX_PACKAGE_MB", DEFAULT_MAX_PACKAGE_MB))
    except ValueError:
        megabytes = DEFAULT_MAX_PACKAGE_MB
    if not megabytes > 0:  # zero, negative or NaN: a mistake, not a wish to open nothing
        megabytes = DEFAULT_MAX_PACKAGE_MB
    return int(megabytes * 1024 * 1024)


@dataclass(frozen=True)
class DiskState:
    """What the package file on disk was when this session last read or wrote it."""

    digest: str
    device: int
    inode: int
    note: str = ""  # how saves reach this file when that is not by replacing it (shared files)


def _private_file(folder: Path, suffix: str) -> tuple[Path, int]:
    """A new file with an unpredictable name, created exclusively and user-only."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    while True:
        path = folder / f".{secrets.token_hex(8)}{suffix}"
        try:
            return path, os.open(path, flags, FILE_MODE)
        except FileExistsError:
            continue


# ------------------------------------------------------------------ working files, held while in use
#
# A working file is locked (flock) for as long as its session has it, so that the sweeper of
# another ecqwriter (or of this one) never deletes the copy of a session that is open but idle.
# The lock is on a descriptor of its own, kept open until ``discard``: closing any other
# descriptor of the file would drop SQLite's own locks on it.

_held: dict[str, int] = {}
WORKING_SUFFIX = ".ecq"
_WORKING_NAME = re.compile(r"^\.[0-9a-f]{16}\.ecq$")


def _hold(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    if not try_lock(fd, shared=False):
        os.close(fd)
        return
    _held[os.fspath(path)] = fd


def _release(path: Path) -> None:
    fd = _held.pop(os.fspath(path), None)
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)


def _in_use_elsewhere(path: str) -> bool:
    if path in _held:
        return True
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return True  # cannot tell: leave it
    try:
        return not try_lock(fd, shared=False)
    finally:
        os.close(fd)


def _working_folders(beside: Path | None) -> list[Path]:
    """Where a working file may go: the app's own folder, and if that disk is full, beside
    the package (hidden, user-only and locked like any working file)."""
    folders = []
    with contextlib.suppress(OSError):
        folders.append(private_root())
    if beside is not None:
        folders.append(beside)
    return folders


def new_working_file(beside: Path | None = None) -> Path:
    """An empty private working file, for a package created from nothing."""
    last: OSError | None = None
    for folder in _working_folders(beside):
        try:
            path, fd = _private_file(folder, WORKING_SUFFIX)
        except OSError as exc:
            last = exc
            continue
        os.close(fd)
        _hold(path)
        return path
    raise PackageFileError(_explain_os_error(last or OSError(errno.ENOSPC, "no room"), "work"),
                           beside or private_root())


def open_package_bytes(source: Path):
    """The package file opened for reading, once it proved a regular file within the size cap."""
    return open_regular(source, max_bytes=max_package_bytes(), what="an ecqwriter package",
                        error=PackageFileError)


def snapshot(source: Path) -> tuple[Path, DiskState]:
    """Copy the package's bytes into a new private working file; returns it and what was read.

    Only a regular file within the size cap is copied; the copy is made under a shared lock,
    so a save being written into the file (``in_place``) is never read half-done."""
    with open_package_bytes(source) as handle:
        if not wait_for_lock(handle.fileno(), shared=True, deadline=time.monotonic() + PUBLISH_LOCK_WAIT_SECONDS):
            raise PackageFileError("another program is saving this package right now; try again", source)
        stat = os.fstat(handle.fileno())
        problem: OSError | None = None
        for folder in _working_folders(source.parent):
            try:
                working, digest = _copy_into(handle, folder)
            except OSError as exc:
                problem = exc
                if exc.errno in _DISK_FULL:
                    continue  # the app's folder is full: beside the package may have room
                break
            return working, DiskState(digest, stat.st_dev, stat.st_ino)
    raise PackageFileError(f"cannot copy the package to work on it ({_working_folder_problem(problem)})", source)


def _working_folder_problem(exc: OSError | None) -> str:
    if exc is not None and exc.errno in _DISK_FULL:
        return "the disk of ecqwriter's working folder is full, and so is the package's"
    return (exc.strerror if exc is not None and exc.strerror else str(exc)) or "no working folder"


def _copy_into(handle, folder: Path) -> tuple[Path, str]:
    working, fd = _private_file(folder, WORKING_SUFFIX)
    _hold(working)  # before the copy: a sweeper must never take a copy that is being made
    digest = hashlib.sha256()
    handle.seek(0)
    try:
        with os.fdopen(fd, "wb") as out:
            first = True
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                if first and len(chunk) > _WRITE_READ_VERSION_OFFSET + 1:
                    # a WAL-mode header would make SQLite look for a -wal beside our copy;
                    # the copy is a plain rollback-journal database (any WAL is not ours)
                    chunk = chunk[:_WRITE_READ_VERSION_OFFSET] + b"\x01\x01" + chunk[_WRITE_READ_VERSION_OFFSET + 2:]
                first = False
                out.write(chunk)
    except BaseException:
        discard(working)
        raise
    return working, digest.hexdigest()


def discard(working: Path) -> None:
    _release(working)
    for path in (working, Path(f"{working}-journal"), Path(f"{working}-wal"), Path(f"{working}-shm")):
        with contextlib.suppress(OSError):
            path.unlink()


@contextlib.contextmanager
def _exclusive(target: Path, deadline: float):
    """Hold an exclusive advisory lock on the file now at ``target``; yields its open handle.

    Locking an inode that is then renamed over must be retried: after waiting we check that
    the path still names the inode we locked."""
    while True:
        try:
            handle = open_regular(target, max_bytes=None, what="a package to save into", error=PackageFileError)
        except PackageFileError:
            if not os.path.lexists(target):
                yield None
                return
            raise
        try:
            if not wait_for_lock(handle.fileno(), shared=False, deadline=deadline):
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


def publish(working: Path, target: Path, expected: DiskState | None) -> DiskState:
    """Replace ``target`` with the working file's bytes, if it is still ``expected``.

    ``expected`` None means the target must not exist (a new package). The file keeps its
    identity (file_identity): replaced by one atomic rename when the new file can be given
    its mode, group, owner and attributes, else written into under a journal (in_place).
    Raises PackageFileError with what happened; the target is never left half-written."""
    real_target = Path(os.path.realpath(target))  # a symlinked package keeps its link
    folder = real_target.parent
    deadline = time.monotonic() + PUBLISH_LOCK_WAIT_SECONDS
    with _exclusive(real_target, deadline) as current:
        old = _compare(current, expected, target)
        identity = capture(current.fileno()) if current is not None else None
        if identity is not None and read_only_on_disk(real_target):
            raise PackageReadOnlyError(
                "the file was made read-only since it was opened, so it was not saved and stays as it "
                "is. Use Save As to keep your work in another file", target)
        plan = how_to_publish(identity)
        note = plan.reason
        digest = None
        if plan.how != WRITE_IN_PLACE:
            digest, failed = _replace(working, real_target, folder, identity, target)
            if failed:
                note = (f"ecqwriter could not give a new file {', '.join(failed)}; saves are written into "
                        "the file instead, so that it keeps them")
        if digest is None:
            digest = _write_into(working, current, real_target, old, target, identity)
    _fsync_folder(folder)
    stat = os.stat(real_target)
    sweep_orphan_temporaries(folder)
    return DiskState(digest, stat.st_dev, stat.st_ino, note)


def read_only_on_disk(path: Path) -> bool:
    """Whether the file's owner made it read-only, or this user may not write it. No write
    bit at all counts even for an administrator, who could write it anyway."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return mode & 0o222 == 0 or not os.access(path, os.W_OK)


def state_of(path: Path) -> DiskState:
    """What the file at ``path`` is now: the ``expected`` of a publish that replaces it on purpose."""
    with open_package_bytes(path) as handle:
        info = os.fstat(handle.fileno())
        return DiskState(in_place.digest_of(handle), info.st_dev, info.st_ino)


def _replace(working: Path, real_target: Path, folder: Path, identity, target: Path) -> tuple[str | None, list[str]]:
    """Write a new file beside the target and rename it over; (digest, []) when done, or
    (None, what could not be kept) when the new file could not be given the old one's identity."""
    try:
        temporary, fd = _private_file(folder, ".saving")
    except OSError as exc:
        raise PackageFileError(_explain_os_error(exc, "save"), target) from None
    try:
        try_lock(fd, shared=False)  # a save in progress: the sweeper of another ecqwriter leaves it
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb", closefd=False) as out, open(working, "rb") as source:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            failed = carry_over(identity, fd) if identity is not None else []
            if failed:
                os.close(fd)
                fd = -1
                temporary.unlink()
                return None, failed
            os.fsync(fd)
        os.replace(temporary, real_target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise PackageFileError(_explain_os_error(exc, "save"), target) from None
    finally:
        if fd >= 0:
            os.close(fd)
    return digest.hexdigest(), []


def _write_into(working: Path, current, real_target: Path, old, target: Path, identity) -> str:
    try:
        fd = os.open(real_target, os.O_RDWR | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise PackageFileError(_explain_os_error(exc, "save"), target) from None
    try:
        opened, locked = os.fstat(fd), os.fstat(current.fileno())
        if (opened.st_dev, opened.st_ino) != (locked.st_dev, locked.st_ino):
            raise PackageFileError("the file was replaced by another program while saving; nothing was "
                                   "overwritten. Use Save As to keep your work", target)
        digest = in_place.write_in_place(working, fd, real_target, old)
        restore_mode(identity, fd)
        return digest
    except in_place.JournalError as exc:
        raise PackageFileError(
            f"the save into this shared file could not be journalled first, because ecqwriter's state folder "
            f"({exc.filename}) {'is on a full disk' if exc.errno in _DISK_FULL else 'cannot be written'}; nothing "
            "was changed. Free some space there, or use Save As to keep your work in another file", target) from None
    except OSError as exc:
        raise PackageFileError(_explain_os_error(exc, "save"), target) from None
    finally:
        os.close(fd)


_TEMPORARY_NAME = re.compile(r"^\.[0-9a-f]{16}\.(saving|ecq)$")
# a temporary this fresh may belong to a save that has not yet locked it
_FRESH_TEMPORARY_SECONDS = 30


def sweep_orphan_temporaries(folder: Path) -> None:
    """Remove what killed saves left in a package's folder: ``.saving`` files and working files
    placed beside packages (when the app's folder was full) that no running ecqwriter holds."""
    cutoff = time.time() - _FRESH_TEMPORARY_SECONDS
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if _TEMPORARY_NAME.match(entry.name):
                with contextlib.suppress(OSError):
                    if (entry.is_file(follow_symlinks=False)
                            and entry.stat(follow_symlinks=False).st_mtime < cutoff
                            and not _in_use_elsewhere(entry.path)):
                        discard(Path(entry.path))


def _compare(current, expected: DiskState | None, target: Path) -> str | None:
    """Refuse unless the file is still the one this session read; returns its digest."""
    if expected is None:
        if current is not None:
            raise PackageFileError("a file with this name appeared meanwhile; it was left untouched", target)
        return None
    if current is None:
        raise PackageFileError(
            "the file was deleted or moved by another program; use Save As to keep your work", target)
    stat = os.fstat(current.fileno())
    found = in_place.digest_of(current)
    if found == expected.digest:
        return found
    if (stat.st_dev, stat.st_ino) != (expected.device, expected.inode):
        raise PackageFileError(
            "the file was replaced by another program (or another ecqwriter) since you opened it; "
            "nothing was overwritten. Use Save As to keep your work", target)
    raise PackageFileError(
        "the file was changed by another program since it was opened; nothing was overwritten. "
        "Use Save As to keep your work", target)


def _fsync_folder(folder: Path) -> None:
    # the rename itself must reach the disk, or a power cut could bring the old file back
    in_place.fsync_folder(folder)


def _explain_os_error(exc: OSError, action: str) -> str:
    if exc.errno in _DISK_FULL:
        return (f"the disk that holds this file is full, so ecqwriter cannot {action} here; nothing was "
                f"changed. Free some space on it, or use Save As to save to another disk")
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
    """At start: finish any save of ours that was killed while writing into a shared file,
    delete working files no running ecqwriter holds (a crash left them; the recovery
    journal, not the working file, is what brings unsaved work back), and anything else in
    the working folder a week old."""
    in_place.finish_interrupted_writes()
    cutoff = time.time() - max_age_seconds
    with contextlib.suppress(OSError):
        for path in private_root().iterdir():
            with contextlib.suppress(OSError):
                if not path.is_file() or path.is_symlink():
                    continue
                base = path.name.split("-")[0]
                fresh = path.stat().st_mtime > time.time() - _FRESH_TEMPORARY_SECONDS
                if _WORKING_NAME.match(base):
                    if not fresh and not _in_use_elsewhere(os.fspath(path.with_name(base))):
                        path.unlink()
                elif path.stat().st_mtime < cutoff and not _in_use_elsewhere(os.fspath(path)):
                    path.unlink()
