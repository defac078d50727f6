"""Cutting a very long text into pieces at sentence ends, for work that is not linear in
the length of one piece (spaCy's memory, reportlab's page splitting)."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+")


def cut_points(text: str, limit: int) -> list[int]:
    """Offsets 0 = c0 < c1 < ... < len(text) with every piece at most ``limit`` long.

    A piece ends after the last sentence end that fits; without one, after the last space;
    without that, at the limit itself."""
    points, start = [0], 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = None
        for match in _SENTENCE_END.finditer(window):
            cut = match.end()
        if cut is None or cut < limit // 4:
            space = window.rfind(" ", limit // 4)
            cut = space + 1 if space > 0 else limit
        start += cut
        points.append(start)
    points.append(len(text))
    return points
