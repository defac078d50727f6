"""A lock file beside the package that says who has it open.

The lock is a sidecar (``name.ecq.lock``) rather than a row in the package, so a package
that is e-mailed never carries a stale lock. It is taken before the package is read, so two
writers (two command-line imports, a window and a script) take turns instead of both
reading the same version. A lock left by a crashed process on this machine is recognised as
stale.

The lock file appears atomically, complete, and only if none exists: its content is written
to a temporary file with an unpredictable name (``O_EXCL | O_NOFOLLOW``, so a planted link is
never followed) and then hard-linked into place, which fails if a lock is already there.
Every field read from a lock file is validated; one we cannot trust is reported, never
believed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import secrets
import socket
import time
from pathlib import Path

from ecqwriter import __version__
from ecqwriter.core.errors import PackageFileError, PackageLockedError

LOCK_SUFFIX = ".lock"
_MAX_LOCK_BYTES = 4096
_MAX_PID = 2**31 - 1
_UNREADABLE = {"user": "unknown", "host": "unknown", "since": "unknown", "unreadable": True}


def lock_path_for(package_path: Path) -> Path:
    return package_path.with_name(package_path.name + LOCK_SUFFIX)


def _this_holder() -> dict:
    try:
        user = getpass.getuser()
    except Exception:  # no login name on some sandboxes
        user = "unknown"
    return {
        "host": socket.gethostname(),
        "user": user,
        "pid": os.getpid(),
        "since": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "app": f"ecqwriter {__version__}",
        "token": secrets.token_hex(8),
    }


def describe_holder(holder: dict) -> str:
    if holder.get("unreadable"):
        return "a lock file that ecqwriter cannot read; delete it if nobody has the package open"
    user = holder.get("user") or "someone"
    host = holder.get("host") or "an unknown computer"
    since = holder.get("since") or "an unknown time"
    return f"{user} on {host} since {since}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except (OSError, OverflowError, ValueError):
        return False
    return True


def _valid_holder(raw: object) -> dict | None:
    """The lock's fields if every one is of the right kind and size, else None."""
    if not isinstance(raw, dict):
        return None
    text_fields = ("host", "user", "since", "app", "token")
    for key in text_fields:
        value = raw.get(key, "")
        if not isinstance(value, str) or len(value) > 256:
            return None
    pid = raw.get("pid")
    if not isinstance(pid, int) or isinstance(pid, bool) or not 0 < pid <= _MAX_PID:
        return None
    return {key: raw.get(key, "") for key in text_fields} | {"pid": pid}


def _read_lock(path: Path) -> dict | None:
    """The lock at ``path`` as a validated holder, _UNREADABLE, or None if there is none."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError:  # a symlink (O_NOFOLLOW), a folder, no permission: not a lock we trust
        return dict(_UNREADABLE)
    try:
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(_MAX_LOCK_BYTES + 1)
    except OSError:
        return dict(_UNREADABLE)
    if len(raw) > _MAX_LOCK_BYTES:
        return dict(_UNREADABLE)
    try:
        holder = _valid_holder(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, RecursionError):
        holder = None
    return holder if holder is not None else dict(_UNREADABLE)


def _is_stale(holder: dict) -> bool:
    if holder.get("unreadable") or holder.get("host") != socket.gethostname():
        return False
    pid = holder["pid"]
    return pid == os.getpid() or not _process_alive(pid)


def read_holder(package_path: Path) -> dict | None:
    """The current holder of the lock, or None when nobody (live) holds it."""
    holder = _read_lock(lock_path_for(package_path))
    if holder is None or _is_stale(holder):
        return None  # none, our own, or left by a process that has died
    return holder


class PackageLock:
    def __init__(self, package_path: Path, holder: dict):
        self.package_path = package_path
        self.path = lock_path_for(package_path)
        self.holder = holder

    @classmethod
    def acquire(cls, package_path: Path, *, force: bool = False, wait_seconds: float = 0.0) -> PackageLock:
        """Take the lock; raises PackageLockedError if someone else holds it (unless force).

        With ``wait_seconds`` a held lock is waited for (command-line writers take turns)."""
        package_path = Path(package_path)
        path = lock_path_for(package_path)
        mine = _this_holder()
        deadline = time.monotonic() + wait_seconds
        temporary = _write_temporary(path, mine, package_path)
        try:
            while True:
                if force:
                    os.replace(temporary, path)
                    return cls(package_path, mine)
                if _link_exclusively(temporary, path, package_path):
                    return cls(package_path, mine)
                holder = _read_lock(path)
                if holder is None:
                    continue  # released between our attempt and the read
                if _is_stale(holder):
                    _remove_if_unchanged(path, holder)
                    continue
                if time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                raise PackageLockedError(
                    f"this package is open elsewhere ({describe_holder(holder)}); "
                    "open it read-only, or take over if you are sure it is not in use",
                    package_path,
                    holder,
                )
        finally:
            with contextlib.suppress(OSError):
                temporary.unlink()

    def release(self) -> None:
        current = _read_lock(self.path)
        if current and current.get("token") == self.holder["token"] and current.get("pid") == self.holder["pid"]:
            with contextlib.suppress(OSError):
                self.path.unlink()


def _write_temporary(path: Path, holder: dict, package_path: Path) -> Path:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    while True:
        temporary = path.with_name(f"{path.name}.{secrets.token_hex(8)}.tmp")
        try:
            fd = os.open(temporary, flags, 0o600)
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise PackageFileError(_cannot_lock(exc), package_path) from None
    with contextlib.suppress(OSError):
        # in a shared folder the group must be able to read who has the package open
        os.fchmod(fd, 0o600 | (os.stat(package_path).st_mode & 0o040))
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(holder, handle)
    return temporary


def _cannot_lock(exc: OSError) -> str:
    if isinstance(exc, PermissionError) or exc.errno == 30:  # EROFS
        return ("the folder is read-only, so ecqwriter cannot edit a package here; "
                "open it read-only, or copy it to a folder you can write")
    return f"cannot take the package's lock ({exc.strerror or exc})"


def _link_exclusively(temporary: Path, path: Path, package_path: Path) -> bool:
    try:
        os.link(temporary, path)
        return True
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in (1, 38, 95):  # EPERM, ENOSYS, EOPNOTSUPP: no hard links here
            raise PackageFileError(_cannot_lock(exc), package_path) from None
    # file systems without hard links: create the lock itself exclusively
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        return False
    except OSError as exc:
        raise PackageFileError(_cannot_lock(exc), package_path) from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(temporary.read_bytes())
    return True


def _remove_if_unchanged(path: Path, stale: dict) -> None:
    """Remove a stale lock, but not one that a live process put there meanwhile."""
    aside = path.with_name(f"{path.name}.{secrets.token_hex(8)}.stale")
    try:
        os.rename(path, aside)
    except OSError:
        return
    moved = _read_lock(aside)
    if moved is not None and not _is_stale(moved) and moved.get("token") != stale.get("token"):
        with contextlib.suppress(OSError):
            os.link(aside, path)  # not stale after all: put it back
    with contextlib.suppress(OSError):
        aside.unlink()
