"""What an analysis returns: each paragraph's part and scores, each example's structure and
ECQ estimate, the narrative's coverage and findings, and the analysis JSON (section 3 of
docs/interfaces.md). Plain data: the engine (engine.py) fills it, and everything above the
analysis layer reads it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ecqwriter.analysis import ccar
from ecqwriter.analysis.coverage import Coverage
from ecqwriter.analysis.findings import Finding
from ecqwriter.analysis.signals import ParagraphSignals
from ecqwriter.core.frameworks import Framework

ANALYSIS_SCHEMA = "ecqwriter.analysis/1"


@dataclass
class ParagraphResult:
    index: int
    start: int
    end: int
    signals: ParagraphSignals
    example: int = 0
    label: str = ccar.MIXED
    scores: dict[str, float] = field(default_factory=dict)
    height: float = 0.0
    # (start, end, part) of each sentence, offsets in the narrative
    parts: list[tuple[int, int, str]] = field(default_factory=list)
    sentence_probabilities: list[dict[str, float]] = field(default_factory=list)


@dataclass
class ExampleResult:
    index: int
    # the story (known segment: a package's story) it was found in; a story may hold two
    story: int
    paragraphs: list[int]
    words: int
    structure: dict
    ecq_scores: dict[str, float]
    best_ecq: str
    ecq_probabilities: dict[str, float] = field(default_factory=dict)


@dataclass
class NarrativeAnalysis:
    framework: Framework
    target_ecq: str | None
    text: str
    paragraphs: list[ParagraphResult]
    examples: list[ExampleResult]
    coverage: Coverage
    findings: list[Finding]
    dismissed: int
    stats: dict
    pipeline: str

    ecq_probabilities: dict[str, float] = field(default_factory=dict)

    @property
    def best_ecq(self) -> str:
        if self.ecq_probabilities:
            return max(self.ecq_probabilities, key=self.ecq_probabilities.get)
        return self.coverage.best_ecq

    @property
    def best_ecq_confidence(self) -> float:
        return self.ecq_probabilities.get(self.best_ecq, 0.0)

    def to_json(self) -> dict:
        competencies = []
        for (ecq_id, _), c in self.coverage.competencies.items():
            if c.score <= 0 and not (self.target_ecq and ecq_id == self.target_ecq):
                continue
            competencies.append(
                {
                    "id": c.id,
                    "ecq": c.ecq,
                    "score": c.score,
                    "shown": c.score >= 0.45,
                    "claims_only": c.claims_only,
                    "evidence": [
                        {"start": e.start, "end": e.end, "text": e.text, "kind": e.kind}
                        for e in c.evidence
                    ],
                }
            )
        competencies.sort(key=lambda c: (-c["score"], c["ecq"], c["id"]))
        data = {
            "schema": ANALYSIS_SCHEMA,
            "framework": self.framework.id,
            "target_ecq": self.target_ecq,
            "stats": self.stats,
            # the calibrated probabilities: best_ecq is the ECQ with the highest score
            "ecq_scores": dict(self.ecq_probabilities or self.coverage.ecq_scores),
            "best_ecq": self.best_ecq,
            "best_ecq_confidence": round(self.best_ecq_confidence, 4),
            "ecq_probabilities": dict(self.ecq_probabilities),
            "competencies": competencies,
            "missing_competencies": (
                self.coverage.missing(self.framework, self.target_ecq) if self.target_ecq else []
            ),
            "paragraphs": [
                {"index": p.index, "start": p.start, "end": p.end, "ccar": p.label,
                 "scores": p.scores, "example": p.example,
                 "parts": [{"start": a, "end": b, "ccar": part} for a, b, part in p.parts]}
                for p in self.paragraphs
            ],
            "examples": [
                {"index": e.index, "story": e.story, "paragraphs": e.paragraphs, "words": e.words,
                 "best_ecq": e.best_ecq, "ecq_scores": e.ecq_probabilities or e.ecq_scores,
                 "ecq_probabilities": e.ecq_probabilities, **e.structure}
                for e in self.examples
            ],
            "findings": [f.to_json() for f in self.findings],
            "dismissed_findings": self.dismissed,
            "engine": {"pipeline": self.pipeline},
        }
        if self.framework.fundamental is not None:
            data["fundamental_shown"] = self.coverage.shown("fundamental")
        return data


def merge_overlapping(findings: list[Finding]) -> list[Finding]:
    """One finding where a rule fired twice on overlapping words ("was being pressured" is
    one passive, not two). The first keeps its message and grows to cover both."""
    merged: list[Finding] = []
    last_by_rule: dict[str, Finding] = {}
    placed = sorted((f for f in findings if f.start is not None), key=lambda f: (f.start, f.end))
    for finding in placed:
        previous = last_by_rule.get(finding.rule)
        if previous is not None and finding.start < previous.end and finding.paragraph == previous.paragraph:
            previous.end = max(previous.end, finding.end)
            continue
        last_by_rule[finding.rule] = finding
        merged.append(finding)
    return merged + [f for f in findings if f.start is None]
