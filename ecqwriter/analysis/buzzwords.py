"""Jargon and clichés, kept as data (resources/lexicon/buzzwords.toml) with a plain
alternative for each, found by one compiled pattern per paragraph."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass

from ecqwriter.core.resources import resource_path

SCHEMA = "ecqwriter.buzzwords/1"


@dataclass(frozen=True)
class Buzzword:
    start: int
    end: int
    text: str
    plain: str


@functools.lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern, dict[str, str], frozenset[str]]:
    data = tomllib.loads(resource_path("lexicon", "buzzwords.toml").read_text(encoding="utf-8"))
    if data.get("schema") != SCHEMA:
        raise ValueError(f"buzzwords.toml: schema must be {SCHEMA}")
    plain: dict[str, str] = {}
    for entry in data.get("buzzword", []):
        for variant in entry["phrase"].split("|"):
            plain[variant.strip().lower()] = entry["plain"]
    # longest first, so "leveraged synergies" wins over a shorter variant inside it
    alternatives = sorted(plain, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(v) for v in alternatives) + r")(?![\w-])",
                         re.IGNORECASE)
    # a match contains its variant verbatim (only the case differs): most paragraphs contain
    # none, and substring tests are far cheaper than the pattern's scan of every position
    anchors = frozenset(plain)
    # the longest word of every variant ("synergies", "class" of "best-in-class"): a
    # paragraph whose words include none of them has no buzzword
    key_words = frozenset(max(re.split(r"[\s-]+", variant), key=len) for variant in plain)
    return pattern, plain, anchors, key_words


def find_buzzwords(text: str, words: set[str] | None = None) -> list[Buzzword]:
    """Buzzwords in ``text``; ``words``, the text's lower-case tokens if the caller has them,
    lets a paragraph without any buzzword's key word skip the search."""
    pattern, plain, anchors, key_words = _table()
    if words is not None and key_words.isdisjoint(words):
        return []
    lowered = text.lower()
    if not any(anchor in lowered for anchor in anchors):
        return []
    return [Buzzword(m.start(), m.end(), m.group(0), plain[m.group(0).lower()]) for m in pattern.finditer(text)]
