"""Which ECQ a narrative was written for, as calibrated probabilities.

A per-framework linear model (``resources/models/ecq-<framework>.json``, trained by
evaluation/train.py on the development split) reads two things:

- the narrative's content words (lemmas, log-scaled counts, normalised to unit length), so
  it learns how people actually write each ECQ;
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


def model_name(framework_id: str) -> str:
    return f"ecq-{framework_id}"


def narrative_features(content_lemmas: list[dict[str, int]], keyword_scores: dict[str, float]) -> dict[str, float]:
    """Features of a narrative from its paragraphs' content lemmas and the pack scores."""
    counts: dict[str, int] = {}
    for paragraph in content_lemmas:
        for lemma, n in paragraph.items():
            counts[lemma] = counts.get(lemma, 0) + n
    features = {"w=" + lemma: 1.0 + math.log(n) for lemma, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in features.values())) or 1.0
    for key in features:
        features[key] /= norm
    if keyword_scores:
        top = max(keyword_scores.values())
        for ecq_id, score in keyword_scores.items():
            features["kw=" + ecq_id] = score
            if score == top and top > 0:
                features["kwtop=" + ecq_id] = 1.0
    return features


def ecq_probabilities(framework_id: str, ecq_ids: list[str], features: dict[str, float],
                      keyword_scores: dict[str, float], model: LinearModel | None = None) -> dict[str, float]:
    """A probability for every ECQ of the framework, summing to 1."""
    model = model or load_model(model_name(framework_id))
    if model is not None and set(model.classes) == set(ecq_ids):
        probabilities = model.probabilities(features)
    else:
        logits = [FALLBACK_SHARPNESS * keyword_scores.get(e, 0.0) for e in ecq_ids]
        probabilities = softmax_dict(ecq_ids, logits)
    return {e: round(probabilities[e], 4) for e in ecq_ids}
