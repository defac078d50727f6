"""One submission PDF per candidate: a cover sheet with its table of contents, the exported
package, then the agency's attachments (SF-50, CDP certificate, ERB certification...), with
a bookmark for every part, every ECQ and every attachment.

Attachments come from outside and are read as untrusted: bounded in size and pages, refused
when encrypted or damaged, and read only inside ``run_bounded`` (core/bounded.py) by the
caller, so a hostile file can neither hang nor crash the application. Their active content
(scripts, launches, web links, media, embedded files) is removed before they are joined
(pdf_sanitise.py) and named to the user. pypdf does the reading and the merge; reportlab sets
the cover.
"""

from __future__ import annotations

import html
import io
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ecqwriter.core.errors import EcqError

MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024
MAX_ATTACHMENT_PAGES = 2000
_HEADER_WINDOW = 1024  # a PDF's "%PDF-" may follow a little junk, never much


class AttachmentError(EcqError):
    """An attachment that cannot go into a submission; the message names the file."""


@dataclass(frozen=True)
class Attachment:
    path: Path
    title: str
    data: bytes = field(repr=False, default=b"")


@dataclass(frozen=True)
class PackagePart:
    """A part of the exported package: its bookmark, its first page there and its length."""

    key: str
    title: str
    start: int
    pages: int
    limit: float | None = None


@dataclass(frozen=True)
class CoverFacts:
    candidate: str
    position: str
    announcement: str
    case: str  # "Criterion A, opm-2025, résumé only"
    made: str  # the date, as printed


@dataclass
class BundleEntry:
    title: str
    start: int  # first page in the bundle
    pages: int
    level: int  # 0: top, 1: under "ECQ narratives"
    key: str = ""
    limit: float | None = None


@dataclass
class Bundle:
    data: bytes = field(repr=False)
    entries: list[BundleEntry]
    cover_pages: int
    package_pages: int
    attachment_pages: list[int]
    # each entry's pages in the written file, read back from its bookmarks (a parent's: up
    # to where its first child ends)
    measured: list[int] = field(default_factory=list)
    # one line per attachment that had active content, naming the file and what was taken out
    removed: list[str] = field(default_factory=list)

    @property
    def total_pages(self) -> int:
        return self.cover_pages + self.package_pages + sum(self.attachment_pages)


def read_attachment(path: str | Path, title: str | None = None) -> Attachment:
    """The file's bytes, after the checks that need no PDF parsing: there, a regular file,
    within the size bound, and a PDF by its header."""
    path = Path(path)
    if not path.is_file():
        raise AttachmentError("no such attachment (or it is not a file)", path)
    size = path.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentError(f"the attachment is larger than {MAX_ATTACHMENT_BYTES // 1024**2} MB", path)
    with path.open("rb") as handle:
        data = handle.read(MAX_ATTACHMENT_BYTES + 1)
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise AttachmentError("not a PDF file (attach PDFs only; print other documents to PDF first)", path)
    return Attachment(path, (title or path.stem).strip() or path.stem, data)


@contextmanager
def _reading(path: Path):
    """Any failure of pypdf on an attachment becomes one message naming the file."""
    import logging

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its warnings on damaged files are ours to word
    try:
        yield
    except AttachmentError:
        raise
    except RecursionError:
        raise AttachmentError("the PDF is damaged: its objects refer to each other in a loop", path) from None
    except Exception as exc:
        raise AttachmentError(f"the PDF is damaged and cannot be read ({type(exc).__name__})", path) from None


def _open_pdf(data: bytes, path: Path):
    from pypdf import PdfReader

    with _reading(path):
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise AttachmentError("the PDF is encrypted or password-protected: attach an unprotected copy", path)
        count = len(reader.pages)
        if count < 1:
            raise AttachmentError("the PDF has no pages", path)
        if count > MAX_ATTACHMENT_PAGES:
            raise AttachmentError(f"the PDF has more than {MAX_ATTACHMENT_PAGES} pages", path)
        for page in reader.pages:  # every page read now: a damaged one is found before anything is written
            page.mediabox  # noqa: B018
            page.get_contents()
    return reader


def _without_active_content(reader, path: Path):
    """A copy of the attachment with its scripts, launches, web links, media and embedded files
    taken out (export/pdf_sanitise.py), read back: only what is left can be merged. Returns
    the copy and what was removed."""
    from pypdf import PdfReader, PdfWriter

    from ecqwriter.export.pdf_sanitise import strip_active_content

    with _reading(path):
        copy = PdfWriter(clone_from=reader)
        removed = strip_active_content(copy)
        return PdfReader(io.BytesIO(_written(copy))), removed


