"""Reading plain-text narratives that users give us (files, pastes)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from ecqwriter.core.errors import InputTextError

# A 10-page narrative is about 30 kB; anything this large is not a narrative draft
MAX_TEXT_BYTES = 8 * 1024 * 1024


def normalise_text(text: str) -> str:
    """NFC, one newline convention, no control characters but tab and newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = unicodedata.normalize("NFC", text)
    return "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc"
    )


def read_text_file(path: str | Path, *, limit: int = MAX_TEXT_BYTES) -> str:
    """The file's text, as UTF-8; InputTextError names the file and the problem."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputTextError("this is a folder, not a text file", path)
        if size > limit:
            raise InputTextError(
                f"the file is too large for a narrative ({size / 1e6:.1f} MB; "
                f"the limit is {limit / 1e6:.0f} MB)",
                path,
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputTextError("no such file", path) from None
    except PermissionError:
        raise InputTextError("permission denied: cannot read the file", path) from None
    except OSError as exc:
        raise InputTextError(f"cannot read the file ({exc.strerror})", path) from None
    if b"\x00" in raw[:65536]:
        raise InputTextError("this is a binary file, not plain text", path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputTextError(
            f"the file is not UTF-8 text (bad byte at position {exc.start}); "
            "save it as UTF-8 plain text and try again",
            path,
        ) from None
    return normalise_text(text)
