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


@dataclass(frozen=True)
class _Table:
    pattern: re.Pattern
    plain: dict[str, str]  # variant (lower case) -> plain alternative
    anchors: re.Pattern  # any variant, verbatim: a cheap test before the full pattern
    # the longest word of every variant ("synergies", "class" of "best-in-class") -> the
    # word sets of the variants it belongs to
    by_key_word: dict[str, list[frozenset[str]]]


def _words_of(variant: str) -> frozenset[str]:
    return frozenset(w for w in re.split(r"[\s-]+", variant) if w)


@functools.lru_cache(maxsize=1)
def _table() -> _Table:
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
    anchors = re.compile("|".join(re.escape(v) for v in alternatives))
    by_key_word: dict[str, list[frozenset[str]]] = {}
    for variant in plain:
        words = _words_of(variant)
        by_key_word.setdefault(max(words, key=len), []).append(words)
    return _Table(pattern, plain, anchors, by_key_word)


def find_buzzwords(text: str, words: set[str] | None = None) -> list[Buzzword]:
    """Buzzwords in ``text``. ``words``, the text's lower-case tokens if the caller has them,
    lets a paragraph skip the search unless every word of some variant is among them (most
    paragraphs hold none, and set tests are far cheaper than the pattern's scan)."""
    table = _table()
    if words is not None and not any(
            variant_words <= words
            for key_word in table.by_key_word.keys() & words
            for variant_words in table.by_key_word[key_word]):
        return []
    if not table.anchors.search(text.lower()):
        return []
    plain = table.plain
    return [Buzzword(m.start(), m.end(), m.group(0), plain[m.group(0).lower()]) for m in table.pattern.finditer(text)]
