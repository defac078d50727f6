"""The order of a finding's severity, the one place it is written: an error blocks
readiness, a warning should be fixed, an info is advice."""

from __future__ import annotations

from collections.abc import Iterable

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def worst(severities: Iterable[str]) -> str | None:
    """The most severe of ``severities`` (None when there are none)."""
    return min(severities, key=SEVERITY_ORDER.__getitem__, default=None)
