"""Writing a save into the package file itself, for when replacing it would take it from its owner.

Replacing by rename is atomic but makes a new file that belongs to whoever saved. For a
package that belongs to another user, or one with several names (hard links), the save is
written into the existing file instead, under the exclusive lock that every save and every
reader takes. Atomicity then comes from a journal in the saver's own state folder: before the
first byte is written, the new bytes and the old ones are stored there and flushed. A save
killed half-way leaves a file whose every byte is the old file's or the new one's at that
place; the next ecqwriter of the same user finishes it (``finish_interrupted_writes``). A file
that holds anything else was saved by someone since, and is left alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import sys
import time
from pathlib import Path

from ecqwriter.storage.advisory_locks import wait_for_lock

CHUNK = 1 << 16
_RECORD_SUFFIX = ".json"
_BYTES_SUFFIX = ".new"
_OLD_SUFFIX = ".old"


def journal_folder() -> Path:
    import platformdirs

    folder = Path(platformdirs.user_state_dir("ecqwriter", appauthor=False)) / "saves-in-progress"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


class JournalError(OSError):
    """The journal could not be written in the saver's state folder (its disk is full, most
    often); the package was not touched."""


def digest_of(handle) -> str:
    """The SHA-256 of an open file's bytes, from its start."""
    whole = hashlib.sha256()
    handle.seek(0)
    while piece := handle.read(1 << 20):
        whole.update(piece)
    return whole.hexdigest()


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def write_in_place(working: Path, target_fd: int, real_target: Path, old_digest: str) -> str:
    """Overwrite the open, exclusively locked file at ``target_fd`` with the working file's
    bytes, journalled first. Returns the new digest; raises OSError as the file system does."""
    folder = journal_folder()
    key = secrets.token_hex(8)
    record, new_bytes, old_bytes = (folder / f"{key}{suffix}" for suffix in (_RECORD_SUFFIX, _BYTES_SUFFIX,
                                                                              _OLD_SUFFIX))
    with open(working, "rb") as source:
        data = source.read()
    info = os.fstat(target_fd)
    digest = hashlib.sha256(data).hexdigest()
    try:
        try:
            _write_private(new_bytes, data)
            _write_private(old_bytes, _read_all(target_fd))
            _write_private(record, json.dumps({
                "target": os.fsdecode(real_target), "device": info.st_dev, "inode": info.st_ino,
                "new_digest": digest, "old_digest": old_digest,
            }).encode("ascii"))
        except OSError as exc:
            _forget(record, new_bytes, old_bytes)
            raise JournalError(exc.errno, exc.strerror, os.fspath(folder)) from None
        fsync_folder(folder)
        _overwrite(target_fd, data)
    except BaseException:
        with contextlib.suppress(OSError):
            # undone by us: the file is whole (old or new), so the journal is not needed
            if hashlib.sha256(_read_all(target_fd)).hexdigest() in (old_digest, digest):
                _forget(record, new_bytes, old_bytes)
        raise
    _forget(record, new_bytes, old_bytes)
    return digest


def _read_all(fd: int) -> bytes:
    pieces, offset = [], 0
    while piece := os.pread(fd, 1 << 20, offset):
        pieces.append(piece)
        offset += len(piece)
    return b"".join(pieces)


def _overwrite(fd: int, data: bytes) -> None:
    view = memoryview(data)
    written = 0
    while written < len(view):
        written += os.pwrite(fd, view[written:written + (1 << 20)], written)
    os.ftruncate(fd, len(data))
    os.fsync(fd)


