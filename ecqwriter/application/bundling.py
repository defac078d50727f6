"""``ecqwriter bundle``: the package exported, then joined with the agency's attachments into
one submission PDF (export/bundle.py), its page limits checked again on what goes out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ecqwriter.core.bounded import run_bounded
from ecqwriter.core.errors import EcqError
from ecqwriter.core.formats import framework_for, package_format
from ecqwriter.core.private_dirs import private_temporary_folder
from ecqwriter.export import ExportOptions, export_package
from ecqwriter.export.bundle import CoverFacts, PackagePart, assemble, read_attachment
from ecqwriter.export.service import atomic_write
from ecqwriter.storage.packagefile import read_package

BUNDLE_SECONDS = 120  # for reading and joining everything; a hostile attachment is stopped


@dataclass
class BundleReport:
    path: Path
    total_pages: int
    cover_pages: int
    package_pages: int
    attachment_pages: list[int]
    bookmarks: list[tuple[str, int, int]]  # (title, first page, level)
    over_limits: list[str] = field(default_factory=list)
    # one line per attachment whose active content (scripts, launches, web links, media,
    # embedded files) was removed: "SF-50.pdf: removed 1 JavaScript action, ..."
    removed: list[str] = field(default_factory=list)

    @property
    def within_limits(self) -> bool:
        return not self.over_limits


def parse_attach(value: str) -> tuple[Path, str | None]:
    """``FILE.pdf=TITLE`` or ``FILE.pdf``."""
    path, sep, title = value.partition("=")
    if sep and not path.lower().endswith(".pdf") and value.lower().endswith(".pdf"):
        return Path(value), None  # an "=" inside the file's own name
    return Path(path), (title.strip() or None) if sep else None


def bundle_package(package_path: str | Path, attachments: list[tuple[Path, str | None]],
                   output: str | Path) -> BundleReport:
    """Everything is read and joined before anything is written; an attachment that cannot be
    used stops the bundle with one message naming it, and no file is written."""
    output = Path(output)
    if output.suffix.lower() != ".pdf":
        raise EcqError("the submission is a PDF: choose a .pdf file name", output)
    package = read_package(package_path)
    framework = framework_for(package)
    read = [read_attachment(path, title) for path, title in attachments]  # size and type, before the work
    with private_temporary_folder("bundle-") as folder:
        exported = export_package(package, folder / "package.pdf", ExportOptions())
        package_pdf = (folder / "package.pdf").read_bytes()
    parts = [PackagePart(s.key, s.title, s.start, s.pages, s.limit) for s in exported.sections]
    fmt = package_format(package)
    today = dt.date.today()
    facts = CoverFacts(
        candidate=package.candidate.name or Path(package_path).stem, position=package.target_position,
        announcement=f"Announcement {package.announcement_number}" if package.announcement_number else "",
        case=f"Criterion {package.criterion.value}, {framework.name}, {fmt.name}",
        made=f"Assembled {today:%B} {today.day}, {today.year}")
    bundle = run_bounded(assemble, package_pdf, parts, read, facts, seconds=BUNDLE_SECONDS,
                         what="reading and joining the attachments")
    over = []
    for entry, pages in zip(bundle.entries, bundle.measured):
        if entry.limit is not None and pages > entry.limit:
            over.append(f"{entry.title}: {pages} pages in the submission (limit {entry.limit:g})")
    narratives = sum(pages for entry, pages in zip(bundle.entries, bundle.measured) if entry.key.startswith("ecq:"))
    if exported.narrative_limit is not None and narratives > exported.narrative_limit:
        over.append(f"ECQ narratives: {narratives} pages in the submission (limit {exported.narrative_limit:g})")
    atomic_write(output, bundle.data)
    return BundleReport(output, bundle.total_pages, bundle.cover_pages, bundle.package_pages, bundle.attachment_pages,
                        [(e.title, e.start, e.level) for e in bundle.entries], over, bundle.removed)


__all__ = ["BundleReport", "bundle_package", "parse_attach"]
