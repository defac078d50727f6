"""Export a package to a file: choose the writer, write atomically, verify page limits.

The PDF writer lays out pages itself, so its page counts per section are exact. For Word
files the counts come from rendering the same document with the PDF writer (same layout);
when LibreOffice is installed, ``count_docx_pages`` measures the real DOCX.
"""

from __future__ import annotations

import math

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from ecqwriter.core.errors import EcqError, FrameworkError
from ecqwriter.core.formats import framework_for, package_format
from ecqwriter.core.layout import DEFAULT_LAYOUT, RESUME_LAYOUT, PageLayout
from ecqwriter.core.model import Package
from ecqwriter.core.resume import FREE_TEXT_FIELDS_NOTE, readable_resume, usajobs_gaps
from ecqwriter.export.builder import (
    build_document, build_interview_document, build_resume_document,
)

# the cards are read at a glance, on paper carried into the room
INTERVIEW_FONT_SIZE = 11.0
INTERVIEW_MARGIN_INCHES = 0.75

FORMATS = (".docx", ".pdf")
MIN_FONT, MAX_FONT = 10.0, 12.0


class ExportError(EcqError):
    """The export could not be written; nothing was changed."""


class ReadOnlyTargetError(ExportError):
    """The export would replace a file the user made read-only; ask before doing so."""


