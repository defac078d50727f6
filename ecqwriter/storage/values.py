"""Reading stored values that may be of the wrong type.

SQLite keeps whatever type a value was written with, whatever the column says, so a damaged
or hand-edited package can hold a BLOB where text belongs or junk where a date belongs. Each
reader here returns a value of the right type: text is decoded, a bad date becomes unknown,
a bad number becomes missing. None of them raises.
"""

from __future__ import annotations

import datetime as dt
import math

UNKNOWN_TIME = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


def optional_text(value) -> str | None:
    return None if value is None else text(value)


def integer(value, default: int = 0) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        number = float(text(value))
    except (TypeError, ValueError):
        return default
    return int(number) if math.isfinite(number) and abs(number) < 2**62 else default


def number(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) if math.isfinite(value) else None
    try:
        parsed = float(text(value))
    except ValueError:
        return None
    return parsed if math.isfinite(parsed) else None


def date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(text(value)[:10])
    except ValueError:
        return None


def moment(value) -> dt.datetime:
    """A stored time, or the Unix epoch (shown as an unknown time) when it is junk."""
    try:
        parsed = dt.datetime.fromisoformat(text(value))
    except ValueError:
        return UNKNOWN_TIME
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)
