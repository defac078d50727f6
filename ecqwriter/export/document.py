"""The intermediate document both writers consume: format-neutral and easy to test."""

from __future__ import annotations

from dataclasses import dataclass, field

from ecqwriter.core.layout import PageLayout


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1-3, Word's Heading 1-3


@dataclass(frozen=True)
class Note:
    """A reviewer's comment on ``text[start:end]`` of the paragraph it belongs to."""

    start: int
    end: int
    author: str
    body: str
    created: str  # ISO date and time
    replies: tuple[tuple[str, str, str], ...] = ()  # (author, body, ISO time)
    resolved: bool = False

    @property
    def initials(self) -> str:
        return initials_of(self.author)


def initials_of(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isalpha()).upper()[:3] or "R"


@dataclass(frozen=True)
class Paragraph:
    text: str  # plain text; "\n" is a line break inside the paragraph
    style: str = "Normal"
    space_before: float = 0.0  # points, e.g. between two examples
    notes: tuple[Note, ...] = ()  # only in a reviewer's copy


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths
    style: str = "ECQ Table"


Block = Heading | Paragraph | Table


@dataclass
class Section:
    """A part that starts on a new page with its own running header."""

    key: str  # "resume", "ecq:<id>", "cdp", "justification", "idp"
    title: str
    header: str
    blocks: list[Block] = field(default_factory=list)
    limit_pages: float | None = None
    counts_toward_total: bool = False  # the ECQ narratives' total page limit


@dataclass
class ExportDocument:
    title: str
    author: str
    subject: str
    sections: list[Section]
    layout: PageLayout
    language: str = "en-US"
    total_limit_pages: float | None = None
    # parts with nothing to print, left out rather than printed as blank pages
    left_out: tuple[str, ...] = ()
    # export/fonts.py: "serif" for narrative packages, "sans" for the USAJOBS résumé
    typeface: str = "serif"
    # the size of level-1 headings; None: the body size plus 2 points
    title_size: float | None = None

    def notes(self) -> list[tuple[Section, Paragraph, Note]]:
        return [(section, block, note) for section in self.sections for block in section.blocks
                if isinstance(block, Paragraph) for note in block.notes]

    def plain_text(self) -> str:
        """All text in reading order (the writers must agree with this)."""
        parts = []
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Table):
                    parts.append(" | ".join(block.columns))
                    parts.extend(" | ".join(row) for row in block.rows)
                else:
                    parts.append(block.text)
        return "\n".join(parts)
