"""Review comments anchored to text, and how anchors follow the text through edits.

A comment belongs to one text of the package (an example, the résumé, the justification)
and covers a range of it in Python ``str`` offsets. Anchors move with the text: typing
before a comment shifts it, typing inside it grows it, deleting its text collapses it to a
point (the comment stays, with the words it was made on, so nothing a reviewer said is
lost). No Qt here: the GUI calls ``follow_edit`` after each change of a text.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from ecqwriter.core.ids import new_id, now_utc

RESUME_TARGET = "resume"
JUSTIFICATION_TARGET = "justification"
TEXT_PART_TARGETS = (RESUME_TARGET, JUSTIFICATION_TARGET)
# a comment's quote is shown in lists and exported; longer ones are shortened
QUOTE_LIMIT = 400


def example_target(example_id: str) -> str:
    return f"example:{example_id}"


@dataclass
class Reply:
    author: str
    body: str
    created: dt.datetime = field(default_factory=now_utc)
    id: str = field(default_factory=new_id)


@dataclass
class Comment:
    """One thread: the comment on a range of text, its replies, and whether it is settled."""

    target: str  # example_target(id), "resume" or "justification"
    start: int
    end: int
    author: str
    body: str
    quote: str = ""  # the text the comment was made on, kept even if that text goes
    created: dt.datetime = field(default_factory=now_utc)
    replies: list[Reply] = field(default_factory=list)
    resolved_by: str = ""
    resolved_at: dt.datetime | None = None
    id: str = field(default_factory=new_id)
    # the commented words were just typed over: typing on at their end joins them (not saved)
    rewriting: bool = field(default=False, compare=False, repr=False)

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None

    @property
    def detached(self) -> bool:
        """The commented words were deleted; the comment marks where they were."""
        return self.start == self.end and bool(self.quote)

    @property
    def authors(self) -> set[str]:
        return {self.author, *(r.author for r in self.replies)}

    @property
    def last_activity(self) -> dt.datetime:
        times = [self.created, *(r.created for r in self.replies)]
        if self.resolved_at is not None:
            times.append(self.resolved_at)
        return max(times)

    def reply(self, author: str, body: str, *, when: dt.datetime | None = None) -> Reply:
        reply = Reply(author, body, when or now_utc())
        self.replies.append(reply)
        return reply

    def resolve(self, who: str, *, when: dt.datetime | None = None) -> None:
        self.resolved_by = who
        self.resolved_at = when or now_utc()

    def reopen(self) -> None:
        self.resolved_by = ""
        self.resolved_at = None


def new_comment(target: str, text: str, start: int, end: int, author: str, body: str) -> Comment:
    """A comment on ``text[start:end]``; the range is clamped to the text."""
    if not author.strip():
        raise ValueError("a comment needs an author")
    if not body.strip():
        raise ValueError("a comment needs some text")
    start, end = sorted((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    return Comment(target, start, end, author.strip(), body.strip(), text[start:end][:QUOTE_LIMIT])


def changed_region(old: str, new: str) -> tuple[int, int, int]:
    """(start, old_end, new_end): the one region where ``old`` and ``new`` differ.

    A keystroke, a paste or an undo changes one region, and this finds it exactly; for
    several scattered changes it returns the smallest region that holds them all.
    Slice comparisons keep it fast on long texts (binary search, not a Python loop).
    """
    limit = min(len(old), len(new))
    low, high = 0, limit
    while low < high:  # longest common prefix
        middle = (low + high + 1) // 2
        if old[:middle] == new[:middle]:
            low = middle
        else:
            high = middle - 1
    prefix = low
    low, high = 0, limit - prefix
    while low < high:  # longest common suffix that does not overlap the prefix
        middle = (low + high + 1) // 2
        if old[len(old) - middle:] == new[len(new) - middle:]:
            low = middle
        else:
            high = middle - 1
    suffix = low
    return prefix, len(old) - suffix, len(new) - suffix


def follow_edit(comments: list[Comment], old: str, new: str) -> None:
    """Move the anchors of ``comments`` (all on one text) from ``old`` to ``new``."""
    if old == new or not comments:
        return
    start, old_end, new_end = changed_region(old, new)
    delta = new_end - old_end
    for comment in comments:
        anchored = old[comment.start:comment.end]
        inside = start < comment.end and comment.start < old_end and not (
            comment.start <= start and old_end <= comment.end)
        covers = bool(anchored) and start <= comment.start and comment.end <= old_end and new_end > start
        a = comment.start + delta if comment.start >= old_end else (
            comment.start if comment.start <= start else start)
        b = comment.end if comment.end <= start else (
            comment.end + delta if comment.end >= old_end else new_end)
        extends = comment.rewriting and start == old_end and _slides_to(old, new, start, new_end, comment.end)
        if extends:
            b = comment.end + delta  # typing on after typing over the commented words
        if covers:
            comment.rewriting = True
        elif not extends and (old_end < comment.start or start > comment.end):
            comment.rewriting = False
        if (inside or covers) and anchored and old_end - start > len(anchored):
            # a large change (restoring a revision, replace-all) went over the commented words:
            # find them again nearest to where they were, else follow the words around them
            found = _nearest(new, anchored, a)
            if found is not None:
                a, b = found, found + len(anchored)
                comment.rewriting = False
            elif old_end - start > FINE_MAPPING_MIN:
                a, b = _map_by_words(old, new, start, old_end, new_end, comment.start, comment.end)
                comment.rewriting = False
        comment.start, comment.end = max(0, min(a, len(new))), max(0, min(max(a, b), len(new)))


# a changed region longer than this is several edits at once (replace-all, a restored
# revision); anchors inside it are mapped word by word rather than stretched over it
FINE_MAPPING_MIN = 200
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def _map_by_words(old: str, new: str, start: int, old_end: int, new_end: int, a: int, b: int) -> tuple[int, int]:
    """Map ``a`` and ``b`` (inside old[start:old_end]) through a word-level diff of the region."""
    old_tokens = [(m.start() + start, m.group()) for m in _TOKEN.finditer(old, start, old_end)]
    new_tokens = [(m.start() + start, m.group()) for m in _TOKEN.finditer(new, start, new_end)]
    matcher = difflib.SequenceMatcher(a=[t for _, t in old_tokens], b=[t for _, t in new_tokens], autojunk=False)

    def position(offset: int, at_end: bool) -> int:
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            low = old_tokens[i1][0] if i1 < len(old_tokens) else old_end
            high = old_tokens[i2][0] if i2 < len(old_tokens) else old_end
            if not low <= offset <= high or (offset == high and i2 < len(old_tokens) and not at_end):
                continue
            new_low = new_tokens[j1][0] if j1 < len(new_tokens) else new_end
            new_high = new_tokens[j2][0] if j2 < len(new_tokens) else new_end
            if tag == "equal":
                return new_low + offset - low
            return new_high if at_end else new_low
        return new_end if at_end else start

    return position(a, False), position(b, True)


def _slides_to(old: str, new: str, start: int, new_end: int, position: int) -> bool:
    """Whether a pure insertion at ``start`` could as well be at ``position`` (before it):
    typing a space after "I" in "I the" is found after the old space, not after "I"."""
    if position > start:
        return False
    shift = 0
    while start - shift > position and old[start - shift - 1] == new[new_end - shift - 1]:
        shift += 1
    return start - shift == position


def _nearest(text: str, needle: str, around: int) -> int | None:
    best = None
    position = text.find(needle)
    while position != -1:
        if best is None or abs(position - around) < abs(best - around):
            best = position
        position = text.find(needle, position + 1)
    return best


def clamp_anchors(comments: list[Comment], texts: dict[str, str]) -> None:
    """Bring stored anchors inside their texts (a file edited by hand, or damaged, may hold
    offsets past the end or reversed); comments on texts that no longer exist are kept."""
    for comment in comments:
        text = texts.get(comment.target)
        if text is None:
            continue
        a, b = (max(0, min(int(x), len(text))) for x in (comment.start, comment.end))
        comment.start, comment.end = min(a, b), max(a, b)


def anchor_text(comment: Comment, text: str) -> str:
    """The words a comment is on now (or, when they were deleted, the words it was made on)."""
    return text[comment.start:comment.end] if comment.end > comment.start else comment.quote


@dataclass(frozen=True)
class CommentFilter:
    state: str = "all"  # "all", "open" or "resolved"
    author: str = ""  # "" for everybody; matches the thread's author or any reply's

    def matches(self, comment: Comment) -> bool:
        if self.state == "open" and comment.resolved:
            return False
        if self.state == "resolved" and not comment.resolved:
            return False
        return not self.author or self.author in comment.authors

