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

from ecqwriter.core.errors import PackageExistsError, PackageFileError
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
    confidence: float
    also: list[str] = field(default_factory=list)


@dataclass
class Conversion:
    source: Path
    output: Path
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


def convert_package(source: str | Path, to_framework: str, output: str | Path) -> Conversion:
    from ecqwriter.analysis.engine import get_analyzer

    source, output = Path(source), Path(output)
    target = load_framework(to_framework)  # one clear message for an unknown framework
    if output.exists() or output.is_symlink():
        raise PackageExistsError("a file with this name exists; it was left untouched", output)
    if not output.parent.is_dir():
        raise PackageFileError("the folder does not exist", output.parent)
    package = read_package(source)
    analyzer = get_analyzer()
    moves, placed = [], {ecq.id: [] for ecq in target.ecqs}
    best_for: dict[str, tuple[str, float]] = {}
    for ecq_id, narrative in package.narratives.items():
        for example in narrative.examples:
            if not example.text.strip():
                continue
            analysis = analyzer.analyze_text(example.text, target, None, example_starts=[0])
            ranked = sorted(analysis.ecq_probabilities.items(), key=lambda kv: kv[1], reverse=True)
            to_ecq, confidence = ranked[0]
            title = example.title or example.text.split(".")[0][:60]
            moves.append(StoryMove(title, ecq_id, to_ecq, confidence,
                                   [ecq for ecq, p in ranked[1:] if p >= ALSO_MIN]))
            placed[to_ecq].append(example)
            for ecq, p in ranked:
                if p > best_for.get(ecq, ("", -1.0))[1]:
                    best_for[ecq] = (title, p)
    empty = {ecq: best_for.get(ecq) for ecq, examples in placed.items() if not examples}
    scores: dict[str, list[tuple[str, float]]] = {ecq.id: [] for ecq in target.ecqs}
    for move in moves:
        scores[move.to_ecq].append((move.title, move.confidence))
    without_equivalent = {ecq.id: sorted(scores[ecq.id], key=lambda t: -t[1])[:2] or (
                              [best_for[ecq.id]] if ecq.id in best_for else [])
                          for ecq in target.ecqs if package.framework_id in ecq.no_equivalent_in}
    # a copy of the file keeps what the model does not carry (revisions, the save log)
    partial = output.with_name(f".{output.name}.converting")
    try:
        shutil.copyfile(source, partial)
        os.chmod(partial, 0o600)
        with PackageFile.open(partial) as opened:
            moved = opened.package
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
    return Conversion(source, output, package.framework_id, target.id, moves, empty, without_equivalent)