def target_is_read_only(path: Path) -> bool:
    """True when ``path`` is an existing file its owner made read-only (root included)."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and not mode & stat.S_IWUSR


def _refuse_read_only(path: Path) -> None:
    if target_is_read_only(path):
        raise ReadOnlyTargetError("this file is read-only, so it was not replaced; make it writable, "
                                  "choose another name, or confirm the replacement", path)


@dataclass(frozen=True)
class ExportOptions:
    font_size: float = 12.0  # 10 to 12 pt
    margin_inches: float = 1.0
    scope: str = "package"  # "package", "narratives" or an ECQ id
    # "package" (what the format holds), "resume": the résumé alone, set as USAJOBS asks
    # (builder.RESUME_*: the font size and margins above do not apply), or "interview": the
    # outline cards, one page per ECQ (PDF only; the application layer makes the cards)
    part: str = "package"
    accessible_pdf: bool = False  # tagged PDF through LibreOffice
    # a reviewer's copy: "none" (the QRB copy), "open" or "all" review comments
    comments: str = "none"
    # a file the user made read-only is replaced only when they said so
    replace_read_only: bool = False

    def layout(self) -> PageLayout:
        if not MIN_FONT <= self.font_size <= MAX_FONT:
            raise ExportError(f"font size must be between {MIN_FONT:g} and {MAX_FONT:g} pt")
        if not 0.5 <= self.margin_inches <= 1.5:
            raise ExportError("margins must be between 0.5 and 1.5 inches")
        return replace(DEFAULT_LAYOUT, font_size=self.font_size, margin=self.margin_inches * 72)


@dataclass
class SectionPages:
    key: str
    title: str
    pages: int
    limit: float | None
    start: int = 1  # the part's first page in the exported file

    @property
    def over(self) -> bool:
        return self.limit is not None and self.pages > self.limit


@dataclass
class ExportReport:
    path: Path
    format: str
    total_pages: int
    sections: list[SectionPages]
    narrative_pages: int
    narrative_limit: float | None
    replaced_characters: int = 0
    notes: list[str] = field(default_factory=list)
    # a résumé export: the fields USAJOBS asks for that the résumé lacks (core/resume.py)
    missing_fields: list[str] = field(default_factory=list)

    @property
    def over_limits(self) -> list[str]:
        problems = [f"{s.title}: {s.pages} pages (limit {s.limit:g})" for s in self.sections if s.over]
        if self.narrative_limit is not None and self.narrative_pages > self.narrative_limit:
            problems.append(f"ECQ narratives: {self.narrative_pages} pages (limit {self.narrative_limit:g})")
        return problems

    @property
    def within_limits(self) -> bool:
        return not self.over_limits

    @property
    def ready_to_submit(self) -> bool:
        """Within its page limits, and (a résumé) with every field USAJOBS asks for."""
        return self.within_limits and not self.missing_fields


def atomic_write(path: Path, data: bytes) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError("the folder does not exist", folder)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except PermissionError:
        raise ExportError("permission denied: cannot write in this folder", folder) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"cannot write the file ({exc.strerror}); any earlier file is unchanged", path) from None


def export_package(package: Package, out: str | Path, options: ExportOptions | None = None,
                   progress=None, interview=None) -> ExportReport:
    """Write ``out`` (.docx or .pdf); ``progress(step, steps, what)`` is told what happens.
    ``interview``: the outline cards (core.interview.EcqCards of each ECQ) for the
    ``interview`` part."""
    out = Path(out)
    options = options or ExportOptions()
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError("choose a .docx or .pdf file name", out)
    if not options.replace_read_only:
        _refuse_read_only(out)
    try:
        framework = framework_for(package)  # the page limits of the package's format
    except FrameworkError as exc:
        raise ExportError(exc.message) from exc
    if options.scope not in ("package", "narratives") and options.scope not in framework.ecq_ids:
        raise ExportError(f"'{options.scope}' is not an ECQ of {framework.id}")
    layout = options.layout()
    tell = progress or (lambda step, steps, what: None)
    tell(0, 3, "Preparing the document")
    if options.comments not in ("none", "open", "all"):
        raise ExportError(f"unknown comments option '{options.comments}'")
    missing: list[str] = []
    free_text = False
    if options.part == "interview":
        if suffix != ".pdf":
            raise ExportError("the interview cards are printed as a PDF: choose a .pdf file name", out)
        if interview is None:
            raise ExportError("the interview cards come from the analysis: export them through the application")
        layout = replace(DEFAULT_LAYOUT, font_size=INTERVIEW_FONT_SIZE, margin=INTERVIEW_MARGIN_INCHES * 72)
        document = build_interview_document(package, framework, layout, interview)
    elif options.part == "resume" or (options.scope == "package" and not package_format(package).exports_narratives):
        # the résumé alone, set as USAJOBS asks: also what a résumé-based application exports
        layout = RESUME_LAYOUT
        document = build_resume_document(package, framework, layout)
        structured = readable_resume(package.resume_record)
        # a free-text résumé's fields cannot be read: said in a note, its exit status kept
        missing = usajobs_gaps(structured) if structured is not None else []
        free_text = structured is None
    elif options.part == "package":
        document = build_document(package, framework, layout, scope=options.scope, comments=options.comments)
    else:
        raise ExportError(f"unknown part '{options.part}' (package, resume or interview)")
    from ecqwriter.export.pdf_writer import write_pdf

    tell(1, 3, "Laying out pages")
    laid_out = write_pdf(document)
    pdf, starts, total, replaced = laid_out.pdf, laid_out.section_starts, laid_out.pages, laid_out.replaced
    notes = []
    if suffix == ".docx":
        from ecqwriter.export.docx_writer import write_docx

        tell(2, 3, "Writing the Word file")
        atomic_write(out, write_docx(document))
    elif options.accessible_pdf:
        tell(2, 3, "Making a tagged PDF with LibreOffice")
        from ecqwriter.export.docx_writer import write_docx

        atomic_write(out, tagged_pdf_via_libreoffice(write_docx(document)))
        notes.append("Tagged (accessible) PDF made by LibreOffice from the Word export.")
    else:
        tell(2, 3, "Writing the PDF")
        atomic_write(out, pdf)
    if free_text:
        notes.append(FREE_TEXT_FIELDS_NOTE)
    notes += short_tails(document, laid_out)
    notes += past_the_limit(document, laid_out)
    if document.left_out:
        notes.append(f"Left out, with no example yet: {', '.join(document.left_out)}. The package check "
                     "reports each as an error until it has one.")
    if document.notes():
        notes.append(f"Reviewer's copy with {len(document.notes())} comment(s): not for the QRB.")
    if replaced and suffix == ".pdf" and not options.accessible_pdf:
        notes.append(f"{replaced} character(s) the font cannot show (emoji, some scripts) were printed as '?'.")
    tell(3, 3, "Done")
    ends = starts[1:] + [total + 1]
    sections = [SectionPages(s.key, s.title, end - start, s.limit_pages, start)
                for s, start, end in zip(document.sections, starts, ends)]
    narrative = sum(sp.pages for sp, s in zip(sections, document.sections) if s.counts_toward_total)
    if suffix == ".docx" and len(starts) > len(document.sections):
        total = starts[len(document.sections)] - 1  # Word shows comments in the margin, not on pages
    return ExportReport(out, suffix[1:], total, sections, narrative,
                        document.total_limit_pages,
                        replaced, notes, missing)


# a part whose last page holds this many lines or fewer wastes a page against the limit
SHORT_TAIL_LINES = 2


def past_the_limit(document, laid_out) -> list[str]:
    """For a part over its page limit, the lines that fall past it, by their first words:
    announcements say only the first pages are read, so these are the lines nobody reads."""
    notes = []
    starts = laid_out.section_starts
    ends = starts[1:len(document.sections)] + [laid_out.pages + 1]
    for section, start, end in zip(document.sections, starts, ends):
        if section.limit_pages is None or end - start <= section.limit_pages:
            continue
        last_read = start + int(section.limit_pages) - 1
        unread = [text for page, text in laid_out.placed if last_read < page < end and text.strip()]
        if unread:
            first = " ".join(unread[0].split())
            more = f", and {len(unread) - 1} more" if len(unread) > 1 else ""
            notes.append(f"Past page {section.limit_pages:g} of {section.title}, where reading stops: "
                         f"“{first[:90]}{'…' if len(first) > 90 else ''}”{more}.")
    return notes


def short_tails(document, laid_out) -> list[str]:
    """A note for each part that spills a line or two onto a page of its own, with the cut
    that saves the page ("cut about 14 words from Building Coalitions to save a page")."""
    layout = document.layout
    notes = []
    starts = laid_out.section_starts
    for section, start, (last_page, used) in zip(document.sections, starts, laid_out.section_ends):
        lines = round(used / layout.line_height)
        if last_page <= start or not 0 < lines <= SHORT_TAIL_LINES:
            continue
        texts = [b.text for b in section.blocks if hasattr(b, "text") and not hasattr(b, "level")]
        words = sum(len(t.split()) for t in texts)
        total_lines = sum(layout.paragraph_lines(t) for t in texts) or 1
        cut = max(1, math.ceil(lines * words / total_lines))
        notes.append(f"{section.title} ends with {lines} line{'s' if lines > 1 else ''} on page {last_page}: "
                     f"cut about {cut} words from {section.title} to save a page.")
    return notes


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def tagged_pdf_via_libreoffice(docx: bytes, timeout: float = 180) -> bytes:
    office = libreoffice()
    if office is None:
        raise ExportError("an accessible (tagged) PDF needs LibreOffice, which is not installed; "
                          "export a Word file and save it as PDF from Word, or install LibreOffice")
    from ecqwriter.core.private_dirs import private_temporary_folder

    with private_temporary_folder("libreoffice-") as folder:
        source = Path(folder) / "package.docx"
        source.write_bytes(docx)
        filter_options = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
        env = dict(os.environ, HOME=folder)  # a private LibreOffice profile, never the user's
        done = subprocess.run([office, "--headless", "--norestore", "--convert-to", filter_options,
                               "--outdir", folder, str(source)], capture_output=True, timeout=timeout, env=env)
        result = Path(folder) / "package.pdf"
        if done.returncode != 0 or not result.exists():
            raise ExportError("LibreOffice could not convert the document: "
                              + (done.stderr.decode("utf-8", "replace").strip()[-200:] or "no output"))
        return result.read_bytes()
