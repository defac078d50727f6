"""Read the labelled corpus in evaluation/corpus/.

Format (one file per framework and ECQ, UTF-8):

    @framework opm-2006          file-wide settings
    @as_of 2026-06-01
    === id | ecq: ECQ_ID | quality: strong|weak | competencies: a, b | findings: rule, rule
    [challenge] paragraph text on one line
    [context] ...

``findings`` lists every rule that truly applies to the example (the truth, written by a
person reading the text against the rule's definition in docs/rules.md), not what the
engine happens to report.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
_HEADER = re.compile(r"^===\s*(?P<id>[\w-]+)\s*\|(?P<rest>.*)$")
_PARAGRAPH = re.compile(r"^\[(challenge|context|action|result|mixed)\]\s+(.+)$")


@dataclass
class CorpusExample:
    id: str
    framework: str
    ecq: str
    quality: str
    as_of: dt.date
    competencies: list[str]
    findings: set[str]
    labels: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    source: str = ""

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs) + "\n"


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def load_corpus(folder: Path = CORPUS_DIR) -> list[CorpusExample]:
    examples: list[CorpusExample] = []
    for path in sorted(folder.glob("*.txt")):
        settings: dict[str, str] = {}
        current: CorpusExample | None = None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = line.rstrip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("@"):
                key, _, value = line[1:].partition(" ")
                settings[key] = value.strip()
                continue
            header = _HEADER.match(line)
            if header:
                fields = {}
                for part in header.group("rest").split("|"):
                    key, _, value = part.partition(":")
                    fields[key.strip()] = value.strip()
                current = CorpusExample(
                    id=header.group("id"),
                    framework=settings["framework"],
                    ecq=fields["ecq"],
                    quality=fields.get("quality", ""),
                    as_of=dt.date.fromisoformat(settings["as_of"]),
                    competencies=_split(fields.get("competencies", "")),
                    findings=set(_split(fields.get("findings", ""))),
                    source=f"{path.name}:{number}",
                )
                examples.append(current)
                continue
            paragraph = _PARAGRAPH.match(line)
            if not paragraph or current is None:
                raise ValueError(f"{path.name}:{number}: cannot read this line")
            current.labels.append(paragraph.group(1))
            current.paragraphs.append(paragraph.group(2))
    return examples
