"""Read the labelled corpus in evaluation/corpus/ (how it was made: evaluation/CORPUS.md).

Format (UTF-8, one file per voice and framework; ``#`` starts a comment line):

    @framework opm-2006          file-wide settings
    @as_of 2026-06-01
    @voice military
    === id | ecq: ECQ_ID | quality: strong|weak | shape: record|statement | competencies: a, b | findings: rule, rule
    > {cx} As director of ... {ch} In 2021 the ... {ac} I ...
    >+ {ch} In 2019, ...         ">+" : a new example (story) starts with this paragraph
    [challenge] paragraph text   the older form: one label for every sentence of the paragraph

Inside a ``>`` paragraph a tag labels the sentences that follow it, up to the next tag:
``{ch}`` challenge, ``{cx}`` context, ``{ac}`` action, ``{re}`` result, ``{no}`` none
(philosophy, filler). A tag may only stand at the start of a sentence. A paragraph's label is
derived from its sentences: the part holding at least 60% of its labelled characters, or
``mixed``; a paragraph of ``none`` sentences only is ``none``.

``@judged rule, rule`` names the rules a person judged for every example of the file (the
older files judged the full list in evaluation/score.py). ``findings`` lists every rule that truly applies to the example (the truth, written by a
person reading the text against the rule's definition in docs/rules.md), not what the
engine happens to report.

Files under ``corpus/frozen/`` are the frozen test split: nothing is tuned or trained on
them (evaluation/CORPUS.md says how that is kept).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path


CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
FROZEN_DIR = CORPUS_DIR / "frozen"
STYLE_SHIFT_DIR = CORPUS_DIR / "style-shift"
PARTS = ("challenge", "context", "action", "result", "none")
_TAGS = {"ch": "challenge", "cx": "context", "ac": "action", "re": "result", "no": "none"}
_HEADER = re.compile(r"^===\s*(?P<id>[\w-]+)\s*\|(?P<rest>.*)$")
_OLD_PARAGRAPH = re.compile(r"^\[(challenge|context|action|result)\]\s+(.+)$")
_NEW_PARAGRAPH = re.compile(r"^>(?P<new>\+?)\s+(?P<body>.+)$")
_TAG = re.compile(r"\{(ch|cx|ac|re|no)\}\s*")


@dataclass
class LabelledSentence:
    start: int  # offsets within the paragraph
    end: int
    part: str


@dataclass
class CorpusExample:
    id: str
    framework: str
    ecq: str
    quality: str
    as_of: dt.date
    competencies: list[str]
    findings: set[str]
    voice: str = ""
    shape: str = "story"
    frozen: bool = False
    labels: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    sentences: list[list[LabelledSentence]] = field(default_factory=list)
    story_starts: list[int] = field(default_factory=lambda: [0])
    source: str = ""
    # the rules a person judged for this example; None: the older files' full list
    judged: set[str] | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs) + "\n"

    @property
    def paragraph_offsets(self) -> list[int]:
        offsets, at = [], 0
        for paragraph in self.paragraphs:
            offsets.append(at)
            at += len(paragraph) + 2
        return offsets


# a paragraph is labelled with a part holding this share of its labelled characters
DOMINANT_SHARE = 0.6


def paragraph_label(sentences: list[LabelledSentence]) -> str:
    """The part holding DOMINANT_SHARE of a paragraph's labelled characters, ``mixed`` when
    none does, ``none`` for beliefs and filler only: what a reader of its sentences says."""
    weight: dict[str, int] = {}
    for s in sentences:
        if s.part != "none":
            weight[s.part] = weight.get(s.part, 0) + s.end - s.start
    if not weight:
        return "none"
    top = max(weight, key=weight.get)
    return top if weight[top] >= DOMINANT_SHARE * sum(weight.values()) else "mixed"


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _tagged_paragraph(body: str, where: str) -> tuple[str, list[LabelledSentence]]:
    text_parts: list[str] = []
    sentences: list[LabelledSentence] = []
    at = 0
    pieces = _TAG.split(body)
    if pieces[0].strip():
        raise ValueError(f"{where}: a '>' paragraph must open with a tag such as {{ac}}")
    for code, chunk in zip(pieces[1::2], pieces[2::2]):
        chunk = chunk.strip()
        if not chunk:
            raise ValueError(f"{where}: tag {{{code}}} labels no text")
        if text_parts:
            text_parts.append(" ")
            at += 1
        sentences.append(LabelledSentence(at, at + len(chunk), _TAGS[code]))
        text_parts.append(chunk)
        at += len(chunk)
    return "".join(text_parts), sentences


def _read_file(path: Path, frozen: bool) -> list[CorpusExample]:
    examples: list[CorpusExample] = []
    settings: dict[str, str] = {}
    current: CorpusExample | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.rstrip()
        where = f"{path.name}:{number}"
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
                voice=fields.get("voice", settings.get("voice", "")),
                shape=fields.get("shape", settings.get("shape", "story")),
                frozen=frozen,
                source=where,
                judged=set(_split(settings["judged"])) if "judged" in settings else None,
            )
            examples.append(current)
            continue
        if current is None:
            raise ValueError(f"{where}: text before the first '===' header")
        old = _OLD_PARAGRAPH.match(line)
        new = _NEW_PARAGRAPH.match(line)
        if old:
            text = old.group(2)
            # the older form labels the paragraph; its sentences are split the simple way
            sentences = [LabelledSentence(m.start(), m.end(), old.group(1))
                         for m in re.finditer(r"\S.*?(?:[.!?](?=\s|$)|$)", text)]
        elif new:
            text, sentences = _tagged_paragraph(new.group("body"), where)
            if new.group("new") and current.paragraphs:
                current.story_starts.append(len(current.paragraphs))
        else:
            raise ValueError(f"{where}: cannot read this line")
        current.paragraphs.append(text)
        current.sentences.append(sentences)
        current.labels.append(paragraph_label(sentences))
    return examples


def load_corpus(folder: Path = CORPUS_DIR, split: str = "dev") -> list[CorpusExample]:
    """``split``: ``dev`` (tuning and training data), ``frozen`` (the frozen test), ``all`` (both)
    or ``style-shift`` (the frozen split rewritten by other writers' means: reported, never tuned)."""
    examples: list[CorpusExample] = []
    if split in ("dev", "all"):
        for path in sorted(folder.glob("*.txt")):
            examples.extend(_read_file(path, frozen=False))
    if split in ("frozen", "all"):
        for path in sorted((folder / "frozen").glob("*.txt")):
            examples.extend(_read_file(path, frozen=True))
    if split == "style-shift":
        for path in sorted((folder / "style-shift").glob("*.txt")):
            examples.extend(_read_file(path, frozen=True))
    ids = [e.id for e in examples]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"corpus ids used twice: {', '.join(duplicates)}")
    return examples