def _forget(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename, a new file) to disk; Windows has no such call."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _only_old_or_new(current: bytes, old: bytes, new: bytes) -> bool:
    """Whether every byte of the file is the old file's or the new one's at that place (a
    write cut short); anything else means someone saved the file since."""
    # cut short before the final truncate, the file is as long as the old one or as far as the write got
    if not (len(current) == len(new) or len(old) <= len(current) <= max(len(old), len(new))):
        return False
    for start in range(0, len(current), CHUNK):
        piece = current[start:start + CHUNK]
        if piece in (old[start:start + CHUNK], new[start:start + CHUNK]):
            continue
        old_piece, new_piece = old[start:start + CHUNK], new[start:start + CHUNK]
        if any(byte != (old_piece[i] if i < len(old_piece) else None)
               and byte != (new_piece[i] if i < len(new_piece) else None) for i, byte in enumerate(piece)):
            return False
    return True


# a journal file this fresh may belong to a save still being written by another process
_FRESH_SECONDS = 30
# a journal whose file has not been reachable for this long is given up
_GIVE_UP_SECONDS = 90 * 24 * 3600


def finish_interrupted_writes() -> list[Path]:
    """Complete every in-place save of this user that was killed half-way; returns the files
    that were completed. A file changed by anyone since is left as it is. A journal whose file
    cannot be reached now (a share not mounted, a renamed folder) is kept for a later start."""
    completed: list[Path] = []
    now = time.time()
    with contextlib.suppress(OSError):
        folder = journal_folder()
        for entry in sorted(folder.iterdir()):
            with contextlib.suppress(OSError):
                age = now - entry.stat().st_mtime
                if entry.suffix in (_BYTES_SUFFIX, _OLD_SUFFIX) and age > _FRESH_SECONDS \
                        and not entry.with_suffix(_RECORD_SUFFIX).exists():
                    entry.unlink()  # a save killed before its record was written: never begun
                if entry.suffix != _RECORD_SUFFIX:
                    continue
                new_bytes, old_bytes = entry.with_suffix(_BYTES_SUFFIX), entry.with_suffix(_OLD_SUFFIX)
                outcome = _finish_one(entry, new_bytes, old_bytes, age)
                if isinstance(outcome, Path):
                    completed.append(outcome)
                if outcome != "keep":
                    _forget(entry, new_bytes, old_bytes)
    return completed


def _finish_one(record: Path, new_bytes: Path, old_bytes: Path, age: float):
    """The completed file, "keep" (try again later) or "done" (nothing left to do)."""
    try:
        facts = json.loads(record.read_text(encoding="ascii"))
        target = Path(facts["target"])
        data, old = new_bytes.read_bytes(), old_bytes.read_bytes()
    except (ValueError, KeyError, TypeError):
        return "keep" if age < _FRESH_SECONDS else "done"  # being written, or damaged
    except OSError:
        return "keep" if age < _GIVE_UP_SECONDS else "done"
    try:
        return target if _complete(target, facts, data, old) else "done"
    except _Busy:
        return "keep"
    except FileNotFoundError:
        return "keep" if age < _GIVE_UP_SECONDS else "done"  # not reachable now: maybe later
    except OSError:
        return "keep" if age < _GIVE_UP_SECONDS else "done"


def _complete(target: Path, facts: dict, data: bytes, old: bytes) -> bool:
    if hashlib.sha256(data).hexdigest() != facts["new_digest"]:
        return False  # our own journal is damaged: never write it into anyone's file
    fd = os.open(target, os.O_RDWR | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if (info.st_dev, info.st_ino) != (facts["device"], facts["inode"]):
            return False
        _lock_exclusively(fd)
        current = _read_all(fd)
        if hashlib.sha256(current).hexdigest() in (facts["new_digest"], facts["old_digest"]):
            return False  # whole: finished, or never begun
        if not _only_old_or_new(current, old, data):
            return False
        _overwrite(fd, data)
        return True
    finally:
        os.close(fd)


class _Busy(Exception):
    """Another process holds the file's lock: try again at the next start."""


def _lock_exclusively(fd: int, wait_seconds: float = 5.0) -> None:
    if not wait_for_lock(fd, shared=False, deadline=time.monotonic() + wait_seconds):
        raise _Busy()
