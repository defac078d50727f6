"""ExportDocument -> DOCX with python-docx.

Every block uses a named style (Normal, Heading 1-3, Subtitle, the "ECQ Table" table
style), so an agency can restyle the document to its own template. Each part is a Word
section that starts on a new page with its own running header; the footer carries PAGE and
NUMPAGES fields ("Page X of Y").
"""

from __future__ import annotations

import bisect
import contextlib
import threading

from io import BytesIO

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from ecqwriter.export.document import ExportDocument, Heading, Note, Paragraph, Table, initials_of
from ecqwriter.export.fonts import TYPEFACES

TABLE_STYLE = "ECQ Table"


def _set_font(style, size: float, font: str, bold: bool = False) -> None:
    style.font.name = font
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    _only_our_font(style.element.rPr, font)


THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _only_our_font(run_properties, font: str) -> None:
    """The export's font in every script slot, and no theme font: Word and LibreOffice both
    let a theme font (``asciiTheme``) win over a named one, which is how headings came out in
    a sans-serif. The built-in Subtitle's letter spacing goes too."""
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = run_properties.makeelement(qn("w:rFonts"), {})
        run_properties.insert(0, fonts)
    for attribute in THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), font)
    for spacing in run_properties.findall(qn("w:spacing")):
        run_properties.remove(spacing)


def _styles(doc, document: ExportDocument) -> None:
    layout = document.layout
    font = TYPEFACES[document.typeface].word_name
    # the document's default run font, which every style without its own falls back to
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    default_run = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if default_run is not None:
        _only_our_font(default_run, font)
    normal = doc.styles["Normal"]
    _set_font(normal, layout.font_size, font)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(layout.paragraph_space_after)
    normal.paragraph_format.line_spacing = 1.0
    # as in the PDF: no single line of a paragraph left at a page's foot or top
    normal.paragraph_format.widow_control = True
    for level, extra in ((1, 2), (2, 1), (3, 0)):
        heading = doc.styles[f"Heading {level}"]
        size = document.title_size if level == 1 and document.title_size else layout.font_size + extra
        _set_font(heading, size, font, bold=True)
        heading.font.italic = False
        heading.paragraph_format.space_before = Pt(2 * layout.paragraph_space_after if level == 2 else 0)
        heading.paragraph_format.space_after = Pt(layout.paragraph_space_after)
        heading.paragraph_format.keep_with_next = True
    _set_font(doc.styles["Title"], layout.font_size + 4, font, bold=True)
    subtitle = doc.styles["Subtitle"]
    _set_font(subtitle, layout.font_size, font)
    subtitle.font.italic = False
    subtitle.paragraph_format.space_after = Pt(2)
    if TABLE_STYLE not in [s.name for s in doc.styles]:
        table_style = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
        table_style.base_style = doc.styles["Table Grid"]
        table_style.font.name = font
        table_style.font.size = Pt(max(8, layout.font_size - 2))
    for name in ("Header", "Footer"):
        _set_font(doc.styles[name], 10, font)


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_setup(section, document: ExportDocument) -> None:
    layout = document.layout
    section.page_width = Inches(layout.page_width / 72)
    section.page_height = Inches(layout.page_height / 72)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(layout.margin / 72))
    section.header_distance = Inches(layout.margin / 72 / 2)
    section.footer_distance = Inches(layout.margin / 72 / 2)


def _add_text(paragraph, text: str) -> list:
    lines = text.split("\n")
    run = paragraph.add_run(lines[0])
    runs = [run]
    for line in lines[1:]:
        run.add_break(WD_BREAK.LINE)
        run = paragraph.add_run(line)
        runs.append(run)
    return runs


W14_PARA_ID = "{http://schemas.microsoft.com/office/word/2010/wordml}paraId"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
COMMENTS_EXTENDED_TYPE = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
COMMENTS_EXTENDED_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"


class _CommentThreads:
    """Word 2013+ threads: each reply is a comment of its own on the same words, linked to
    the first by its paragraph id in commentsExtended.xml, where "done" marks resolved."""

    def __init__(self):
        self.entries: list[tuple[str, str | None, bool]] = []  # (paraId, parent paraId, done)

    def add(self, doc, runs, author: str, initials: str, body: str, when: str,
            parent: str | None = None, done: bool = False) -> str:
        comment = doc.add_comment(runs, text=body, author=author, initials=initials)
        comment._comment_elm.set(qn("w:date"), when[:19] + "Z")
        para_id = f"{len(self.entries) + 1:08X}"  # below 0x80000000, as Word requires
        comment.paragraphs[-1]._p.set(W14_PARA_ID, para_id)
        self.entries.append((para_id, parent, done))
        return para_id

    def write(self, doc) -> None:
        if not self.entries:
            return
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        rows = "".join(
            f'<w15:commentEx w15:paraId="{para}"'
            + (f' w15:paraIdParent="{parent}"' if parent else "")
            + f' w15:done="{1 if done else 0}"/>'
            for para, parent, done in self.entries)
        blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w15:commentsEx xmlns:w15="{W15}">{rows}</w15:commentsEx>').encode("utf-8")
        part = Part(PackURI("/word/commentsExtended.xml"), COMMENTS_EXTENDED_CONTENT, blob, doc.part.package)
        doc.part.relate_to(part, COMMENTS_EXTENDED_TYPE)


