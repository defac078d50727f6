"""Findings: what a check reports, with its place, its reason and what to do."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ecqwriter.analysis.rules import RULES
from ecqwriter.core.location import Location
from ecqwriter.core.severity import worst


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    paragraph: int | None = None
    start: int | None = None
    end: int | None = None
    example: int | None = None  # 0-based example index within the narrative
    fingerprint: str = ""
    # where in the package: set when the finding is made (a part) or placed by the package
    # check (a narrative's story and paragraph); None for a finding of a text on its own
    location: Location | None = None

    def place(self) -> Location:
        return self.location if self.location is not None else Location("package")

    @property
    def where(self) -> str:
        """The place's string form, as the check JSON writes it ("ecq:<id>/example:<n>")."""
        return str(self.location) if self.location is not None else ""

    def to_json(self, *, with_where: bool = False) -> dict:
        data = {
            "rule": self.rule,
            "severity": self.severity,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "message": self.message,
            "fingerprint": self.fingerprint,
        }
        if with_where:
            data = {"rule": self.rule, "severity": self.severity, "where": self.where,
                    "message": self.message, "fingerprint": self.fingerprint}
            if self.start is not None:
                data.update(paragraph=self.paragraph, start=self.start, end=self.end)
        return data


def make_finding(rule: str, values: dict | None = None, *, anchor: str, severity: str | None = None,
                 **where) -> Finding:
    """A finding of ``rule``, its message the registry's template filled with ``values``
    (analysis/rules.py), and a fingerprint that survives edits elsewhere in the text.

    ``anchor`` is the text the finding is about (the flagged words and their sentence), so a
    dismissal stays attached to that wording and comes back only if the wording changes.
    """
    digest = hashlib.sha1(f"{rule}\x1f{' '.join(anchor.split())}".encode("utf-8")).hexdigest()[:16]
    entry = RULES[rule]
    return Finding(
        rule=rule,
        severity=severity or entry.severity,
        message=entry.say(values),
        fingerprint=digest,
        **where,
    )


def worst_severity(findings: list[Finding]) -> str | None:
    return worst(f.severity for f in findings)
