"""Offline spell checking: a general English dictionary, a federal word list and the
user's own words. Qt-free; the GUI calls it with the debounced analysis, never per key."""

from __future__ import annotations

import functools
import os
import re
import threading
from pathlib import Path

from ecqwriter.core.resources import resource_path

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
SKIP_LONGER_THAN = 40


def _read_words(path: Path) -> set[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return set()
    return {line.strip().lower() for line in lines if line.strip() and not line.startswith("#")}


def default_personal_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("ecqwriter", appauthor=False)) / "personal-words.txt"


class SpellChecker:
    def __init__(self, personal_path: Path | None = None, extra_words: set[str] | None = None):
        from spellchecker import SpellChecker as Dictionary

        self._dictionary = Dictionary(language="en", distance=1)
        self.personal_path = Path(personal_path) if personal_path else default_personal_path()
        self._known = _read_words(resource_path("lexicon", "federal-words.txt"))
        self._known |= {w.lower() for w in (extra_words or set())}
        self._personal = _read_words(self.personal_path)
        self._lock = threading.Lock()
        self._verdicts: dict[str, bool] = {}

    def _is_known(self, word: str) -> bool:
        lower = word.lower().replace("’", "'")
        cached = self._verdicts.get(lower)
        if cached is not None:
            return cached
        parts = [p for p in re.split(r"[-']", lower) if p]
        ok = (lower in self._known or lower in self._personal
              or bool(self._dictionary.known([lower]))
              or (len(parts) > 1 and all(p in self._known or self._dictionary.known([p]) or p in ("s", "t") for p in parts)))
        self._verdicts[lower] = ok
        return ok

    def misspelled(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, word) of each unknown word; acronyms in capitals are left alone."""
        found = []
        for match in WORD.finditer(text):
            word = match.group(0)
            base = re.sub(r"['’]s$", "", word)
            if len(word) > SKIP_LONGER_THAN or (base.isupper() and len(base) > 1):
                continue  # acronyms (and their possessives) are the acronym check's business
            if not self._is_known(word):
                found.append((match.start(), match.end(), word))
        return found

    def suggestions(self, word: str, limit: int = 5) -> list[str]:
        if len(word) > 15:
            return []
        candidates = self._dictionary.candidates(word.lower()) or set()
        ranked = sorted(candidates, key=lambda w: -self._dictionary.word_usage_frequency(w))
        if word[:1].isupper():
            ranked = [w.capitalize() for w in ranked]
        return ranked[:limit]

    def add_personal(self, word: str) -> None:
        """Remember a word for good (a user-only file in the app's data folder)."""
        lower = word.lower()
        with self._lock:
            self._personal.add(lower)
            self._verdicts[lower] = True
            self.personal_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(self.personal_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as handle:
                handle.write(lower + "\n")


@functools.cache
def framework_words() -> frozenset[str]:
    """Every word of the framework packs' names and lexicons (federal terms by design)."""
    from ecqwriter.core.frameworks import load_all_frameworks

    words = set()
    for framework in load_all_frameworks():
        for competency in framework.all_competencies():
            for term in competency.evidence + (competency.name,):
                words.update(w.lower() for w in WORD.findall(term))
    return frozenset(words)
