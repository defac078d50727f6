"""Revision snapshots of example texts, and the policy that thins automatic ones.

Named snapshots are kept forever. Automatic ones are kept densely for recent history and
sparsely for old history, so a package's history stays small after months of writing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# (age up to, keep at most one automatic revision per this interval)
THINNING_RULES: tuple[tuple[dt.timedelta, dt.timedelta], ...] = (
    (dt.timedelta(hours=1), dt.timedelta(0)),  # the last hour: keep all
    (dt.timedelta(days=1), dt.timedelta(minutes=30)),
    (dt.timedelta(days=30), dt.timedelta(hours=12)),
    (dt.timedelta(days=3650), dt.timedelta(days=7)),
)
# an automatic snapshot is taken on save at most this often per example
AUTO_SNAPSHOT_INTERVAL = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Revision:
    id: int
    example_id: str
    created: dt.datetime
    name: str | None
    text: str

    @property
    def automatic(self) -> bool:
        return self.name is None


def revisions_to_drop(revisions: list[Revision], now: dt.datetime) -> list[int]:
    """Ids of automatic revisions the thinning policy discards (newest always kept)."""
    automatic = sorted((r for r in revisions if r.automatic), key=lambda r: r.created, reverse=True)
    drop: list[int] = []
    last_kept: Revision | None = None
    for revision in automatic:
        if last_kept is None:
            last_kept = revision
            continue
        age = now - revision.created
        spacing = next((gap for limit, gap in THINNING_RULES if age <= limit), None)
        if spacing is None or last_kept.created - revision.created < spacing:
            drop.append(revision.id)
        else:
            last_kept = revision
    return drop
