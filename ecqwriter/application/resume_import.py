"""A résumé into a package: a structured one (``ecqwriter.resume/1``, shared/contracts.md
6.4) from JSON, or the text of an existing Word résumé through the bounded Word reader."""

from __future__ import annotations

import re
from pathlib import Path

from ecqwriter.application.documents import open_for_writing
from ecqwriter.core.bounded_json import load_bounded_json
from ecqwriter.core.errors import InputTextError
from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.resume import Resume, ResumeError, resume_from_json
from ecqwriter.core.textimport import read_text_file

MAX_RESUME_BYTES = 2_000_000


def read_resume_file(path: str | Path, ecq_ids: list[str] | None = None) -> Resume:
    """The résumé in a JSON file; one clear error naming the file and the field."""
    path = Path(path)
    text = read_text_file(path, limit=MAX_RESUME_BYTES)
    data = load_bounded_json(text, path)
    return resume_from_json(data, str(path), ecq_ids, typed_in=True)


# list styles a Word résumé sets its bullets in ("List Bullet", "List Paragraph"...)
_LIST_STYLE = re.compile(r"list", re.IGNORECASE)
_BULLET_MARK = re.compile(r"^[•·▪‣◦\-–*]\s+")


def resume_text_from_word(path: str | Path) -> str:
    """A Word résumé as the résumé's plain text: headings as all-capital lines that open a
    block, list items and marked lines as "- " bullets under the line before them, other
    paragraphs each a block. Read by the bounded reader (importing/docx_reader.py)."""
    from ecqwriter.importing.docx_reader import read_docx

    draft = read_docx(path)
    blocks: list[list[str]] = []
    for block in draft.blocks:
        text = " ".join(block.text.split())
        if block.heading_level:
            blocks.append([text.upper()])
        elif _LIST_STYLE.search(block.style) or _BULLET_MARK.match(text):
            if not blocks:
                blocks.append([])
            blocks[-1].append("- " + _BULLET_MARK.sub("", text))
        elif blocks and len(blocks[-1]) == 1 and blocks[-1][0].isupper():
            blocks[-1].append(text)  # the first paragraph under a heading
        else:
            blocks.append([text])
    text = "\n\n".join("\n".join(lines) for lines in blocks if lines).strip()
    if not text:
        raise InputTextError("this Word file has no text to import as a résumé", path)
    return text


def import_resume(package_path: str | Path, resume_path: str | Path) -> Resume | str:
    """Replace the package's résumé with the file's. JSON: its structured record and its
    text (the Resume is returned). A Word file (.docx): its text, as a free-text résumé the
    window can then structure (the text is returned). The package is written only when the
    whole file has been read and checked."""
    resume_path = Path(resume_path)
    with open_for_writing(package_path) as opened:
        package = opened.package
        if resume_path.suffix.lower() == ".docx":
            text = resume_text_from_word(resume_path)
            package.resume_record = {}
            package.resume = text
            opened.save(package)
            return text
        resume = read_resume_file(resume_path, load_framework(package.framework_id).ecq_ids)
        package.resume_record = resume.to_json()
        package.resume = resume.render_text()
        opened.save(package)
        return resume


__all__ = ["MAX_RESUME_BYTES", "ResumeError", "import_resume", "read_resume_file", "resume_text_from_word"]
