"""JSON from a file someone handed over, read within bounds that name the field they break.

Python's own reader turns a 4,301-digit integer into a ValueError, follows nesting until it
runs out of stack, and accepts "\\ud800", a lone surrogate that no file can later hold. Here
the nesting is measured before the reader recurses, a number's digits are counted before
int() sees them, and every key and string is checked, so a hostile file gets one message
naming the field ("experience[2].hours_per_week: ...") and nothing else happens.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ecqwriter.core.display_text import hidden_character_problem, shown
from ecqwriter.core.errors import InputTextError

MAX_DEPTH = 32  # a résumé nests four levels; this leaves room for any honest extra field
MAX_DIGITS = 20  # more than any hour, year or amount a résumé gives
_STEPS_NAMED = 4  # of a path too deep to print whole

# one JSON string (its escapes skipped whole), one structural character, or a run of
# anything else; an unterminated string is the lone quote, where the measuring stops
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},:]|[^"\[\]{},:]+|"', re.DOTALL)


class _LongNumber:
    """A number with too many digits, kept as its digit count until the walk names its field."""

    def __init__(self, literal: str):
        self.digits = sum(character.isdigit() for character in literal)


def _number(literal: str):
    if sum(character.isdigit() for character in literal) > MAX_DIGITS:
        return _LongNumber(literal)
    return float(literal) if any(c in literal for c in ".eE") else int(literal)


def load_bounded_json(text: str, source: str) -> Any:
    """The JSON document in ``text`` (read from ``source``, which messages name). InputTextError
    names the field of a value nested more than MAX_DEPTH deep, a number of more than
    MAX_DIGITS digits, or a key or string holding a control character (other than tab and
    line breaks) or a lone surrogate."""
    too_deep = _too_deep_at(text)
    if too_deep is not None:
        raise InputTextError(f"{too_deep}: nested more than {MAX_DEPTH} levels deep", source)
    try:
        data = json.loads(text, parse_int=_number, parse_float=_number)
    except json.JSONDecodeError as exc:
        raise InputTextError(f"not valid JSON ({exc.msg}, line {exc.lineno})", source) from None
    _check_values(data, source)
    return data


def _field_name(path: list[str | int]) -> str:
    """["experience", 2, "hours_per_week"] -> "experience[2].hours_per_week"."""
    name = ""
    for step in path:
        name += f"[{step}]" if isinstance(step, int) else f"{'.' if name else ''}{shown(step[:60])}"
    return name or "the document"


def _key_text(token: str) -> str:
    try:
        return json.loads(token)
    except ValueError:
        return token[1:-1]


def _too_deep_at(text: str) -> str | None:
    """The field whose value opens more than MAX_DEPTH levels of nesting, found by scanning
    the text (no recursion); None when the nesting stays within bounds. A text that is not
    JSON is left for the reader to describe."""
    containers: list[list] = []  # [kind, current key or index] from the outside in
    last_string = None
    for found in _TOKEN.finditer(text):
        token = found.group()
        if token in "[{":
            if len(containers) == MAX_DEPTH:
                path = [step for _, step in containers if step is not None]
                # the field where the nesting starts is what the reader needs, not all 32 steps
                return _field_name(path[:_STEPS_NAMED] + ["…"] if len(path) > _STEPS_NAMED else path)
            containers.append([token, 0 if token == "[" else None])
        elif token in "]}":
            if not containers:
                return None
            containers.pop()
        elif token == ",":
            if containers and containers[-1][0] == "[":
                containers[-1][1] += 1
        elif token == ":":
            if containers and last_string is not None:
                containers[-1][1] = _key_text(last_string)
        elif token == '"':
            return None  # an unterminated string: the reader says where
        elif token.startswith('"'):
            last_string = token
    return None


def _check_values(data: Any, source: str) -> None:
    """Every number's length and every key's and string's characters, walked with a list of
    pending values rather than by recursion."""
    pending: list[tuple[list, Any]] = [([], data)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, _LongNumber):
            raise InputTextError(f"{_field_name(path)}: a number of {value.digits} digits is too long to "
                                 f"be a figure (at most {MAX_DIGITS} digits)", source)
        if isinstance(value, str):
            problem = hidden_character_problem(value, multiline=True)
            if problem:
                raise InputTextError(f"{_field_name(path)}: {problem}", source)
        elif isinstance(value, dict):
            for key in value:
                problem = hidden_character_problem(key)
                if problem:
                    raise InputTextError(f"{_field_name(path)}: a key {problem}", source)
            children = [(path + [key], item) for key, item in value.items()]
            # taken from the end: pushed reversed, the first problem named is the file's first
            pending.extend(reversed(children))
        elif isinstance(value, list):
            pending.extend(reversed([(path + [index], item) for index, item in enumerate(value)]))


__all__ = ["MAX_DEPTH", "MAX_DIGITS", "load_bounded_json"]
