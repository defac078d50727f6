"""Which ECQ a narrative was written for, as calibrated probabilities.

A per-framework linear model (``resources/models/ecq-<framework>.json``, trained by
evaluation/train.py on the development split) reads two things:

- the narrative's content words (lemmas, log-scaled counts, normalised to unit length),
  weighted by the CCAR part of their sentence (actions most), so it learns how people
  actually write each ECQ;
- the framework pack's own evidence scores (its definitions and evidence terms), so a
  framework's wording counts even for words the corpus never used.

Its probabilities are divided by a temperature fitted on held-out predictions, so that a
stated 0.8 is right about 80% of the time (the calibration table is in
evaluation/scores.json). A framework without a trained model falls back to the pack's
scores alone, turned into probabilities the same way.
"""

from __future__ import annotations

import math

from ecqwriter.analysis.linear_model import LinearModel, load_model, softmax_dict

# without a trained model, pack scores (0..1) become probabilities at this sharpness
FALLBACK_SHARPNESS = 6.0
# how much a word counts by the CCAR part of its sentence, and how much the pack's scores
# count beside the words (chosen by leave-one-voice-out accuracy on the development split)
PART_WEIGHTS = {"action": 1.0, "result": 0.5, "challenge": 0.5, "context": 0.1, "none": 0.0}
KEYWORD_SCALE = 0.3


def model_name(framework_id: str) -> str:
    return f"ecq-{framework_id}"


def word_counts(sentences) -> dict[str, float]:
    """Each content word's weighted count. ``sentences``: (part, word features) of every
    sentence, the word features being ParagraphSignals.sentence_content. A word counts by the
    part of the sentence it stands in: the ECQ shows in what the writer did, far less in the
    setting. Counts of stories add up to their narrative's."""
    counts: dict[str, float] = {}
    get = counts.get
    for part, keys in sentences:
        weight = PART_WEIGHTS.get(part, 0.0)
        if weight:
            for key in keys:
                counts[key] = get(key, 0.0) + weight
    return counts


def add_counts(parts: list[dict[str, float]]) -> dict[str, float]:
    if len(parts) == 1:
        return parts[0]
    total: dict[str, float] = {}
    get = total.get
    for counts in parts:
        for key, n in counts.items():
            total[key] = get(key, 0.0) + n
    return total


def features_from_counts(counts: dict[str, float], keyword_scores: dict[str, float]) -> dict[str, float]:
    log = math.log
    values = {key: 1.0 + log(1.0 + n) for key, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
    out = {key: v / norm for key, v in values.items()}
    for ecq_id, score in keyword_scores.items():
        out["kw=" + ecq_id] = KEYWORD_SCALE * score
    return out


def narrative_features(sentences, keyword_scores: dict[str, float]) -> dict[str, float]:
    """Features of a narrative (see word_counts)."""
    return features_from_counts(word_counts(sentences), keyword_scores)


def ecq_probabilities_many(framework_id: str, ecq_ids: list[str], rows: list[tuple[dict[str, float], dict[str, float]]],
                           model: LinearModel | None = None) -> list[dict[str, float]]:
    """``ecq_probabilities`` of several (features, keyword scores) at once: one model call."""
    model = model or load_model(model_name(framework_id))
    if model is not None and set(model.classes) == set(ecq_ids):
        logits = model.logits_many([features for features, _ in rows])
        found = [softmax_dict(model.classes, row, model.temperature) for row in logits]
    else:
        found = [softmax_dict(ecq_ids, [FALLBACK_SHARPNESS * scores.get(e, 0.0) for e in ecq_ids]) for _, scores in rows]
    return [{e: round(probabilities[e], 4) for e in ecq_ids} for probabilities in found]


def ecq_probabilities(framework_id: str, ecq_ids: list[str], features: dict[str, float],
                      keyword_scores: dict[str, float], model: LinearModel | None = None) -> dict[str, float]:
    """A probability for every ECQ of the framework, summing to 1."""
    return ecq_probabilities_many(framework_id, ecq_ids, [(features, keyword_scores)], model)[0]
