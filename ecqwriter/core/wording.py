"""Numbers in English words for people: "1 error", "2 errors", "10 pages"."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and the noun, singular or plural ("1 warning", "3 warnings")."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def number(value: float) -> str:
    """A figure without trailing zeros: 10.0 -> "10", 2.5 -> "2.5"."""
    return f"{value:g}"
