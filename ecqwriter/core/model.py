"""The package model: plain data, no Qt, no storage.

A package is what a candidate sends to a Qualifications Review Board: the résumé, one
narrative per ECQ of the chosen framework (each made of one or two CCAR examples) and the
parts that belong to the QRB criterion (B: the CDP record; C: the agency justification
and the Individual Development Plan).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ecqwriter.core.display_text import hidden_character_problem
from ecqwriter.core.errors import EcqError
from ecqwriter.core.ids import new_id, now_utc  # noqa: F401 (part of the model's interface)
from ecqwriter.core.paragraphs import split_paragraphs

if TYPE_CHECKING:
    from ecqwriter.core.comments import Comment
    from ecqwriter.core.frameworks import Framework


class Criterion(StrEnum):
    """QRB case types (5 CFR 317.502(c))."""

    A = "A"  # demonstrated executive experience
    B = "B"  # completed an OPM-approved Candidate Development Program
    C = "C"  # special or unique qualities

    @property
    def title(self) -> str:
        return CRITERION_TITLES[self]


CRITERION_TITLES = {
    Criterion.A: "Criterion A: demonstrated executive experience",
    Criterion.B: "Criterion B: completed SES Candidate Development Program",
    Criterion.C: "Criterion C: special or unique qualities",
}

# QRB practice: one or two examples per ECQ, never more (see docs/rules.md)
RECOMMENDED_MAX_EXAMPLES = 2


@dataclass
class Candidate:
    name: str = ""
    current_position: str = ""
    agency: str = ""


@dataclass
class Example:
    """One Challenge-Context-Action-Result story, as ordered paragraphs."""

    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    # the story bank's facts (STORY_FACTS): when it happened, the role and organisation, the
    # other ECQs it also shows (its primary ECQ is the narrative it sits in) and the figures
    # to remember; unknown keys are kept
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @text.setter
    def text(self, value: str) -> None:
        self.paragraphs = split_paragraphs(value)

    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


# the story bank's facts of an example, as Example.facts holds them
STORY_FACTS = (
    ("start", "Started (YYYY-MM)"), ("end", "Ended (YYYY-MM)"), ("role", "Your role"),
    ("organization", "Organization"), ("also_ecqs", "Also shows (other ECQs)"), ("figures", "Figures to remember"),
)


# examples of one ECQ are analysed and laid out as one text, separated by a blank line
EXAMPLE_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class JoinedNarrative:
    """An ECQ's written examples as one text, and where each example starts in it: the
    offsets the checks report and the window translates back, from one place."""

    text: str
    examples: list[Example]
    char_starts: list[int]
    paragraph_starts: list[int]


@dataclass
class Narrative:
    """The statement for one ECQ."""

    ecq_id: str
    examples: list[Example] = field(default_factory=list)

    def word_count(self) -> int:
        return sum(e.word_count() for e in self.examples)

    def joined(self) -> JoinedNarrative:
        """The examples that have text, joined (empty examples are not part of the statement)."""
        written = [e for e in self.examples if e.text.strip()]
        char_starts, paragraph_starts, chars, paragraphs = [], [], 0, 0
        for example in written:
            char_starts.append(chars)
            paragraph_starts.append(paragraphs)
            chars += len(example.text) + len(EXAMPLE_SEPARATOR)
            paragraphs += len(example.paragraphs)
        return JoinedNarrative(EXAMPLE_SEPARATOR.join(e.text for e in written), written, char_starts,
                               paragraph_starts)


@dataclass
class CdpRecord:
    """Criterion B: the Candidate Development Program the candidate completed."""

    program_name: str = ""
    agency: str = ""
    opm_approval_date: dt.date | None = None
    completion_date: dt.date | None = None
    erb_certification_date: dt.date | None = None
    # optional facts the CDP checks use when recorded (5 CFR 412.302)
    start_date: dt.date | None = None
    training_hours: float | None = None
    assignment_months: float | None = None
    mentor: str = ""


@dataclass
class Package:
    criterion: Criterion
    framework_id: str
    candidate: Candidate = field(default_factory=Candidate)
    # what the application holds (core/formats.py); "" means the framework's default
    application_format: str = ""
    target_position: str = ""
    announcement_number: str = ""
    resume: str = ""
    # the structured résumé (core/resume.py) as its ecqwriter.resume/1 document, unknown
    # fields included; empty when the résumé is free text only. Its text is ``resume``.
    resume_record: dict[str, Any] = field(default_factory=dict)
    # interview rehearsals, one entry per answer (core/interview.py: practice_entry)
    practice_log: list[dict[str, Any]] = field(default_factory=list)
    narratives: dict[str, Narrative] = field(default_factory=dict)
    cdp: CdpRecord = field(default_factory=CdpRecord)
    justification: str = ""
    # The IDP's full structure arrives with the IDP work; until then it is kept as a
    # JSON-compatible document so nothing a later version writes is lost on the way.
    idp: dict[str, Any] = field(default_factory=dict)
    # findings the user dismissed: (rule id, location, fingerprint of the flagged text)
    dismissed: set[tuple[str, str, str]] = field(default_factory=set)
    # review comments on the package's texts (see core/comments.py)
    comments: list[Comment] = field(default_factory=list)
    # "as of" date for checks such as the age of examples; None means today
    as_of: dt.date | None = None
    created: dt.datetime = field(default_factory=lambda: now_utc())
    modified: dt.datetime = field(default_factory=lambda: now_utc())

    @classmethod
    def new(
        cls, criterion: Criterion | str, framework: Framework, candidate_name: str = "",
        application_format: str | None = None,
    ) -> Package:
        # the name is shown on one line in reports and terminals: a control or direction
        # character typed or pasted into it is refused here, where every new package starts
        problem = hidden_character_problem(candidate_name)
        if problem:
            raise EcqError(f"the candidate's name {problem}")
        package = cls(criterion=Criterion(criterion), framework_id=framework.id,
                      application_format=application_format or framework.default_format)
        package.candidate.name = candidate_name
        package.ensure_narratives(framework)
        return package

    def ensure_narratives(self, framework: Framework) -> None:
        """Give every ECQ of the framework a narrative, in OPM's order."""
        ordered = {e.id: self.narratives.get(e.id, Narrative(e.id)) for e in framework.ecqs}
        # keep narratives of ECQs the framework does not know rather than drop text
        for ecq_id, narrative in self.narratives.items():
            ordered.setdefault(ecq_id, narrative)
        self.narratives = ordered

    def narrative(self, ecq_id: str) -> Narrative:
        try:
            return self.narratives[ecq_id]
        except KeyError:
            raise KeyError(f"this package has no narrative for ECQ '{ecq_id}'") from None

    def texts(self) -> dict[str, str]:
        """Every text a comment can be on, by its comment target key."""
        texts = {"resume": self.resume, "justification": self.justification}
        for narrative in self.narratives.values():
            for example in narrative.examples:
                texts[f"example:{example.id}"] = example.text
        return texts

    def comments_on(self, target: str) -> list[Comment]:
        return [c for c in self.comments if c.target == target]

    def reference_date(self) -> dt.date:
        return self.as_of or dt.date.today()

    def word_count(self) -> int:
        return sum(n.word_count() for n in self.narratives.values())

