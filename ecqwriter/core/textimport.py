"""Reading plain-text narratives that users give us (files, pastes)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from ecqwriter.core.regular_files import read_regular
from ecqwriter.core.errors import InputTextError, read_error_message

# A 10-page narrative is about 30 kB; anything this large is not a narrative draft
MAX_TEXT_BYTES = 8 * 1024 * 1024


# Unicode's other line and paragraph ends, mapped onto the paragraph rule (a blank line
# separates paragraphs): deleting them as control characters would glue words together
_BREAKS = str.maketrans({
    "\u2029": "\n\n",  # PARAGRAPH SEPARATOR
    "\x0c": "\n\n",  # form feed (a page break)
    "\u2028": "\n",  # LINE SEPARATOR
    "\x85": "\n",  # NEXT LINE (NEL), the line end of EBCDIC-born text
    "\x0b": "\n",  # vertical tab: Word's manual line break in pasted text
})


def normalise_text(text: str) -> str:
    """NFC, one newline convention, no control characters but tab and newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").translate(_BREAKS)
    text = unicodedata.normalize("NFC", text)
    return "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc"
    )


def _encoding_from_bom(raw: bytes) -> str | None:
    """UTF-16 and UTF-32 files (Windows Notepad's "Unicode") announce themselves with a BOM."""
    import codecs

    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def read_text_file(path: str | Path, *, limit: int = MAX_TEXT_BYTES) -> str:
    """The file's text, as UTF-8; InputTextError names the file and the problem."""
    path = Path(path)
    raw = read_regular(path, max_bytes=limit, what="a narrative's text", error=InputTextError)
    encoding = _encoding_from_bom(raw)
    if encoding is None and b"\x00" in raw[:65536]:
        raise InputTextError("this is a binary file, not plain text", path)
    try:
        text = raw.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputTextError(
            f"the file is not {'UTF-8' if encoding is None else encoding.upper()} text "
            f"(bad byte at position {exc.start}); "
            "save it as UTF-8 plain text and try again",
            path,
        ) from None
    return normalise_text(text)
