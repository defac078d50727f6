"""Text from files and people where it could mislead a reader: a terminal line, a report cell.

Control characters (NUL, BEL, a terminal's escape sequences, a line break inside a name) and
the invisible direction controls (U+202E RIGHT-TO-LEFT OVERRIDE and its kin, which show
"Smith\\u202eevil" as "Smithlive") can hide or reorder what a reader sees. Where a one-line
value (a name, a position, an agency, a file name) is shown, such characters are written
out visibly (``\\x07``, ``\\u202e``); where one is typed in, it is refused by name.
"""

from __future__ import annotations

import re

# the direction marks, embeddings, overrides and isolates (Unicode's Bidi_Control property)
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# control characters (C0, DEL, C1), the line and paragraph separators, the direction
# controls, and lone surrogates (what a file name that is not UTF-8 becomes in Python)
_HIDDEN = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}\ud800-\udfff]")
# what a multi-line text (a summary, a duty) may not hold: tab and line breaks are its own
_HIDDEN_IN_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _escaped(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """A one-line value as it is printed: every control, direction control or lone surrogate
    written out as an escape ("\\x07", "\\u202e"), so the line shows what the value holds."""
    return _HIDDEN.sub(lambda found: _escaped(found.group()), text)


def hidden_character_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why a value someone typed or a file gave is refused, naming its first hidden character;
    None when it has none. A multi-line text may hold tabs, line breaks and direction
    controls (right-to-left writing uses them); a one-line field none of these."""
    found = (_HIDDEN_IN_MULTILINE if multiline else _HIDDEN).search(text)
    if found is None:
        return None
    character = found.group()
    code = _escaped(character)
    if "\ud800" <= character <= "\udfff":
        return f"holds a lone surrogate ({code}), which is not a character: the text is damaged"
    if character in BIDI_CONTROLS:
        return (f"holds an invisible direction control ({code}), which can make the text read in a "
                "misleading order; remove it")
    if character in "\t\n\r\u2028\u2029":
        return f"holds a tab or line break ({code}); this field is one line"
    return f"holds a control character ({code}), which cannot be shown or printed; remove it"


__all__ = ["BIDI_CONTROLS", "hidden_character_problem", "shown"]
