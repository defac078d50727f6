"""ECQ and competency coverage from the evidence hits of a set of paragraphs."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ecqwriter.analysis.lexicon import CompiledLexicon
from ecqwriter.core.frameworks import Framework

# behaviour ("I negotiated...") counts fully; a bare mention less; a claimed skill barely
KIND_FACTOR = {"behaviour": 1.0, "mention": 0.55, "claim": 0.15}
# the same term repeated adds little after its second use
MAX_REPEATS_PER_TERM = 2
COMPETENCY_SHOWN = 0.45


@dataclass
class EvidenceRef:
    start: int  # offsets into the analysed text
    end: int
    text: str
    kind: str
    term: str


@dataclass
class CompetencyCoverage:
    id: str
    ecq: str
    score: float
    evidence: list[EvidenceRef] = field(default_factory=list)
    claims_only: bool = False


@dataclass
class Coverage:
    ecq_scores: dict[str, float]
    competencies: dict[tuple[str, str], CompetencyCoverage]

    @property
    def best_ecq(self) -> str:
        return max(self.ecq_scores.items(), key=lambda kv: kv[1])[0]

    def shown(self, ecq_id: str) -> list[str]:
        return [c.id for (e, _), c in self.competencies.items() if e == ecq_id and c.score >= COMPETENCY_SHOWN]

    def missing(self, framework: Framework, ecq_id: str) -> list[str]:
        shown = set(self.shown(ecq_id))
        return [c.id for c in framework.ecq(ecq_id).competencies if c.id not in shown]


_COMPETENCIES: dict[str, list] = {}


def _competencies(framework: Framework) -> list:
    cached = _COMPETENCIES.get(framework.id)
    if cached is None:
        cached = _COMPETENCIES[framework.id] = framework.all_competencies()
    return cached


def measure_coverage(
    framework: Framework, lexicon: CompiledLexicon, hits: Iterable, words: int,
    *, scores_only: bool = False,
) -> Coverage:
    """Competency and ECQ scores of ``hits`` (anything with ``term`` and ``kind``, such as
    EvidenceRef); ``scores_only`` skips the evidence lists (per-example use)."""
    mass: dict[tuple[str, str], float] = {}
    uses: dict[tuple[tuple[str, str], str], int] = {}
    evidence: dict[tuple[str, str], list] = defaultdict(list)
    kinds: dict[tuple[str, str], set[str]] = defaultdict(set)
    ecq_mass: dict[str, float] = {}
    terms = lexicon.terms
    for hit in hits:
        info = terms.get(hit.term)
        if info is None:
            continue
        value = info.weight * KIND_FACTOR[hit.kind]
        counted_for_ecq: set[str] = set()
        for owner in info.competencies:
            use = (owner, hit.term)
            count = uses[use] = uses.get(use, 0) + 1
            if count > MAX_REPEATS_PER_TERM:
                continue
            mass[owner] = mass.get(owner, 0.0) + value
            if not scores_only:
                evidence[owner].append(hit)
                kinds[owner].add(hit.kind)
            if owner[0] not in counted_for_ecq:
                ecq_mass[owner[0]] = ecq_mass.get(owner[0], 0.0) + value
                counted_for_ecq.add(owner[0])
    scores = {key: round(1.0 - math.exp(-value / 1.1), 3) for key, value in mass.items()}
    competencies = {}
    if not scores_only:
        for competency in _competencies(framework):
            key = (competency.ecq_id, competency.id)
            competencies[key] = CompetencyCoverage(
                id=competency.id,
                ecq=competency.ecq_id,
                score=scores.get(key, 0.0),
                evidence=evidence.get(key, []),
                claims_only=kinds.get(key) == {"claim"},
            )
    hundreds = max(words, 60) / 100.0
    ecq_scores = {}
    for ecq in framework.ecqs:
        density = ecq_mass.get(ecq.id, 0.0) / hundreds
        strength = 1.0 - math.exp(-density / 2.2)
        breadth = sum(
            1 for c in ecq.competencies if scores.get((ecq.id, c.id), 0.0) >= COMPETENCY_SHOWN
        ) / len(ecq.competencies)
        ecq_scores[ecq.id] = round(0.75 * strength + 0.25 * breadth, 3)
    return Coverage(ecq_scores=ecq_scores, competencies=competencies)
