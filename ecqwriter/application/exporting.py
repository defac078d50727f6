"""Word and PDF exports with their page reports."""

from __future__ import annotations

from pathlib import Path

from ecqwriter.application.validation import require_ecq
from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.model import Package
from ecqwriter.export.service import (ExportOptions, ExportReport, export_package, libreoffice,
                                      target_is_read_only)
from ecqwriter.storage.packagefile import read_package

__all__ = ["ExportOptions", "ExportReport", "export", "export_file", "interview_plan", "libreoffice",
           "report_to_json", "target_is_read_only"]


def export(package: Package, output: str | Path, options: ExportOptions | None = None, **kwargs) -> ExportReport:
    options = options or ExportOptions()
    if options.scope not in ("package", "narratives"):
        require_ecq(load_framework(package.framework_id), options.scope, output)
    if options.part == "interview" and "interview" not in kwargs:
        kwargs["interview"] = interview_plan(package)
    return export_package(package, output, options, **kwargs)


def interview_plan(package: Package):
    """The outline cards of each ECQ, made by the analysis (analysis/outline.py)."""
    from ecqwriter.analysis.engine import get_analyzer
    from ecqwriter.analysis.outline import interview_cards

    return interview_cards(package, load_framework(package.framework_id), get_analyzer())


def export_file(package_path: str | Path, output: str | Path, options: ExportOptions | None = None) -> ExportReport:
    return export(read_package(package_path), output, options)


def report_to_json(report: ExportReport, package_label: str) -> dict:
    return {
        "schema": "ecqwriter.export/1", "package": package_label, "output": str(report.path),
        "format": report.format, "pages": report.total_pages,
        "narrative_pages": report.narrative_pages, "narrative_limit": report.narrative_limit,
        "sections": [{"key": s.key, "title": s.title, "pages": s.pages, "limit": s.limit} for s in report.sections],
        "within_limits": report.within_limits, "over_limits": report.over_limits, "notes": report.notes,
        "missing_fields": report.missing_fields,
    }
