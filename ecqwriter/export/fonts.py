"""The shipped serif font (Liberation Serif, OFL), registered once for reportlab."""

from __future__ import annotations

import functools

from ecqwriter.core.resources import resource_path

REGULAR = "LiberationSerif"
BOLD = "LiberationSerif-Bold"
WORD_FONT = "Times New Roman"  # what Word documents name; metrics match Liberation Serif
REPLACEMENT = "?"


@functools.cache
def register_fonts() -> frozenset[int]:
    """Register the fonts; returns the code points the regular face can draw."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular = TTFont(REGULAR, str(resource_path("fonts", "LiberationSerif-Regular.ttf")))
    bold = TTFont(BOLD, str(resource_path("fonts", "LiberationSerif-Bold.ttf")))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(bold)
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    return frozenset(regular.face.charToGlyph)


def drawable(text: str, covered: frozenset[int]) -> tuple[str, int]:
    """The text with characters the font cannot draw replaced; and how many were."""
    if all(ord(ch) in covered or ch in "\n\t" for ch in text):
        return text, 0
    out, missing = [], 0
    for ch in text:
        if ord(ch) in covered or ch in "\n\t":
            out.append(ch)
        elif ord(ch) in (0x200D, 0xFE0F) or 0x300 <= ord(ch) < 0x370:
            continue  # joiners, variation selectors, combining marks: drop silently
        else:
            out.append(REPLACEMENT)
            missing += 1
    return "".join(out), missing
