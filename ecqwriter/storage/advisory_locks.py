"""Advisory file locks (flock), the one way saves, readers and sweepers keep out of each other's way.

Windows has none: there every call succeeds, and the compare-and-swap of a save still refuses
a lost update. A file system without flock behaves the same way.
"""

from __future__ import annotations

import sys
import time


def try_lock(fd: int, *, shared: bool) -> bool:
    """Take the lock without waiting; True when taken (or when there is no flock)."""
    if sys.platform == "win32":
        return True
    import fcntl

    try:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    except OSError:
        return True


def wait_for_lock(fd: int, *, shared: bool, deadline: float) -> bool:
    """Take the lock, waiting until ``deadline`` (time.monotonic); False if it stayed held."""
    while not try_lock(fd, shared=shared):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True
