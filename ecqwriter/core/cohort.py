"""Many packages at once, for coordinators and executive-resources staff: one row per
package (shared/contracts.md 6.1 ``report``), made in the same pass as ``check``.

A row is small and plain, so a batch of hundreds keeps only rows, and a worker process can
hand one back. Reading a package for a row never takes its lock and never writes to it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path

# the report's columns: key and heading, in the order every format prints them
COLUMNS = (
    ("file", "File"), ("candidate", "Candidate"), ("criterion", "Criterion"), ("framework", "Framework"),
    ("format", "Format"), ("ready", "Ready"), ("errors", "Errors"), ("warnings", "Warnings"),
    ("pages_used", "Pages used"), ("pages_limit", "Page limit"), ("resume_pages", "Résumé pages"),
    ("resume_limit", "Résumé limit"), ("open_comments", "Open comments"), ("last_saved_by", "Last saved by"),
    ("last_saved_at", "Last saved"), ("problem", "Problem"),
)


@dataclass
class CohortRow:
    file: str
    candidate: str = ""
    criterion: str = ""
    framework: str = ""
    format: str = ""
    ready: bool = False
    errors: int = 0
    warnings: int = 0
    pages_used: int = 0  # narrative pages as printed (0 in a résumé-only application)
    pages_limit: float | None = None
    resume_pages: float = 0.0
    resume_limit: float | None = None
    open_comments: int = 0
    last_saved_by: str = ""
    last_saved_at: str = ""  # ISO 8601, UTC
    problem: str = ""  # why the package could not be read; its other cells are then empty

    @property
    def usable(self) -> bool:
        return not self.problem

    def values(self) -> dict:
        return asdict(self)

    @classmethod
    def from_values(cls, values: dict) -> CohortRow:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in known})


def row_for(path: Path, package, report, last_save) -> CohortRow:
    """The row of a checked package; ``last_save``: its newest SaveRecord, or None."""
    framework = report.framework
    length = framework.length if framework else None
    return CohortRow(
        file=str(path), candidate=package.candidate.name, criterion=package.criterion.value,
        framework=package.framework_id, format=report.application_format, ready=report.ready,
        errors=sum(1 for f in report.findings if f.severity == "error"),
        warnings=sum(1 for f in report.findings if f.severity == "warning"),
        # a résumé-based application prints no narratives: its stories are a bank, not pages
        pages_used=report.printed_pages if length and length.total_pages else 0,
        pages_limit=length.total_pages if length and length.total_pages else None,
        resume_pages=report.resume_pages, resume_limit=length.resume_pages if length else None,
        open_comments=sum(1 for c in package.comments if not c.resolved),
        last_saved_by=last_save.author if last_save else "",
        last_saved_at=last_save.saved.isoformat(timespec="seconds") if last_save else "",
    )


def unusable_row(path: Path, problem: str) -> CohortRow:
    return CohortRow(file=str(path), problem=problem)


def summary(rows: list[CohortRow]) -> dict:
    """The figures a report's heading gives: how many packages, ready, not ready, unusable."""
    usable = [r for r in rows if r.usable]
    ready = sum(1 for r in usable if r.ready)
    return {"packages": len(rows), "ready": ready, "not_ready": len(usable) - ready,
            "unusable": len(rows) - len(usable), "errors": sum(r.errors for r in usable),
            "warnings": sum(r.warnings for r in usable)}


__all__ = ["COLUMNS", "CohortRow", "row_for", "summary", "unusable_row"]
