"""Structured-interview preparation: outline cards and practice questions, as plain data.

A card holds what a candidate carries into the interview for one story: its challenge,
actions and result in about 60 words, the figures to remember and the likely follow-up
questions. The analysis makes the cards (analysis/outline.py); the export prints them one
page per ECQ. Practice questions are ecqwriter's own (resources/interview), never OPM's.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass

from ecqwriter.core.errors import FrameworkError
from ecqwriter.core.resources import resource_path

QUESTIONS_SCHEMA = "ecqwriter.practice-questions/1"
CARD_WORDS = 60  # an outline to glance at, not a script to read
STORIES_PER_ECQ = 2


@dataclass(frozen=True)
class OutlineCard:
    story: str  # the story's title
    challenge: str
    action: str
    result: str
    figures: tuple[str, ...]
    follow_ups: tuple[str, ...]

    def words(self) -> int:
        return sum(len(part.split()) for part in (self.challenge, self.action, self.result))


@dataclass(frozen=True)
class EcqCards:
    ecq_id: str
    ecq_name: str
    cards: tuple[OutlineCard, ...]
    practice: tuple[str, ...]  # practice questions for this ECQ (ecqwriter's, not OPM's)


@functools.lru_cache(maxsize=1)
def _bank() -> dict:
    path = resource_path("interview", "practice-questions.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    if data.get("schema") != QUESTIONS_SCHEMA:
        raise FrameworkError(f"{path}: schema must be {QUESTIONS_SCHEMA}")
    return data


def practice_questions(framework_id: str, ecq_id: str) -> tuple[str, ...]:
    return tuple(_bank().get(framework_id, {}).get(ecq_id, ()))


def general_follow_ups() -> tuple[str, ...]:
    return tuple(_bank().get("follow_up", ()))


def practice_note() -> str:
    return _bank().get("note", "")


def shorten(text: str, words: int) -> str:
    """At most ``words`` words, cut at a word with an ellipsis."""
    parts = text.split()
    return text.strip() if len(parts) <= words else " ".join(parts[:words]).rstrip(",;:") + "…"


# a structured interview: five questions in about 45 minutes, then up to 20 minutes of
# supplemental questions (shared/domain-2026.md)
QUESTIONS_PER_SESSION = 5
ANSWER_SECONDS = 9 * 60
SESSION_SECONDS = 45 * 60
SUPPLEMENTAL_SECONDS = 20 * 60
SUPPLEMENTAL_ANSWER_SECONDS = 5 * 60
# what a candidate checks after each answer (the CCAR checklist, said aloud)
SELF_CHECKS = (
    ("challenge", "Said the challenge in a sentence or two"),
    ("i", "Said \"I\" for my own actions, not \"we\""),
    ("number", "Said the result with a number"),
    ("ecq", "Tied the story back to the ECQ asked about"),
    ("time", "Finished within the time"),
)


def practice_entry(when: str, ecq_id: str, question: str, seconds: float, checks: dict[str, bool],
                   round_name: str = "main") -> dict:
    """One answer of a rehearsal, as the package keeps it (Package.practice_log);
    ``round_name``: "main" or "supplemental"."""
    known = {key for key, _ in SELF_CHECKS}
    return {"when": when, "round": round_name, "ecq": ecq_id, "question": question,
            "seconds": round(float(seconds)),
            "checks": {key: bool(value) for key, value in checks.items() if key in known}}
