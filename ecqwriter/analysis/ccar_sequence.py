"""CCAR at the level where it lives: a part for every sentence of a story.

A sentence model (``resources/models/ccar-sentences.json``, trained by evaluation/train.py)
scores each sentence from its cues and words plus where it stands in the story. A Viterbi
pass then picks the most likely sequence, knowing how stories run: challenge and context,
then action, then result; a new example may start again, and philosophy or filler
(``none``) may stand anywhere. The transition table is learned with the model.

A paragraph's part is the part its own scores favour (``paragraph_label``): the sequence
decides only between near ties, and ``mixed`` needs two parts that each hold a real share.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ecqwriter.analysis.linear_model import LinearModel, load_model, softmax_dict
from ecqwriter.analysis.sentence_cues import position, position_features

PARTS = ("challenge", "context", "action", "result", "none")
MIXED = "mixed"
MODEL_NAME = "ccar-sentences"
# a paragraph's label is the highest of its own scores; only when the runner-up is this
# close does the story's sequence (its sentences' decoded parts) decide between the two
TIE_MARGIN = 0.15
# near a tie, the paragraph is "mixed" when the two parts' sentences each hold this share of
# its characters: two real parts, not one part read uncertainly (chosen leaving one voice
# out: at 0.35 an accomplishment record telling all four parts in one paragraph was not mixed)
MIXED_SHARE = 0.25


@dataclass
class SentencePart:
    paragraph: int  # index within the story
    start: int  # offsets within the paragraph
    end: int
    part: str
    probabilities: dict[str, float]


def character_shares(pieces: list[tuple[str, int]]) -> dict[str, float]:
    """(part, length) of each sentence -> each part's share of the characters not ``none``."""
    weight: dict[str, int] = {}
    for part, length in pieces:
        if part != "none":
            weight[part] = weight.get(part, 0) + length
    total = sum(weight.values())
    return {part: value / total for part, value in weight.items()} if total else {}


def paragraph_label(scores: dict[str, float], pieces: list[tuple[str, int]]) -> str:
    """A paragraph's part from its own scores (each part's probability, averaged over its
    sentences by length) and its sentences' decoded parts ``pieces`` (part, length).

    The label is the part with the highest score. Within TIE_MARGIN of the runner-up, the
    decoded sequence breaks the tie, and the paragraph is ``mixed`` when both parts hold
    MIXED_SHARE of its characters. A paragraph whose sentences all decode as ``none``
    (beliefs only) is ``none``."""
    shares = character_shares(pieces)
    if not shares or not scores:
        return "none"
    top, second = sorted(scores, key=lambda part: (-scores[part], part))[:2]
    if scores[top] - scores[second] >= TIE_MARGIN:
        return top
    if shares.get(top, 0.0) >= MIXED_SHARE and shares.get(second, 0.0) >= MIXED_SHARE:
        return MIXED
    return second if shares.get(second, 0.0) > shares.get(top, 0.0) else top


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
    n = len(PARTS)
    log = math.log
    moves = [[transitions.get(a, {}).get(b, -9.0) for b in PARTS] for a in PARTS]
    score = [start.get(p, -9.0) + log(max(emissions[0].get(p, 0.0), 1e-9)) for p in PARTS]
    back: list[list[int]] = []
    for emission in emissions[1:]:
        step, pointers = [0.0] * n, [0] * n
        for j, part in enumerate(PARTS):
            best, best_i = -1e300, 0
            for i in range(n):
                candidate = score[i] + moves[i][j]
                if candidate > best:
                    best, best_i = candidate, i
            step[j] = best + log(max(emission.get(part, 0.0), 1e-9))
            pointers[j] = best_i
        score = step
        back.append(pointers)
    last = max(range(n), key=score.__getitem__)
    path = [last]
    for pointers in reversed(back):
        path.append(pointers[path[-1]])
    path.reverse()
    return [PARTS[i] for i in path]


