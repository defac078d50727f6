"""A structured résumé (``ecqwriter.resume/1``, shared/contracts.md 6.4) into a package."""

from __future__ import annotations

import json
from pathlib import Path

from ecqwriter.application.documents import open_for_writing
from ecqwriter.core.errors import InputTextError
from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.resume import Resume, ResumeError, resume_from_json
from ecqwriter.core.textimport import read_text_file

MAX_RESUME_BYTES = 2_000_000


def read_resume_file(path: str | Path, ecq_ids: list[str] | None = None) -> Resume:
    """The résumé in a JSON file; one clear error naming the file and the field."""
    path = Path(path)
    text = read_text_file(path, limit=MAX_RESUME_BYTES)
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InputTextError(f"not valid JSON ({getattr(exc, 'msg', 'nested too deeply')}"
                             f"{f', line {exc.lineno}' if hasattr(exc, 'lineno') else ''})", path) from None
    return resume_from_json(data, str(path), ecq_ids)


def import_resume(package_path: str | Path, resume_path: str | Path) -> Resume:
    """Replace the package's résumé with the file's: its structured record and its text.
    The package is written only when the whole file has been read and checked."""
    with open_for_writing(package_path) as opened:
        package = opened.package
        resume = read_resume_file(resume_path, load_framework(package.framework_id).ecq_ids)
        package.resume_record = resume.to_json()
        package.resume = resume.render_text()
        opened.save(package)
        return resume


__all__ = ["MAX_RESUME_BYTES", "ResumeError", "import_resume", "read_resume_file"]
