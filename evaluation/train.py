"""Train the analysis models shipped in resources/models from the development split.

    python -m evaluation.train            # writes resources/models/*.json

Only ``evaluation/corpus/*.txt`` (the development split) is read here; the frozen split in
``corpus/frozen`` is never trained or tuned on. Training is deterministic: the same corpus
gives the same files.

- ``ccar-sentences``: a multinomial logistic regression over each sentence's cues, words
  and position, plus the transition table of the sequence decoder (analysis/ccar_sequence.py).
- ``ecq-<framework>``: a multinomial logistic regression over a narrative's content words and
  the pack's evidence scores, with a temperature fitted on leave-one-voice-out predictions.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ecqwriter.analysis import ccar_sequence, ecq_model
from ecqwriter.analysis.coverage import EvidenceRef, measure_coverage
from ecqwriter.analysis.engine import Analyzer
from ecqwriter.analysis.linear_model import LinearModel
from ecqwriter.core.frameworks import load_framework
from evaluation.corpus import CorpusExample, load_corpus

MODELS_DIR = Path(__file__).resolve().parent.parent / "resources" / "models"
PARTS = ccar_sequence.PARTS
# L2 strengths, chosen by leave-one-voice-out accuracy on the development split
CCAR_L2 = 1.0
ECQ_L2 = 0.03
MIN_FEATURE_COUNT = 2


@dataclass
class Story:
    paragraph_features: list[list[dict[str, float]]]
    truth: list[list[str]]  # a part per engine sentence, by paragraph
    content: list[list[tuple[str, ...]]]  # the ECQ model's word features of each sentence


@dataclass
class Record:
    example: CorpusExample
    stories: list[Story] = field(default_factory=list)
    keyword_scores: dict[str, float] = field(default_factory=dict)

    def ecq_features(self, ccar_model: LinearModel) -> dict[str, float]:
        """The ECQ model's features, with CCAR parts as the given sentence model labels them
        (as the engine will, so training sees what use sees)."""
        sentences = []
        for story in self.stories:
            labelled = ccar_sequence.label_story(story.paragraph_features, ccar_model)
            for parts, content in zip(labelled, story.content):
                sentences += [(part, keys) for (part, _), keys in zip(parts, content)]
        return ecq_model.narrative_features(sentences, self.keyword_scores)


def align(spans: list[tuple[int, int]], example: CorpusExample, paragraph: int) -> list[str]:
    """The true part of each engine sentence: the labelled sentence it overlaps most."""
    truth = example.sentences[paragraph]
    parts = []
    for a, b in spans:
        best, overlap = truth[0].part if truth else "none", -1
        for s in truth:
            shared = min(b, s.end) - max(a, s.start)
            if shared > overlap:
                best, overlap = s.part, shared
        parts.append(best)
    return parts


def keyword_scores(analyzer: Analyzer, framework, signals) -> dict[str, float]:
    hits = [EvidenceRef(h.start, h.end, h.text, h.kind, h.term) for s in signals for h in s.evidence]
    words = sum(s.words for s in signals)
    return measure_coverage(framework, analyzer.lexicon(framework), hits, words, scores_only=True).ecq_scores


def extract(examples: list[CorpusExample], analyzer: Analyzer | None = None) -> list[Record]:
    analyzer = analyzer or Analyzer()
    records = []
    for example in examples:
        framework = load_framework(example.framework)
        signals = analyzer.paragraphs(framework, example.paragraphs)
        record = Record(example)
        bounds = sorted(set(example.story_starts)) + [len(example.paragraphs)]
        for a, b in zip(bounds, bounds[1:]):
            record.stories.append(Story(
                [signals[i].sentence_features for i in range(a, b)],
                [align(signals[i].sentence_spans, example, i) for i in range(a, b)],
                [signals[i].sentence_content for i in range(a, b)],
            ))
        record.keyword_scores = keyword_scores(analyzer, framework, signals)
        records.append(record)
    return records


def fit_softmax(rows: list[dict[str, float]], labels: list[str], classes: tuple[str, ...], l2: float,
                name: str, iterations: int = 400) -> LinearModel:
    """Multinomial logistic regression with an L2 penalty, by full-batch Adam (deterministic)."""
    counts = Counter(k for row in rows for k in row)
    vocabulary = sorted(k for k, n in counts.items() if n >= MIN_FEATURE_COUNT)
    index = {k: i for i, k in enumerate(vocabulary)}
    X = np.zeros((len(rows), len(vocabulary)))
    for r, row in enumerate(rows):
        for k, v in row.items():
            if k in index:
                X[r, index[k]] = v
    y = np.array([classes.index(label) for label in labels])
    Y = np.eye(len(classes))[y]
    W = np.zeros((len(vocabulary), len(classes)))
    b = np.zeros(len(classes))
    m_w, v_w, m_b, v_b = np.zeros_like(W), np.zeros_like(W), np.zeros_like(b), np.zeros_like(b)
    rate, beta1, beta2, eps = 0.05, 0.9, 0.999, 1e-8
    n = len(rows)
    for step in range(1, iterations + 1):
        logits = X @ W + b
        logits -= logits.max(axis=1, keepdims=True)
        P = np.exp(logits)
        P /= P.sum(axis=1, keepdims=True)
        G = (P - Y) / n
        grad_w = X.T @ G + l2 * W / n
        grad_b = G.sum(axis=0)
        for param, grad, m, v in ((W, grad_w, m_w, v_w), (b, grad_b, m_b, v_b)):
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            param -= rate * (m / (1 - beta1 ** step)) / (np.sqrt(v / (1 - beta2 ** step)) + eps)
    weights = {k: [round(float(x), 5) for x in W[i]] for k, i in index.items() if np.abs(W[i]).max() >= 1e-4}
    return LinearModel(name=name, classes=classes, bias=[round(float(x), 5) for x in b], weights=weights)


def transition_table(sequences: list[list[str]]) -> tuple[dict, dict]:
    """Log start and transition probabilities (add-one smoothing) of true part sequences."""
    starts = Counter(seq[0] for seq in sequences if seq)
    moves = Counter((a, b) for seq in sequences for a, b in zip(seq, seq[1:]))
    start = {p: round(math.log((starts[p] + 1) / (sum(starts.values()) + len(PARTS))), 4) for p in PARTS}
    transitions = {}
    for a in PARTS:
        total = sum(moves[(a, b)] for b in PARTS) + len(PARTS)
        transitions[a] = {b: round(math.log((moves[(a, b)] + 1) / total), 4) for b in PARTS}
    return start, transitions


def train_ccar(records: list[Record], l2: float = CCAR_L2) -> LinearModel:
    rows, labels, sequences = [], [], []
    for record in records:
        for story in record.stories:
            features = ccar_sequence.story_sentence_features(story.paragraph_features)
            truth = [part for paragraph in story.truth for part in paragraph]
            rows += features
            labels += truth
            sequences.append(truth)
    model = fit_softmax(rows, labels, PARTS, l2, ccar_sequence.MODEL_NAME)
    model.extra["start"], model.extra["transitions"] = transition_table(sequences)
    model.extra["trained_on"] = {"sentences": len(rows), "stories": len(sequences)}
    return model


def train_ecq(records: list[Record], framework_id: str, ccar_model: LinearModel, l2: float = ECQ_L2,
              temperature: float = 1.0) -> LinearModel:
    framework = load_framework(framework_id)
    classes = tuple(e.id for e in framework.ecqs)
    mine = [r for r in records if r.example.framework == framework_id]
    model = fit_softmax([r.ecq_features(ccar_model) for r in mine], [r.example.ecq for r in mine], classes, l2,
                        ecq_model.model_name(framework_id))
    model.temperature = temperature
    model.extra["trained_on"] = {"narratives": len(mine)}
    return model


def fit_temperature(logit_rows: list[list[float]], truths: list[int]) -> float:
    """The temperature that minimises the negative log-likelihood of held-out predictions."""
    best, best_loss = 1.0, float("inf")
    for t in [x / 20 for x in range(6, 121)]:
        loss = 0.0
        for logits, truth in zip(logit_rows, truths):
            scaled = [v / t for v in logits]
            top = max(scaled)
            loss -= scaled[truth] - top - math.log(sum(math.exp(v - top) for v in scaled))
        if loss < best_loss:
            best, best_loss = t, loss
    return best


def voices(records: list[Record]) -> list[str]:
    return sorted({r.example.voice for r in records})


def held_out_ecq_logits(records: list[Record], framework_ids: list[str]) -> dict[str, tuple[list, list]]:
    """Leave-one-voice-out logits of every narrative (for the temperatures): each voice's
    narratives scored by models trained on the other voices."""
    out = {f: ([], []) for f in framework_ids}
    for voice in voices(records):
        train = [r for r in records if r.example.voice != voice]
        ccar_model = train_ccar(train)
        for framework_id in framework_ids:
            classes = [e.id for e in load_framework(framework_id).ecqs]
            model = train_ecq(train, framework_id, ccar_model)
            rows, truths = out[framework_id]
            for r in records:
                if r.example.voice == voice and r.example.framework == framework_id:
                    rows.append(model.logits(r.ecq_features(ccar_model)))
                    truths.append(classes.index(r.example.ecq))
    return out


def train_all(records: list[Record], *, calibrate: bool = True) -> dict[str, LinearModel]:
    ccar_model = train_ccar(records)
    models = {ccar_sequence.MODEL_NAME: ccar_model}
    framework_ids = sorted({r.example.framework for r in records})
    held_out = held_out_ecq_logits(records, framework_ids) if calibrate else {}
    for framework_id in framework_ids:
        temperature = fit_temperature(*held_out[framework_id]) if calibrate else 1.0
        models[ecq_model.model_name(framework_id)] = train_ecq(records, framework_id, ccar_model,
                                                                 temperature=temperature)
    return models


def write(models: dict[str, LinearModel], folder: Path = MODELS_DIR) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, model in models.items():
        text = json.dumps(model.to_json(), sort_keys=True, separators=(",", ":"))
        (folder / f"{name}.json").write_text(text + "\n", encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    records = extract(load_corpus(split="dev"))
    models = train_all(records)
    write(models)
    for name, model in models.items():
        print(f"{name}: {len(model.weights)} features, temperature {model.temperature}, {model.extra.get('trained_on')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
