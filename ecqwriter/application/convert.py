"""A package moved onto another ECQ framework (``ecqwriter convert``, contract 6.1).

Each story is assigned to the new framework's ECQ that the analysis finds likeliest, with its
calibrated confidence and the other ECQs it also reads as. The new package is a copy of the
file, so everything in it is kept: stories (with their ids, so comments and revisions stay
on them), résumé, forms, comments and revisions. The original is never changed.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ecqwriter.application.stories import title_from_text
from ecqwriter.core.errors import EcqError, PackageExistsError, PackageFileError
from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.model import Narrative
from ecqwriter.storage.packagefile import PackageFile, read_package

CONVERT_SCHEMA = "ecqwriter.convert/1"
# an ECQ a story also reads as, beside the one it is assigned to
ALSO_MIN = 0.2


@dataclass
class StoryMove:
    title: str
    from_ecq: str
    to_ecq: str
    confidence: float  # the analysis's confidence in to_ecq
    also: list[str] = field(default_factory=list)
    example_id: str = ""
    # every new ECQ with the analysis's confidence, likeliest first: what a candidate changing
    # the assignment chooses from
    ranked: list[tuple[str, float]] = field(default_factory=list)
    proposed: str = ""  # the analysis's choice, kept when the candidate changes to_ecq

    def assign(self, ecq_id: str) -> None:
        """The candidate's choice: the confidence shown becomes the analysis's for that ECQ."""
        self.to_ecq = ecq_id
        self.confidence = dict(self.ranked).get(ecq_id, 0.0)


@dataclass
class Conversion:
    source: Path
    output: Path | None
    from_framework: str
    to_framework: str
    moves: list[StoryMove]
    # a new ECQ no story was assigned to -> (title, confidence) of the closest story
    empty: dict[str, tuple[str, float] | None] = field(default_factory=dict)
    # the new ECQs with no counterpart in the old framework -> the stories closest to them
    without_equivalent: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"schema": CONVERT_SCHEMA, "from": self.from_framework, "to": self.to_framework,
                "output": str(self.output),
                "stories": [{"title": m.title, "from_ecq": m.from_ecq, "to_ecq": m.to_ecq,
                             "confidence": round(m.confidence, 3), "also": m.also} for m in self.moves],
                "ecqs_without_a_story": {ecq: ({"closest": closest[0], "confidence": round(closest[1], 3)}
                                               if closest else None) for ecq, closest in self.empty.items()},
                "ecqs_without_an_equivalent": {ecq: [{"title": t, "confidence": round(p, 3)} for t, p in closest]
                                               for ecq, closest in self.without_equivalent.items()}}

    def summarise(self) -> None:
        """The ECQs left without a story and those new to the framework, after the
        assignments as they stand (the analysis's, or the candidate's)."""
        target = load_framework(self.to_framework)
        best_for: dict[str, tuple[str, float]] = {}
        for move in self.moves:
            for ecq, p in move.ranked:
                if p > best_for.get(ecq, ("", -1.0))[1]:
                    best_for[ecq] = (move.title, p)
        scores: dict[str, list[tuple[str, float]]] = {ecq.id: [] for ecq in target.ecqs}
        for move in self.moves:
            scores[move.to_ecq].append((move.title, move.confidence))
        self.empty = {ecq: best_for.get(ecq) for ecq, placed in scores.items() if not placed}
        self.without_equivalent = {
            ecq.id: sorted(scores[ecq.id], key=lambda t: -t[1])[:2] or ([best_for[ecq.id]] if ecq.id in best_for else [])
            for ecq in target.ecqs if self.from_framework in ecq.no_equivalent_in}


def plan_conversion(source: str | Path, to_framework: str) -> Conversion:
    """Each story of the package, assigned by the analysis to a new ECQ; nothing is written."""
    from ecqwriter.analysis.engine import get_analyzer

    source = Path(source)
    target = load_framework(to_framework)  # one clear message for an unknown framework
    package = read_package(source)
    if package.framework_id == target.id:
        raise EcqError(f"this package already uses {target.id}: there is nothing to convert "
                       "(to change only its application format, use the window's Candidate and position page)",
                       source)
    analyzer = get_analyzer()
    moves = []
    for ecq_id, narrative in package.narratives.items():
        for example in narrative.examples:
            if not example.text.strip():
                continue
            analysis = analyzer.analyze_text(example.text, target, None, example_starts=[0])
            ranked = sorted(analysis.ecq_probabilities.items(), key=lambda kv: kv[1], reverse=True)
            to_ecq, confidence = ranked[0]
            title = example.title or title_from_text(example.paragraphs)
            moves.append(StoryMove(title, ecq_id, to_ecq, confidence, [ecq for ecq, p in ranked[1:] if p >= ALSO_MIN],
                                   example.id, ranked, to_ecq))
    conversion = Conversion(source, None, package.framework_id, target.id, moves)
    conversion.summarise()
    return conversion


def write_conversion(conversion: Conversion, output: str | Path) -> Conversion:
    """The new package, with each story where ``conversion.moves`` puts it. The file is
    copied, so what the model does not carry (revisions, the save log) is kept."""
    output = Path(output)
    if output.exists() or output.is_symlink():
        raise PackageExistsError("a file with this name exists; it was left untouched", output)
    if not output.parent.is_dir():
        raise PackageFileError("the folder does not exist", output.parent)
    target = load_framework(conversion.to_framework)
    if any(move.to_ecq not in target.ecq_ids for move in conversion.moves):
        raise PackageFileError(f"a story is assigned to an ECQ that {target.id} does not have", output)
    conversion.summarise()
    where = {move.example_id: move.to_ecq for move in conversion.moves}
    partial = output.with_name(f".{output.name}.converting")
    try:
        shutil.copyfile(conversion.source, partial)
        os.chmod(partial, 0o600)
        with PackageFile.open(partial) as opened:
            moved = opened.package
            placed = {ecq.id: [] for ecq in target.ecqs}
            for position, narrative in enumerate(moved.narratives.values()):
                # an empty draft has nothing to analyse: it goes to the new ECQ in its old
                # ECQ's place, so that not even a titled placeholder is lost
                in_place = target.ecqs[min(position, len(target.ecqs) - 1)].id
                for example in narrative.examples:
                    placed[where.get(example.id, in_place)].append(example)
            moved.framework_id = target.id
            moved.application_format = target.default_format
            moved.narratives = {ecq: Narrative(ecq, examples) for ecq, examples in placed.items()}
            opened.save(moved)
        if output.exists():
            raise PackageExistsError("a file with this name appeared meanwhile; it was left untouched", output)
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
        for leftover in partial.parent.glob(f"{partial.name}*"):
            leftover.unlink(missing_ok=True)
    conversion.output = output
    return conversion


def convert_package(source: str | Path, to_framework: str, output: str | Path) -> Conversion:
    """``ecqwriter convert``: the analysis's assignments, written at once."""
    output = Path(output)
    if output.exists() or output.is_symlink():  # before the analysis, not after
        raise PackageExistsError("a file with this name exists; it was left untouched", output)
    if not output.parent.is_dir():
        raise PackageFileError("the folder does not exist", output.parent)
    return write_conversion(plan_conversion(source, to_framework), output)
