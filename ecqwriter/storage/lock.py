"""A lock file beside the package that says who has it open.

The lock is a sidecar (``name.ecq.lock``) rather than a row in the package, so a package
that is e-mailed never carries a stale lock. It is taken only after the package opened
successfully, and a lock left by a crashed process on this machine is recognised as stale.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
from pathlib import Path

from ecqwriter import __version__
from ecqwriter.core.errors import PackageLockedError

LOCK_SUFFIX = ".lock"


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
    }


def describe_holder(holder: dict) -> str:
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
    except OSError:
        return False
    return True


def read_holder(package_path: Path) -> dict | None:
    """The current holder of the lock, or None when nobody (live) holds it."""
    path = lock_path_for(package_path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return {"user": "unknown", "host": "unknown", "since": "unknown", "unreadable": True}
    try:
        holder = json.loads(raw)
        if not isinstance(holder, dict):
            raise ValueError
    except ValueError:
        return {"user": "unknown", "host": "unknown", "since": "unknown", "unreadable": True}
    if holder.get("host") == socket.gethostname():
        pid = holder.get("pid")
        if isinstance(pid, int) and (pid == os.getpid() or not _process_alive(pid)):
            return None  # our own, or left by a process that has died: stale
    return holder


class PackageLock:
    def __init__(self, package_path: Path, holder: dict):
        self.package_path = package_path
        self.path = lock_path_for(package_path)
        self.holder = holder

    @classmethod
    def acquire(cls, package_path: Path, *, force: bool = False) -> PackageLock:
        """Take the lock; raises PackageLockedError if someone else holds it (unless force)."""
        package_path = Path(package_path)
        holder = read_holder(package_path)
        if holder is not None and not force:
            raise PackageLockedError(
                f"this package is open elsewhere ({describe_holder(holder)}); "
                "open it read-only, or take over if you are sure it is not in use",
                package_path,
                holder,
            )
        mine = _this_holder()
        path = lock_path_for(package_path)
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(mine, handle)
        os.replace(tmp, path)
        return cls(package_path, mine)

    def release(self) -> None:
        try:
            current = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if current.get("pid") == self.holder["pid"] and current.get("host") == self.holder["host"]:
            try:
                self.path.unlink()
            except OSError:
                pass
