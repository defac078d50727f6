"""CCAR at the level where it lives: a part for every sentence of a story.

A sentence model (``resources/models/ccar-sentences.json``, trained by evaluation/train.py)
scores each sentence from its cues and words plus where it stands in the story. A Viterbi
pass then picks the most likely sequence, knowing how stories run: challenge and context,
then action, then result; a new example may start again, and philosophy or filler
(``none``) may stand anywhere. The transition table is learned with the model.

A paragraph's part is the dominant part of its sentences, or ``mixed``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ecqwriter.analysis.linear_model import LinearModel, load_model
from ecqwriter.analysis.sentence_cues import position_features

PARTS = ("challenge", "context", "action", "result", "none")
MIXED = "mixed"
MODEL_NAME = "ccar-sentences"
# a paragraph is labelled with a part holding this share of its labelled characters
DOMINANT_SHARE = 0.6


@dataclass
class SentencePart:
    paragraph: int  # index within the story
    start: int  # offsets within the paragraph
    end: int
    part: str
    probabilities: dict[str, float]


def dominant_part(pieces: list[tuple[str, int]]) -> str:
    """(part, length) of each sentence of a paragraph -> its part, ``mixed`` or ``none``."""
    weight: dict[str, int] = {}
    for part, length in pieces:
        weight[part] = weight.get(part, 0) + length
    labelled = {k: v for k, v in weight.items() if k != "none"}
    if not labelled:
        return "none"
    top = max(labelled, key=labelled.get)
    return top if labelled[top] >= DOMINANT_SHARE * sum(labelled.values()) else MIXED


def story_sentence_features(paragraph_features: list[list[dict[str, float]]]) -> list[dict[str, float]]:
    """Each sentence's cached features plus its position in the story, in reading order."""
    total = sum(len(p) for p in paragraph_features)
    out, at = [], 0
    for p_index, sentences in enumerate(paragraph_features):
        for s_index, features in enumerate(sentences):
            merged = dict(features)
            merged.update(position_features(at, total, p_index, len(paragraph_features), s_index, len(sentences)))
            out.append(merged)
            at += 1
    return out


def viterbi(emissions: list[dict[str, float]], start: dict[str, float],
            transitions: dict[str, dict[str, float]]) -> list[str]:
    """Most likely parts given per-sentence probabilities and log transition scores."""
    if not emissions:
        return []
    floor = 1e-9
    score = {p: start.get(p, -9.0) + math.log(max(emissions[0].get(p, 0.0), floor)) for p in PARTS}
    back: list[dict[str, str]] = []
    for emission in emissions[1:]:
        step, pointers = {}, {}
        for p in PARTS:
            best_prev = max(PARTS, key=lambda q: score[q] + transitions.get(q, {}).get(p, -9.0))
            step[p] = (score[best_prev] + transitions.get(best_prev, {}).get(p, -9.0)
                       + math.log(max(emission.get(p, 0.0), floor)))
            pointers[p] = best_prev
        score = step
        back.append(pointers)
    last = max(PARTS, key=lambda p: score[p])
    path = [last]
    for pointers in reversed(back):
        path.append(pointers[path[-1]])
    path.reverse()
    return path


def label_story(paragraph_features: list[list[dict[str, float]]],
                model: LinearModel | None = None) -> list[list[tuple[str, dict[str, float]]]]:
    """(part, probabilities) of every sentence, grouped by paragraph, for one story."""
    model = model or load_model(MODEL_NAME)
    if model is None:
        raise RuntimeError("the CCAR sentence model is not installed (resources/models)")
    features = story_sentence_features(paragraph_features)
    emissions = [model.probabilities(f) for f in features]
    path = viterbi(emissions, model.extra.get("start", {}), model.extra.get("transitions", {}))
    out, at = [], 0
    for sentences in paragraph_features:
        out.append([(path[at + i], emissions[at + i]) for i in range(len(sentences))])
        at += len(sentences)
    return out
