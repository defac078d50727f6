"""Work on untrusted input in a child process with a time and memory limit.

A hostile file (a PDF whose objects loop, or that claims millions of pages) must neither hang
nor crash the application: the work runs in a child that is ended when its time is up, and
whose address space is capped where the system allows it. The child hands back a result or
a message; an exception never crosses the process boundary as an object.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from typing import Any

from ecqwriter.core.errors import EcqError

DEFAULT_SECONDS = 120
DEFAULT_MEMORY_BYTES = 3 * 1024**3


def _limit_memory(limit: int) -> None:
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError):
        pass  # not on this system: the time limit still holds


def _call(job: Callable, args: tuple) -> tuple[str, Any]:
    try:
        return "ok", job(*args)
    except EcqError as exc:
        return "refused", str(exc)
    except MemoryError:
        return "refused", "it needs more memory than is allowed for one file"
    except RecursionError:
        return "refused", "its structure is nested or looped too deeply to read"
    except Exception as exc:  # a damaged file reaches library code in many ways
        return "refused", f"it cannot be read ({type(exc).__name__}: {str(exc)[:200]})"


def run_bounded(job: Callable, *args, seconds: float = DEFAULT_SECONDS, memory: int = DEFAULT_MEMORY_BYTES,
                what: str = "the work") -> Any:
    """``job(*args)`` in a child process; its result, or EcqError with the child's message,
    or when it ran out of time or died. ``job`` and its arguments must be picklable."""
    methods = multiprocessing.get_all_start_methods()
    method = "fork" if "fork" in methods and threading.active_count() == 1 else "spawn"
    context = multiprocessing.get_context(method)
    pool = context.Pool(1, initializer=_limit_memory, initargs=(memory,), maxtasksperchild=1)
    try:
        pending = pool.apply_async(_call, (job, args))
        try:
            status, value = pending.get(timeout=seconds)
        except multiprocessing.TimeoutError:
            raise EcqError(f"{what} took longer than {seconds:g} second{'' if seconds == 1 else 's'} "
                           "and was stopped") from None
        except Exception as exc:  # the child died (killed, out of memory before it could answer)
            raise EcqError(f"{what} stopped unexpectedly ({type(exc).__name__})") from None
    finally:
        pool.terminate()
        pool.join()
    if status != "ok":
        raise EcqError(value)
    return value


__all__ = ["run_bounded"]
