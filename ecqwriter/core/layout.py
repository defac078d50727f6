"""Page geometry shared by the page estimates and the exporters.

One set of numbers (US Letter, 1-inch margins, 12 pt Times-compatible serif, single
spacing) drives both "how many pages is this?" while writing and the real export, so the
estimate a candidate sees is the layout the QRB will get.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from dataclasses import dataclass

from ecqwriter.core.resources import resource_path

POINTS_PER_INCH = 72.0
# word widths by (font, size): prose reuses a small vocabulary, so measuring is mostly lookups
_WIDTH_CACHE: dict[tuple[str, float], dict[str, float]] = {}


@functools.lru_cache(maxsize=None)
def _character_widths(font: str) -> tuple[dict[str, float], float, float]:
    """Per-character advance widths (1/1000 em) of a standard PDF font, shipped as data so
    the estimate needs no PDF library: the same numbers the PDF writer lays out with."""
    data = json.loads(resource_path("fonts", f"{font.lower()}-widths.json").read_text(encoding="utf-8"))
    return data["widths"], float(data["fallback_wide"]), float(data["fallback"])


@dataclass(frozen=True)
class PageLayout:
    page_width: float = 8.5 * POINTS_PER_INCH
    page_height: float = 11.0 * POINTS_PER_INCH
    margin: float = 1.0 * POINTS_PER_INCH
    font_size: float = 12.0
    # Word's "single" spacing for Times New Roman is about 1.15 x the point size
    line_factor: float = 1.15
    paragraph_space_after: float = 6.0
    # the metrics font: Times-Roman widths match Liberation Serif and Times New Roman
    metrics_font: str = "Times-Roman"
    # space a section heading takes (heading line plus its spacing)
    heading_height: float = 12.0 * 1.15 * 2

    @property
    def text_width(self) -> float:
        return self.page_width - 2 * self.margin

    @property
    def text_height(self) -> float:
        return self.page_height - 2 * self.margin

    @property
    def line_height(self) -> float:
        return self.font_size * self.line_factor

    def word_width(self, word: str) -> float:
        widths = _WIDTH_CACHE.setdefault((self.metrics_font, self.font_size), {})
        width = widths.get(word)
        if width is None:
            table, wide, other = _character_widths(self.metrics_font)
            width = sum(table.get(ch) or (wide if unicodedata.east_asian_width(ch) in "WF" else other)
                        for ch in word) * self.font_size / 1000.0
            if len(widths) < 50_000:  # bounded: new words keep coming in a batch
                widths[word] = width
        return width

    def paragraph_lines(self, text: str) -> int:
        """Lines a paragraph takes when wrapped greedily at word boundaries."""
        lines = 0
        space = self.word_width(" ")
        limit = self.text_width
        # the cache read directly: this runs for every word of every paragraph analysed
        widths = _WIDTH_CACHE.setdefault((self.metrics_font, self.font_size), {})
        measure = self.word_width
        for source_line in text.split("\n"):
            words = source_line.split()
            if not words:
                continue
            lines += 1
            used = 0.0
            for word in words:
                width = widths.get(word)
                if width is None:
                    width = measure(word)
                if used and used + space + width > limit:
                    lines += 1
                    used = width
                else:
                    used += (space if used else 0.0) + width
                while used > limit:  # a single word longer than a line
                    lines += 1
                    used -= limit
        return lines

    def paragraph_height(self, text: str) -> float:
        lines = self.paragraph_lines(text)
        return lines * self.line_height + (self.paragraph_space_after if lines else 0.0)

    def pages_for_height(self, height: float) -> float:
        return round(height / self.text_height, 2)


DEFAULT_LAYOUT = PageLayout()

# the résumé as USAJOBS asks for it: one column, 10-11 pt sans-serif body, 0.5-inch margins.
# Liberation Sans is what the export embeds, so its widths drive the estimate too.
RESUME_FONT_SIZE = 10.5
RESUME_TITLE_SIZE = 14.0
RESUME_MARGIN_INCHES = 0.5
RESUME_LAYOUT = PageLayout(font_size=RESUME_FONT_SIZE, margin=RESUME_MARGIN_INCHES * POINTS_PER_INCH,
                           metrics_font="Liberation-Sans")
