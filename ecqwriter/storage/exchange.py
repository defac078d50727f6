"""A package travelling between candidate and reviewer: who saved it, and what changed.

Every save records who made it (the name and role set in the app's settings) and the
texts that person has now seen. When the file comes back, ``summarise_exchange``
compares the package with the texts the reader saw last, so the candidate sees the
reviewer's comments and the reviewer sees the candidate's rewrites, without either side
keeping notes of their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ecqwriter.core.comments import Comment
from ecqwriter.core.model import Package

ROLES = ("candidate", "reviewer")


@dataclass(frozen=True)
class Identity:
    """Who is working on the package; the name goes on comments and into the save log."""

    name: str
    role: str = "candidate"  # "candidate" or "reviewer" (coach, CDP coordinator, ERB staff)

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; expected one of {', '.join(ROLES)}")


@dataclass(frozen=True)
class SaveRecord:
    id: int  # order of the saves (times have whole seconds and may tie)
    author: str
    role: str
    host: str
    saved: dt.datetime
    app_version: str


@dataclass(frozen=True)
class SeenText:
    target: str
    text: str
    seen: dt.datetime


@dataclass
class ExchangeSummary:
    """What changed since ``reader`` last saved this package."""

    reader: str
    last_seen: dt.datetime | None  # None: the reader never saved this package
    others: list[SaveRecord]  # saves by other people since then, newest first
    changed_targets: list[str] = field(default_factory=list)  # texts that differ from what the reader saw
    new_targets: list[str] = field(default_factory=list)  # texts the reader never saw
    new_comments: list[Comment] = field(default_factory=list)  # threads with activity by others since
    seen: dict[str, SeenText] = field(default_factory=dict)

    @property
    def anything(self) -> bool:
        return bool(self.others or self.changed_targets or self.new_targets or self.new_comments)

    def describe(self) -> str:
        parts = []
        if self.others:
            latest = self.others[0]
            who = f"{latest.author} ({latest.role})" if latest.role else latest.author
            when = latest.saved.astimezone().strftime("%Y-%m-%d %H:%M")
            parts.append(f"Last saved by {who} on {when}")
        if self.last_seen is None:
            parts.append("you have not saved this package before, so all of it is new to you")
            text = "; ".join(parts)
            return text[:1].upper() + text[1:] + "."
        if not self.anything:
            return "Nothing changed since you last saved this package."
        if self.changed_targets or self.new_targets:
            count = len(self.changed_targets) + len(self.new_targets)
            parts.append(f"{count} text{'s' if count != 1 else ''} changed since you last saw them")
        if self.new_comments:
            count = len(self.new_comments)
            parts.append(f"{count} comment thread{'s' if count != 1 else ''} with new activity")
        return "; ".join(parts) + "."


def summarise_exchange(package: Package, reader: str, saves: list[SaveRecord],
                       seen: dict[str, SeenText]) -> ExchangeSummary:
    """Compare the package with what ``reader`` saw at their last save (``seen``)."""
    mine = [s for s in saves if s.author == reader]
    last_mine = max((s.id for s in mine), default=None)
    last_seen = max((s.seen for s in seen.values()), default=None)
    if mine:
        last_seen = max([s.saved for s in mine] + ([last_seen] if last_seen else []))
    others = sorted((s for s in saves if s.author != reader and (last_mine is None or s.id > last_mine)),
                    key=lambda s: s.id, reverse=True)
    summary = ExchangeSummary(reader, last_seen, others, seen=seen)
    if last_seen is None:
        return summary
    for target, text in package.texts().items():
        if target not in seen:
            if text.strip():
                summary.new_targets.append(target)
        elif seen[target].text != text:
            summary.changed_targets.append(target)
    for comment in package.comments:
        activity = [(comment.author, comment.created)] + [(r.author, r.created) for r in comment.replies]
        if comment.resolved_at is not None:
            activity.append((comment.resolved_by, comment.resolved_at))
        if any(author != reader and when >= last_seen for author, when in activity):
            summary.new_comments.append(comment)
    return summary