def _add_commented_text(doc, paragraph, text: str, notes: tuple[Note, ...], threads: _CommentThreads) -> None:
    """Runs cut at every comment boundary, so each Word comment covers whole runs."""
    cuts = sorted({0, len(text), *(n.start for n in notes), *(n.end for n in notes)})
    pieces = [(a, b, _add_text(paragraph, text[a:b])) for a, b in zip(cuts, cuts[1:])]
    starts = [a for a, _, _ in pieces]
    for note in notes:
        # the pieces from the note's start up to its end (bisect: thousands of comments stay fast)
        first = bisect.bisect_left(starts, note.start)
        runs = [run for a, b, piece_runs in pieces[first:bisect.bisect_left(starts, note.end)]
                if b <= note.end for run in piece_runs]
        if not runs:
            continue
        first = threads.add(doc, runs, note.author, note.initials, note.body, note.created, done=note.resolved)
        for author, reply, when in note.replies:
            threads.add(doc, runs, author, initials_of(author), reply, when, parent=first, done=note.resolved)


_id_lock = threading.Lock()


@contextlib.contextmanager
def _counted_comment_ids():
    """python-docx finds each new comment's id by reading every existing id, which makes
    thousands of comments quadratic (169 s for 10,000). Our document is new and only we add
    comments to it, one after another from id 0, so the next id is the number of comments."""
    from docx.oxml.comments import CT_Comments

    with _id_lock:
        original = CT_Comments._next_available_comment_id
        CT_Comments._next_available_comment_id = lambda self: len(self)
        try:
            yield
        finally:
            CT_Comments._next_available_comment_id = original


def write_docx(document: ExportDocument) -> bytes:
    with _counted_comment_ids():
        return _write_docx(document)


def _write_docx(document: ExportDocument) -> bytes:
    doc = Document()
    _styles(doc, document)
    properties = doc.core_properties
    properties.title = document.title
    properties.author = document.author
    properties.subject = document.subject
    properties.language = document.language
    properties.comments = "Exported by ecqwriter"
    threads = _CommentThreads()
    for index, part in enumerate(document.sections):
        section = doc.sections[0] if index == 0 else doc.add_section(WD_SECTION.NEW_PAGE)
        _page_setup(section, document)
        header = section.header
        header.is_linked_to_previous = False
        header_paragraph = header.paragraphs[0]
        header_paragraph.text = part.header
        header_paragraph.style = doc.styles["Header"]
        footer = section.footer
        footer.is_linked_to_previous = False
        footer_paragraph = footer.paragraphs[0]
        footer_paragraph.style = doc.styles["Footer"]
        footer_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer_paragraph.add_run("Page ")
        _field(footer_paragraph, "PAGE")
        footer_paragraph.add_run(" of ")
        _field(footer_paragraph, "NUMPAGES")
        for block in part.blocks:
            if isinstance(block, Heading):
                paragraph = doc.add_paragraph(style=f"Heading {block.level}")
                _add_text(paragraph, block.text)
            elif isinstance(block, Paragraph):
                paragraph = doc.add_paragraph(style=block.style if block.style in ("Normal", "Subtitle") else "Normal")
                if block.space_before:
                    paragraph.paragraph_format.space_before = Pt(block.space_before)
                if block.notes:
                    _add_commented_text(doc, paragraph, block.text, block.notes, threads)
                else:
                    _add_text(paragraph, block.text)
            elif isinstance(block, Table):
                _add_table(doc, block, document)
    threads.write(doc)
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _add_table(doc, block: Table, document: ExportDocument) -> None:
    table = doc.add_table(rows=1, cols=len(block.columns))
    table.style = doc.styles[TABLE_STYLE]
    weights = block.widths or tuple(1.0 for _ in block.columns)
    width = document.layout.text_width / 72
    for cell, name in zip(table.rows[0].cells, block.columns):
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
    # the header row repeats on every page the table spans
    header_properties = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_properties.append(repeat)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
    for column, weight in zip(table.columns, weights):
        for cell in column.cells:
            cell.width = Inches(width * weight / sum(weights))
