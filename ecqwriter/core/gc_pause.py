"""Pause Python's cycle collector for one bounded burst of work.

An analysis makes many short-lived objects, which reference counting frees as it goes. The
cycle collector also wakes every few hundred allocations and walks the objects in memory
(spaCy's vocabulary, the models), finding nothing to free: several per cent of a package
check. It is paused for one analysis at a time and resumed afterwards, when it catches up in
one pass; nested and concurrent uses share one pause.
"""

from __future__ import annotations

import contextlib
import gc
import threading

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextlib.contextmanager
def collection_paused():
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
