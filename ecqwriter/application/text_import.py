"""A plain-text draft added to a package as a new example."""

from __future__ import annotations

from pathlib import Path

from ecqwriter.application.documents import open_for_writing
from ecqwriter.application.stories import title_from_text
from ecqwriter.application.validation import require_ecq
from ecqwriter.core.errors import EcqError
from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.model import Example
from ecqwriter.core.textimport import read_text_file


def import_text_file(package_path: str | Path, text_path: str | Path, ecq_id: str) -> int:
    """Add the file's text to ``ecq_id`` as an example; returns its number in that ECQ."""
    text_path = Path(text_path)
    example = Example()
    example.text = read_text_file(text_path)
    if not example.paragraphs:
        raise EcqError("the file has no text to import", text_path)
    # named by its own words, as the window names a story: a file called "buzz" or
    # "draft3" says nothing of it
    example.title = title_from_text(example.paragraphs)
    with open_for_writing(package_path) as opened:
        package = opened.package
        require_ecq(load_framework(package.framework_id), ecq_id, package_path)
        package.narrative(ecq_id).examples.append(example)
        opened.save(package)
        return len(package.narrative(ecq_id).examples)