def _written(writer) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _cover(facts: CoverFacts, entries: list[BundleEntry]) -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from ecqwriter.export.fonts import SERIF, drawable, register_fonts

    covered = register_fonts(SERIF)

    def para(text: str, style) -> Paragraph:
        return Paragraph(html.escape(drawable(text, covered)[0]), style)

    title = ParagraphStyle("title", fontName=SERIF.bold, fontSize=20, leading=24, spaceAfter=10)
    line = ParagraphStyle("line", fontName=SERIF.regular, fontSize=12, leading=15, spaceAfter=2)
    head = ParagraphStyle("head", fontName=SERIF.bold, fontSize=13, leading=16, spaceBefore=14, spaceAfter=6)
    entry = ParagraphStyle("entry", fontName=SERIF.regular, fontSize=11, leading=13.5)
    story = [para("SES qualifications submission", title), para(facts.candidate, line)]
    story += [para(text, line) for text in (facts.position, facts.announcement, facts.case, facts.made) if text]
    story += [Spacer(1, 6), para("Contents", head)]
    nested = ParagraphStyle("nested", parent=entry, leftIndent=18)
    page = ParagraphStyle("page", parent=entry, alignment=2)  # right-aligned page numbers
    rows = [[para(e.title, nested if e.level else entry), para(str(e.start), page)] for e in entries]
    table = Table(rows, colWidths=[5.6 * inch, 0.8 * inch])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#bbbbbb")]))
    story.append(table)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=letter, leftMargin=inch, rightMargin=inch, topMargin=inch, bottomMargin=inch,
                      title=f"{facts.candidate}: submission", author=facts.candidate).build(story)
    return out.getvalue()


def assemble(package_pdf: bytes, parts: list[PackagePart], attachments: list[Attachment],
             facts: CoverFacts) -> Bundle:
    """The submission PDF. Run it through ``run_bounded``: it parses the attachments."""
    from pypdf import PdfReader, PdfWriter

    from ecqwriter.export.pdf_sanitise import strip_active_content

    readers, removed = [], []
    for attachment in attachments:
        reader, stripped = _without_active_content(_open_pdf(attachment.data, attachment.path), attachment.path)
        readers.append(reader)
        if stripped:
            removed.append(f"{attachment.path.name}: removed {stripped}")
    package = PdfReader(io.BytesIO(package_pdf))
    package_pages = len(package.pages)
    counts = [len(r.pages) for r in readers]
    cover_pages = 1
    for _ in range(4):  # the contents name page numbers that depend on the cover's own length
        entries = _entries(parts, package_pages, attachments, counts, cover_pages)
        cover = PdfReader(io.BytesIO(_cover(facts, entries)))
        if len(cover.pages) == cover_pages:
            break
        cover_pages = len(cover.pages)
    writer = PdfWriter()
    writer.append(cover, import_outline=False)
    writer.append(package, import_outline=False)
    for reader in readers:
        writer.append(reader, import_outline=False)
    parents: dict[int, object] = {}
    writer.add_outline_item(title="Cover and contents", page_number=0)
    for e in entries:
        parent = parents.get(e.level - 1) if e.level else None
        item = writer.add_outline_item(title=e.title, page_number=e.start - 1, parent=parent)
        parents[e.level] = item
    writer.add_metadata({"/Title": f"{facts.candidate}: SES qualifications submission", "/Author": facts.candidate,
                         "/Producer": "ecqwriter"})
    leftover = strip_active_content(writer)  # none expected: the cover and the package are ours, the rest cleaned
    data = _written(writer)
    if leftover:  # copied again from the catalog, so that what was cut loose is not written either
        removed.append(f"the joined submission: removed {leftover}")
        data = _written(PdfWriter(clone_from=PdfReader(io.BytesIO(data))))
    return Bundle(data, entries, cover_pages, package_pages, counts, _pages_by_bookmark(data), removed)


def _pages_by_bookmark(data: bytes) -> list[int]:
    """The written bundle read back: the pages from each bookmark to the next one that points
    further on, in the order of ``Bundle.entries`` (the cover's bookmark left out). The page
    limits are checked on these, the pages that go out, not on the export's own count."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    flat: list[int] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                flat.append(reader.get_destination_page_number(item))

    walk(reader.outline)
    starts = sorted(set(flat) | {len(reader.pages)})
    return [starts[starts.index(page) + 1] - page for page in flat[1:]]


def _entries(parts: list[PackagePart], package_pages: int, attachments: list[Attachment], counts: list[int],
             cover_pages: int) -> list[BundleEntry]:
    entries: list[BundleEntry] = []
    ecqs = [p for p in parts if p.key.startswith("ecq:")]
    for part in parts:
        start = cover_pages + part.start
        if part.key.startswith("ecq:"):
            if part is ecqs[0]:
                entries.append(BundleEntry("ECQ narratives", start, sum(p.pages for p in ecqs), 0, "ecqs"))
            entries.append(BundleEntry(part.title, start, part.pages, 1, part.key, part.limit))
        else:
            entries.append(BundleEntry(part.title, start, part.pages, 0, part.key, part.limit))
    start = cover_pages + package_pages + 1
    for attachment, count in zip(attachments, counts):
        entries.append(BundleEntry(attachment.title, start, count, 0, "attachment"))
        start += count
    return entries


__all__ = ["Attachment", "AttachmentError", "Bundle", "BundleEntry", "CoverFacts", "PackagePart", "assemble",
           "read_attachment"]
