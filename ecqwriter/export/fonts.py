"""The shipped fonts (Liberation Serif and Liberation Sans, OFL), registered once for
reportlab. Narrative packages print in the serif; the USAJOBS résumé in the sans-serif."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ecqwriter.core.resources import resource_path


@dataclass(frozen=True)
class Typeface:
    key: str
    regular: str  # reportlab's names for the embedded faces
    bold: str
    files: tuple[str, str]  # resources/fonts
    word_name: str  # what Word documents name; its metrics match the Liberation face


SERIF = Typeface("serif", "LiberationSerif", "LiberationSerif-Bold",
                 ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"), "Times New Roman")
SANS = Typeface("sans", "LiberationSans", "LiberationSans-Bold",
                ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"), "Arial")
TYPEFACES = {face.key: face for face in (SERIF, SANS)}
REGULAR, BOLD, WORD_FONT = SERIF.regular, SERIF.bold, SERIF.word_name
REPLACEMENT = "?"


@functools.cache
def register_fonts(face: Typeface = SERIF) -> frozenset[int]:
    """Register a typeface; returns the code points its regular face can draw."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular = TTFont(face.regular, str(resource_path("fonts", face.files[0])))
    bold = TTFont(face.bold, str(resource_path("fonts", face.files[1])))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(bold)
    addMapping(face.regular, 0, 0, face.regular)
    addMapping(face.regular, 1, 0, face.bold)
    addMapping(face.regular, 0, 1, face.regular)
    addMapping(face.regular, 1, 1, face.bold)
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
