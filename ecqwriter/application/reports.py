"""The cohort report written to a file: the format follows the file's suffix."""

from __future__ import annotations

from pathlib import Path

from ecqwriter.core.cohort import CohortRow
from ecqwriter.core.errors import EcqError
from ecqwriter.export.cohort_report import report_csv, report_html, report_pdf
from ecqwriter.export.service import atomic_write

WRITERS = {".csv": report_csv, ".html": report_html, ".htm": report_html, ".pdf": report_pdf}


def write_report(rows: list[CohortRow], output: str | Path) -> Path:
    """One report from the rows, written atomically and readable by its user only."""
    output = Path(output)
    writer = WRITERS.get(output.suffix.lower())
    if writer is None:
        raise EcqError("the report is written as .csv, .html or .pdf: choose one of these file names", output)
    atomic_write(output, writer(rows))
    return output


__all__ = ["WRITERS", "write_report"]
