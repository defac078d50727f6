"""What a paragraph is: a maximal run of non-blank lines (the analysis contract's rule)."""

from __future__ import annotations


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph; end excludes the trailing newline."""
    spans = []
    offset = 0
    current_start = None
    current_end = 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        if stripped.strip():
            if current_start is None:
                current_start = offset
            current_end = offset + len(stripped)
        elif current_start is not None:
            spans.append((current_start, current_end))
            current_start = None
        offset += len(line)
    if current_start is not None:
        spans.append((current_start, current_end))
    return spans


def split_paragraphs(text: str) -> list[str]:
    return [text[a:b] for a, b in paragraph_spans(text)]
