"""ExportDocument -> PDF with reportlab Platypus.

US Letter, the shared PageLayout, Liberation Serif embedded, a running header per section,
"Page X of Y" in the footer, one bookmark per section, and document title, author and
language set. Returns the page on which each section starts so limits can be verified.
"""

from __future__ import annotations

import bisect
import html
from dataclasses import dataclass
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Spacer
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle
from reportlab.platypus.flowables import Flowable
from reportlab.pdfgen.canvas import Canvas

from ecqwriter.core.text_pieces import cut_points
from ecqwriter.export import fonts
from ecqwriter.export.document import ExportDocument, Heading, Paragraph, Table


NOTE_HIGHLIGHT = "#fff2a8"
NOTE_COLOUR = "#b00020"
COMMENTS_TITLE = "Reviewer comments"


class _SectionStart(Flowable):
    """Zero-size marker: a section begins here (bookmark, header, page bookkeeping)."""

    def __init__(self, index: int):
        super().__init__()
        self.index = index
        self.width = self.height = 0

    def draw(self):
        pass


class _TotalPagesCanvas(Canvas):
    """Holds each page until the end so the footer can say "Page X of Y".

    A bookmark names the page the document is on when it is made, and while pages are held
    the document is still on page 1: so each bookmark is kept with its page and made when
    that page is finally written (else every bookmark of the outline opens page 1)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._bookmarks: dict[int, list] = {}  # held page index -> (key, placement) of its bookmarks
        self.footer_font = (fonts.REGULAR, 10)  # the document's face is set by make_canvas

    def bookmarkPage(self, key, **where):
        self._bookmarks.setdefault(len(self._pages), []).append((key, where))

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        bookmarks = self._bookmarks
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            for key, where in bookmarks.get(number - 1, []):
                Canvas.bookmarkPage(self, key, **where)
            self.setFont(*self.footer_font)
            text = f"Page {number} of {total}"
            self.drawCentredString(self._pagesize[0] / 2, self.footer_y, text)
            super().showPage()
        super().save()


class _Template(BaseDocTemplate):
    def __init__(self, target, document: ExportDocument, **kwargs):
        super().__init__(target, **kwargs)
        self.document = document
        self.section_pages: list[int] = []
        self.current_header = ""
        # where each section's text ends: (page, points used on that page)
        self.section_ends: list[tuple[int, float]] = []
        self._last = (0, 0.0)
        # (page, text) of every paragraph or piece of one, as laid out: what falls past a
        # page limit can then be named (a board stops reading there)
        self.placed: list[tuple[int, str]] = []

    def afterFlowable(self, flowable):
        if isinstance(flowable, (RLParagraph, RLTable)):
            frame = self.frame
            self._last = (self.page, frame._y1 + frame._height - frame._y)
            if isinstance(flowable, RLParagraph):
                self.placed.append((self.page, flowable.getPlainText()))
            return
        if isinstance(flowable, _SectionStart):
            if self.section_pages:
                self.section_ends.append(self._last)
            # index -1: the reviewer comments after the package (their start ends the last section)
            title = self.document.sections[flowable.index].title if flowable.index >= 0 else COMMENTS_TITLE
            self.section_pages.append(self.page)
            self.current_header = (self.document.sections[flowable.index].header if flowable.index >= 0
                                   else COMMENTS_TITLE)
            key = f"section-{flowable.index}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level=0)


def _styles(document: ExportDocument) -> dict[str, ParagraphStyle]:
    layout = document.layout
    size = layout.font_size
    face = fonts.TYPEFACES[document.typeface]
    title = document.title_size or size + 2
    # no paragraph leaves a single line behind at a page's foot or carries one to the next
    normal = ParagraphStyle("Normal", fontName=face.regular, fontSize=size, leading=layout.line_height,
                            spaceAfter=layout.paragraph_space_after, allowWidows=0, allowOrphans=0)
    return {
        "Normal": normal,
        "Subtitle": ParagraphStyle("Subtitle", parent=normal, spaceAfter=2),
        "Heading 1": ParagraphStyle("Heading1", parent=normal, fontName=face.bold, fontSize=title,
                                    leading=title * layout.line_factor, spaceAfter=layout.paragraph_space_after,
                                    keepWithNext=True),
        "Heading 2": ParagraphStyle("Heading2", parent=normal, fontName=face.bold, fontSize=size + 1,
                                    leading=(size + 1) * layout.line_factor, keepWithNext=True,
                                    spaceBefore=2 * layout.paragraph_space_after),
        "Heading 3": ParagraphStyle("Heading3", parent=normal, fontName=face.bold, keepWithNext=True),
        "Cell": ParagraphStyle("Cell", parent=normal, fontSize=max(8, size - 2), leading=max(8, size - 2) * 1.15,
                               spaceAfter=0),
    }


# reportlab re-wraps the rest of a paragraph at every page break: a paragraph longer than
# this is set as consecutive pieces cut at sentence ends (normal paragraphs never are)
PIECE_CHARS = 6000


def layout_pieces(block: Paragraph) -> list[tuple[str, list[tuple[int, int, object, bool]]]]:
    """Each piece of a paragraph as (text, its notes as (start, end, note, ends here)).

    A short paragraph is one piece. A note that runs over a cut is highlighted in both
    pieces and numbered once, where it ends."""
    if len(block.text) <= PIECE_CHARS:
        return [(block.text, [(n.start, n.end, n, True) for n in block.notes])]
    bounds = cut_points(block.text, PIECE_CHARS)
    last = len(bounds) - 2
    spans: list[list] = [[] for _ in range(last + 1)]
    for note in block.notes:
        first_piece = min(max(bisect.bisect_right(bounds, note.start) - 1, 0), last)
        last_piece = min(max(bisect.bisect_left(bounds, note.end) - 1, first_piece), last)
        for k in range(first_piece, last_piece + 1):
            a, b = bounds[k], bounds[k + 1]
            spans[k].append((max(note.start, a) - a, min(note.end, b) - a, note, k == last_piece))
    return [(block.text[a:b], spans[k]) for k, (a, b) in enumerate(zip(bounds, bounds[1:]))]


def _continued(style, number: int, count: int):
    """The paragraph style for piece ``number`` of ``count``: space only before the first
    and after the last, so the pieces read as one paragraph."""
    return ParagraphStyle(f"{style.name}-piece-{min(number, 1)}-{number == count - 1}", parent=style,
                          spaceBefore=style.spaceBefore if number == 0 else 0,
                          spaceAfter=style.spaceAfter if number == count - 1 else 0)


@dataclass
class LaidOut:
    """The PDF and where things fell: the first page of each section, the page count, how
    many characters the font could not show, and where each section's text ends (its last
    page and the points used on it)."""

    pdf: bytes
    section_starts: list[int]
    pages: int
    replaced: int
    section_ends: list[tuple[int, float]]
    placed: list[tuple[int, str]] = ()


def write_pdf(document: ExportDocument) -> LaidOut:
    """(PDF bytes, first page of each section, total pages, characters replaced).

    A reviewer's copy has one more start than sections: where its comments begin."""
    face = fonts.TYPEFACES[document.typeface]
    covered = fonts.register_fonts(face)
    layout = document.layout
    styles = _styles(document)
    missing = 0

    def markup(text: str) -> str:
        nonlocal missing
        text, lost = fonts.drawable(text, covered)
        missing += lost
        return html.escape(text).replace("\n", "<br/>")

    numbered = {id(note): number for number, (_s, _p, note) in enumerate(document.notes(), 1)}

    def with_notes(text: str, spans) -> str:
        """The text with commented words highlighted and numbered like footnotes.

        ``spans`` are (start, end, note, numbered here); one sweep over the cut points keeps
        this linear, since a draft can carry thousands of comments."""
        if not spans:
            return markup(text)
        cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
        opening, closing, markers = {}, {}, {}
        for start, end, note, numbered_here in spans:
            if numbered_here:
                markers.setdefault(end, []).append(note)
            if start < end:
                opening[start] = opening.get(start, 0) + 1
                closing[end] = closing.get(end, 0) + 1
        out, active = [], 0
        out.extend(f'<super><font color="{NOTE_COLOUR}">[{numbered[id(n)]}]</font></super>'
                   for n in markers.get(0, ()))
        for a, b in zip(cuts, cuts[1:]):
            active += opening.get(a, 0) - closing.get(a, 0)
            piece = markup(text[a:b])
            if active > 0:
                piece = f'<span backColor="{NOTE_HIGHLIGHT}">{piece}</span>'
            out.append(piece)
            out.extend(f'<super><font color="{NOTE_COLOUR}">[{numbered[id(n)]}]</font></super>'
                       for n in markers.get(b, ()))
        return "".join(out)

    story = []
    for index, section in enumerate(document.sections):
        if index:
            story.append(PageBreak())
        story.append(_SectionStart(index))
        for block in section.blocks:
            if isinstance(block, Heading):
                story.append(RLParagraph(markup(block.text), styles[f"Heading {block.level}"]))
            elif isinstance(block, Paragraph):
                if block.space_before:
                    story.append(Spacer(1, block.space_before))
                style = styles.get(block.style, styles["Normal"])
                pieces = layout_pieces(block)
                for number, (text, notes) in enumerate(pieces):
                    # a huge paragraph is set in pieces so reportlab's page splits stay linear;
                    # the pieces join without space between them
                    piece_style = style if len(pieces) == 1 else _continued(style, number, len(pieces))
                    story.append(RLParagraph(with_notes(text, notes), piece_style))
            elif isinstance(block, Table):
                story.append(_table(block, layout.text_width, styles["Cell"], markup))
    if numbered:
        # the comments come last, on their own pages, so the package pages keep their layout
        story.append(PageBreak())
        story.append(_SectionStart(-1))
        story.append(RLParagraph(COMMENTS_TITLE, styles["Heading 1"]))
        for number, (section, block, note) in enumerate(document.notes(), 1):
            quote = markup(block.text[note.start:note.end][:200])
            state = " (resolved)" if note.resolved else ""
            lines = [f'<b>[{number}]</b> {markup(section.title)}: “{quote}”',
                     f'<b>{markup(note.author)}</b>, {note.created[:10]}{state}: {markup(note.body)}']
            lines += [f'<b>{markup(who)}</b>, {when[:10]}: {markup(text)}' for who, text, when in note.replies]
            story.append(RLParagraph("<br/>".join(lines), styles["Normal"]))
    buffer = BytesIO()
    template = _Template(
        buffer, document, pagesize=letter, leftMargin=layout.margin, rightMargin=layout.margin,
        topMargin=layout.margin, bottomMargin=layout.margin, title=document.title, author=document.author,
        subject=document.subject, creator="ecqwriter", lang=document.language,
    )
    frame = Frame(layout.margin, layout.margin, layout.text_width, layout.text_height,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")

    def running_header(canvas, doc):
        canvas.saveState()
        canvas.setFont(face.regular, 10)
        canvas.drawString(layout.margin, layout.page_height - layout.margin / 2, doc.current_header)
        canvas.restoreState()

    template.addPageTemplates([PageTemplate("page", [frame], onPageEnd=running_header)])

    def make_canvas(*args, **kwargs):
        # start on the embedded font, or reportlab declares an unembedded Helvetica
        kwargs["initialFontName"] = face.regular
        kwargs["initialFontSize"] = layout.font_size
        canvas = _TotalPagesCanvas(*args, **kwargs)
        canvas.footer_font = (face.regular, 10)
        canvas.footer_y = layout.margin / 2
        return canvas

    template.build(story, canvasmaker=make_canvas)
    template.section_ends.append(template._last)
    return LaidOut(buffer.getvalue(), template.section_pages, template.page, missing,
                   template.section_ends[:len(document.sections)], template.placed)


def _table(block: Table, width: float, style: ParagraphStyle, markup) -> RLTable:
    weights = block.widths or tuple(1.0 for _ in block.columns)
    scale = width / sum(weights)
    head = [RLParagraph(f"<b>{markup(c)}</b>", style) for c in block.columns]
    body = [[RLParagraph(markup(cell), style) for cell in row] for row in block.rows]
    table = RLTable([head] + body, colWidths=[w * scale for w in weights], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table