def _base_logits(signals, model: LinearModel) -> list[list[float]]:
    """Each sentence's logits from its own words and cues, kept in the paragraph's memo."""
    key = (MODEL_NAME, model.serial)
    base = signals.memo.get(key)
    if base is None:
        base = signals.memo[key] = model.logits_many(signals.sentence_features)
    return base


def score_paragraphs(signals_list, model: LinearModel | None) -> None:
    """Keep in each paragraph's memo its sentences' logits from their own words and cues, for
    many paragraphs in one model call (newly read paragraphs, before their stories are
    labelled)."""
    if model is None:
        return
    key = (MODEL_NAME, model.serial)
    pending = [signals for signals in signals_list if key not in signals.memo]
    logits = model.logits_many([features for signals in pending for features in signals.sentence_features])
    at = 0
    for signals in pending:
        count = len(signals.sentence_features)
        signals.memo[key] = logits[at:at + count]
        at += count


def lean_probabilities(signals, model: LinearModel) -> list[dict[str, float]]:
    """What each sentence of a paragraph reads as on its own words, wherever it stands (the
    example finder's evidence), kept in the paragraph's memo."""
    key = (MODEL_NAME, model.serial, "lean")
    found = signals.memo.get(key)
    if found is None:
        found = signals.memo[key] = [softmax_dict(model.classes, logits, model.temperature)
                                     for logits in _base_logits(signals, model)]
    return found


def _position_shares(model: LinearModel) -> dict[tuple[str, str, str], list[float]]:
    """The model's logit share of each combination of categorical position features, made
    as met: a story's sentences meet few combinations, and every story meets the same."""
    shares = model.__dict__.get("_position_shares")
    if shares is None:
        shares = model.__dict__["_position_shares"] = {}
    return shares


def label_story(paragraph_features: list[list[dict[str, float]]], model: LinearModel | None = None,
                memos: list[dict] | None = None) -> list[list[tuple[str, dict[str, float]]]]:
    """(part, probabilities) of every sentence, grouped by paragraph, for one story.

    ``memos`` (one dict per paragraph, kept with its cached signals) hold each sentence's
    share of the logits from its own words and cues, which does not depend on where the
    paragraph stands: re-labelling a story after an edit then costs only the position
    features and the decoding."""
    model = model or load_model(MODEL_NAME)
    if model is None:
        raise RuntimeError("the CCAR sentence model is not installed (resources/models)")
    key = (MODEL_NAME, model.serial)
    total = sum(len(p) for p in paragraph_features)
    bases = [memos[p].get(key) if memos is not None else None for p in range(len(paragraph_features))]
    missing = [p for p, base in enumerate(bases) if base is None]
    if missing:
        # the paragraphs not in memo go through the model together: one call, not one each
        logits = model.logits_many([features for p in missing for features in paragraph_features[p]])
        at = 0
        for p in missing:
            count = len(paragraph_features[p])
            bases[p] = logits[at:at + count]
            at += count
            if memos is not None:
                memos[p][key] = bases[p]
    emissions: list[dict[str, float]] = []
    at = 0
    shares = _position_shares(model)
    relative_row = model.weights.get("pos_rel")
    for p_index, (sentences, base) in enumerate(zip(paragraph_features, bases)):
        for s_index, logits in enumerate(base):
            categories, relative = position(at, total, p_index, len(paragraph_features), s_index, len(sentences))
            share = shares.get(categories)
            if share is None:
                share = shares[categories] = model.partial_logits(dict.fromkeys(categories, 1.0))
            logits = [x + y for x, y in zip(logits, share)]
            if relative_row is not None and relative:
                logits = [x + relative * w for x, w in zip(logits, relative_row)]
            emissions.append(softmax_dict(model.classes, logits, model.temperature))
            at += 1
    path = viterbi(emissions, model.extra.get("start", {}), model.extra.get("transitions", {}))
    out, at = [], 0
    for sentences in paragraph_features:
        out.append([(path[at + i], emissions[at + i]) for i in range(len(sentences))])
        at += len(sentences)
    return out
