"""Where in a package something is: one type, produced by the checks and read by the
window, the command line and the exports.

Its string form is the ``where`` of the check JSON (shared/contracts.md sections 4 and 7.2):
``resume``, ``resume/summary``, ``resume/job:<n>/bullet:<m>``, ``ecq:<id>``,
``ecq:<id>/example:<n>``, ``justification``, ``idp``, ``cdp``, ``package``. The paragraph is kept beside it (JSON has its own ``paragraph`` field), and
``label`` names the place for people: "Leading People, example 1, paragraph 2".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_RESUME_BULLET = re.compile(r"resume/job:(\d+)/bullet:(\d+)")
PARTS = ("resume", "justification", "idp", "cdp", "package")
PART_NAMES = {"resume": "Résumé", "justification": "Justification", "idp": "Development plan",
              "cdp": "CDP record", "package": "Package"}


def shorten(name: str, limit: int) -> str:
    """``name`` cut at a word boundary to fit ``limit`` characters, with an ellipsis; never
    mid-word ("Commitment to the Rule…", not "Commitment to the Rule o")."""
    if len(name) <= limit:
        return name
    cut = name[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return (cut or name[: limit - 1]) + "…"


@dataclass(frozen=True)
class Location:
    part: str  # "ecq" or one of PARTS
    ecq_id: str | None = None
    example: int | None = None  # 1-based, among the ECQ's examples that have text
    paragraph: int | None = None  # 1-based, within the example
    # in the résumé: a job's bullet (1-based, in the structured résumé's order), or the summary
    job: int | None = None
    bullet: int | None = None
    summary: bool = False

    @classmethod
    def ecq(cls, ecq_id: str, example: int | None = None, paragraph: int | None = None) -> Location:
        return cls("ecq", ecq_id, example, paragraph)

    @classmethod
    def resume_bullet(cls, job: int, bullet: int) -> Location:
        return cls("resume", job=job, bullet=bullet)

    @classmethod
    def resume_summary(cls) -> Location:
        return cls("resume", summary=True)

    @classmethod
    def parse(cls, where: str) -> Location:
        """The location a ``where`` string names; an unknown string is kept as its own part."""
        if where == "resume/summary":
            return cls.resume_summary()
        match = _RESUME_BULLET.fullmatch(where)
        if match:
            return cls.resume_bullet(int(match.group(1)), int(match.group(2)))
        if where.startswith("ecq:"):
            ecq_id, _, rest = where[4:].partition("/")
            example = None
            if rest.startswith("example:") and rest[8:].isdigit():
                example = int(rest[8:])
            return cls("ecq", ecq_id, example)
        return cls(where)

    def within(self, other: Location) -> bool:
        """This place is ``other`` or inside it (an example inside its ECQ's narrative)."""
        if self.part != other.part:
            return False
        if self.part == "resume":  # the résumé holds its summary and bullets
            return (other.job is None and not other.summary) or (self.job, self.bullet, self.summary) == (
                other.job, other.bullet, other.summary)
        if self.part != "ecq":
            return True
        return self.ecq_id == other.ecq_id and (other.example is None or self.example == other.example)

    def __str__(self) -> str:
        if self.part == "resume" and self.summary:
            return "resume/summary"
        if self.part == "resume" and self.job is not None:
            return f"resume/job:{self.job}/bullet:{self.bullet}"
        if self.part != "ecq":
            return self.part
        if self.example is None:
            return f"ecq:{self.ecq_id}"
        return f"ecq:{self.ecq_id}/example:{self.example}"

    def label(self, framework=None, *, short: bool = False) -> str:
        """The place in words; ``short`` for narrow table cells ("Leading People #1")."""
        if self.part == "resume" and self.summary:
            return "Résumé, summary"
        if self.part == "resume" and self.job is not None:
            return f"Résumé, job {self.job}, bullet {self.bullet}"
        if self.part != "ecq":
            return PART_NAMES.get(self.part, self.part)
        name = framework.ecq_name(self.ecq_id) if framework is not None else self.ecq_id
        if short:
            return f"{shorten(name, 24)} #{self.example}" if self.example is not None else shorten(name, 24)
        words = [name]
        if self.example is not None:
            words.append(f"example {self.example}")
        if self.paragraph is not None:
            words.append(f"paragraph {self.paragraph}")
        return ", ".join(words)
