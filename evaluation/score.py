"""Score the analysis engine on the labelled corpus: generalisation, not tuning.

    python -m evaluation.score            # prints a table
    python -m evaluation.score --json     # machine-readable, as kept in evaluation/scores.json

Three figures, each on text its models never saw:

- ``frozen_test``: the shipped models (resources/models, trained on the development split)
  on the frozen split (evaluation/corpus/frozen). Nothing was tuned on it. The README quotes
  these figures.
- ``leave_one_voice_out``: for each of the six voices, models trained on the other five
  voices' development examples, scored on that voice's development examples.
- ``baselines`` on the frozen split: labelling paragraphs by position alone (first context,
  last result, the rest action) and picking the ECQ with the most pack keywords.

Every figure counts an example once. Rules are scored at the level of examples, only on the
rules a person judged for that example. ``ecq-mismatch`` is scored by analysing every
narrative against its own ECQ (truth: no mismatch) and against every other ECQ of its
framework (truth: mismatch).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict

from ecqwriter.analysis.engine import Analyzer
from ecqwriter.core.frameworks import load_framework
from evaluation import train
from evaluation.corpus import CorpusExample, load_corpus

# the rules the older corpus files judged for every example
LEGACY_JUDGED = (
    "first-person-plural", "no-first-person", "result-without-measure", "example-too-old",
    "example-undated", "acronym-undefined", "passive-voice", "philosophy-statement",
    "claim-not-behaviour", "long-sentence", "ccar-missing-part", "ccar-missing-challenge", "buzzword",
)
EVALUATED_RULES = tuple(sorted(set(LEGACY_JUDGED) | {"ecq-mismatch"}))
# findings that tell a writer the content is wrong (the independent evaluation's count)
CONTENT_WARNINGS = ("ecq-mismatch", "ecq-weak-coverage", "ccar-missing-part", "ccar-missing-challenge",
                    "ccar-proportion", "ccar-order")
CALIBRATION_BINS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 0.9), (0.9, 1.0001))
# an ECQ answer stated this surely must be right nine times in ten out of voice
STATED_CONFIDENCE = 0.85


def _judged(example: CorpusExample) -> set[str]:
    return set(LEGACY_JUDGED) if example.judged is None else example.judged


def _position_baseline(count: int) -> list[str]:
    if count == 1:
        return ["action"]
    return ["context"] + ["action"] * (count - 2) + ["result"]


class Tally:
    """Counts gathered over the examples of one split.

    ``gold``: the analyzer is given the corpus's own example boundaries, which no user has
    (the second line); otherwise it finds them, as on a pasted statement (the headline)."""

    def __init__(self, gold: bool = False):
        self.gold = gold
        self.boundaries = Counter()  # example starts found: tp, fp, fn
        self.example_counts_right = 0
        self.examples = 0
        self.ecq_hits = 0
        self.ecq_confusion: Counter = Counter()
        self.calibration = [[0, 0.0, 0] for _ in CALIBRATION_BINS]  # count, confidence sum, right
        self.stated = [0, 0]  # answers stated at STATED_CONFIDENCE or more: count, right
        self.paragraphs = self.paragraphs_right = 0
        self.clear = self.clear_right = 0
        self.sentences = self.sentences_right = 0
        self.sentence_confusion: Counter = Counter()
        self.rules = defaultdict(Counter)
        self.strong = 0
        self.content_warnings: Counter = Counter()
        self.keyword_hits = 0
        self.position_clear_right = 0

    def add(self, analyzer: Analyzer, example: CorpusExample) -> None:
        framework = load_framework(example.framework)
        result = self._analyze(analyzer, example, framework, example.ecq)
        self._count_examples(example, result)
        self.examples += 1
        right = result.best_ecq == example.ecq
        self.ecq_hits += right
        self.ecq_confusion[(example.ecq, result.best_ecq)] += 1
        self.keyword_hits += result.coverage.best_ecq == example.ecq
        confidence = result.best_ecq_confidence
        if confidence >= STATED_CONFIDENCE:
            self.stated[0] += 1
            self.stated[1] += right
        for i, (low, high) in enumerate(CALIBRATION_BINS):
            if low <= confidence < high:
                self.calibration[i][0] += 1
                self.calibration[i][1] += confidence
                self.calibration[i][2] += right
        # paragraphs: the derived label against the truth; position baseline per story, the
        # stories being those the analyzer was given (none: the whole text is one)
        bounds = (sorted(set(example.story_starts)) if self.gold else [0]) + [len(example.paragraphs)]
        baseline = [label for a, b in zip(bounds, bounds[1:]) for label in _position_baseline(b - a)]
        for truth, paragraph, guess in zip(example.labels, result.paragraphs, baseline):
            self.paragraphs += 1
            self.paragraphs_right += paragraph.label == truth
            if truth not in ("mixed", "none"):
                self.clear += 1
                self.clear_right += paragraph.label == truth
                self.position_clear_right += guess == truth
        offsets = example.paragraph_offsets
        for index, paragraph in enumerate(result.paragraphs):
            for truth in example.sentences[index]:
                middle = offsets[index] + (truth.start + truth.end) // 2
                guess = next((part for a, b, part in paragraph.parts if a <= middle < b), "none")
                self.sentences += 1
                self.sentences_right += guess == truth.part
                self.sentence_confusion[(truth.part, guess)] += 1
        fired = {f.rule for f in result.findings}
        for rule in _judged(example):
            self._count(rule, rule in example.findings, rule in fired)
        if example.quality == "strong":
            self.strong += 1
            for f in result.findings:
                # an info ("unsure: reads as X or Y") tells the writer of a doubt; it is no warning
                if f.rule in CONTENT_WARNINGS and f.severity != "info":
                    self.content_warnings[f.rule] += 1
        # the same narrative filed under every other ECQ: a mismatch should be reported
        self._count("ecq-mismatch", False, "ecq-mismatch" in fired)
        for ecq in framework.ecqs:
            if ecq.id != example.ecq:
                other = self._analyze(analyzer, example, framework, ecq.id)
                self._count("ecq-mismatch", True, any(f.rule == "ecq-mismatch" for f in other.findings))

    def _analyze(self, analyzer: Analyzer, example: CorpusExample, framework, ecq_id: str):
        if self.gold:
            return analyzer.analyze_text(example.text, framework, ecq_id, as_of=example.as_of,
                                         example_starts=example.story_starts, infer_examples=False)
        return analyzer.analyze_text(example.text, framework, ecq_id, as_of=example.as_of)

    def _count_examples(self, example: CorpusExample, result) -> None:
        truth = set(example.story_starts) - {0}
        found = {e.paragraphs[0] for e in result.examples} - {0}
        self.boundaries["tp"] += len(truth & found)
        self.boundaries["fp"] += len(found - truth)
        self.boundaries["fn"] += len(truth - found)
        self.example_counts_right += len(result.examples) == len(example.story_starts)

    def _count(self, rule: str, truth: bool, predicted: bool) -> None:
        self.rules[rule]["tp" if truth and predicted else "fp" if predicted else "fn" if truth else "tn"] += 1

    def report(self) -> dict:
        def ratio(a, b):
            return round(a / b, 3) if b else None

        rules = {}
        for rule in EVALUATED_RULES:
            c = self.rules[rule]
            rules[rule] = {"precision": ratio(c["tp"], c["tp"] + c["fp"]), "recall": ratio(c["tp"], c["tp"] + c["fn"]),
                           "support": c["tp"] + c["fn"], "fired": c["tp"] + c["fp"], "judged": sum(c.values())}
        return {
            "examples": self.examples,
            "boundaries": "gold" if self.gold else "inferred",
            "example_starts": {"precision": ratio(self.boundaries["tp"], self.boundaries["tp"] + self.boundaries["fp"]),
                               "recall": ratio(self.boundaries["tp"], self.boundaries["tp"] + self.boundaries["fn"]),
                               "true": self.boundaries["tp"] + self.boundaries["fn"],
                               "narratives_with_right_count": ratio(self.example_counts_right, self.examples)},
            "ecq_top1_accuracy": ratio(self.ecq_hits, self.examples),
            "ccar_paragraph_accuracy": ratio(self.clear_right, self.clear),
            "ccar_paragraphs_clear": self.clear,
            "ccar_paragraph_accuracy_all": ratio(self.paragraphs_right, self.paragraphs),
            "ccar_sentence_accuracy": ratio(self.sentences_right, self.sentences),
            "ccar_sentences": self.sentences,
            "content_warnings_per_10_strong": ratio(10 * sum(self.content_warnings.values()), self.strong),
            "content_warnings": dict(self.content_warnings),
            "rules": rules,
            "ecq_confusion": {f"{t}->{p}": n for (t, p), n in sorted(self.ecq_confusion.items())},
            "ccar_sentence_confusion": {f"{t}->{p}": n for (t, p), n in sorted(self.sentence_confusion.items())},
            "stated_at_085": {"narratives": self.stated[0], "accuracy": ratio(self.stated[1], self.stated[0])},
            "calibration": [
                {"confidence": f"{low:.2f}-{min(high, 1.0):.2f}", "narratives": n,
                 "mean_confidence": ratio(total, n), "accuracy": ratio(hits, n)}
                for (low, high), (n, total, hits) in zip(CALIBRATION_BINS, self.calibration)
            ],
            "baselines": {
                "ecq_keyword_count_top1": ratio(self.keyword_hits, self.examples),
                "ccar_position_paragraph": ratio(self.position_clear_right, self.clear),
            },
        }


def score(analyzer: Analyzer, examples: list[CorpusExample], *, gold: bool = False) -> dict:
    tally = Tally(gold)
    for example in examples:
        tally.add(analyzer, example)
    return tally.report()


def both_lines(analyzer: Analyzer, examples: list[CorpusExample]) -> dict:
    """The headline (examples found by the analyzer) with the gold-boundary figures inside."""
    return {**score(analyzer, examples), "gold_boundaries": score(analyzer, examples, gold=True)}


PER_VOICE_KEYS = ("examples", "ecq_top1_accuracy", "ccar_paragraph_accuracy", "ccar_sentence_accuracy")


def leave_one_voice_out(dev: list[CorpusExample]) -> dict:
    records = train.extract(dev)
    tallies = {False: Tally(), True: Tally(gold=True)}
    per_voice = {}
    for voice in train.voices(records):
        models = train.train_all([r for r in records if r.example.voice != voice])
        analyzer = Analyzer(models=models)
        held_out = [e for e in dev if e.voice == voice]
        voice_tally = Tally()
        for example in held_out:
            for tally in tallies.values():
                tally.add(analyzer, example)
            voice_tally.add(analyzer, example)
        report = voice_tally.report()
        per_voice[voice] = {k: report[k] for k in PER_VOICE_KEYS}
    return {**tallies[False].report(), "gold_boundaries": tallies[True].report(), "per_voice": per_voice}


HEADLINE_KEYS = ("ecq_top1_accuracy", "ccar_paragraph_accuracy", "ccar_sentence_accuracy",
                 "content_warnings_per_10_strong")


def drop(frozen: dict, shifted: dict) -> dict:
    """Points lost from the frozen split to its style-shift rewrite (positive: worse)."""
    out = {}
    for key in ("ecq_top1_accuracy", "ccar_paragraph_accuracy", "ccar_sentence_accuracy"):
        if frozen.get(key) is not None and shifted.get(key) is not None:
            out[key] = round(100 * (frozen[key] - shifted[key]), 1)
    return out


def evaluate(*, with_lovo: bool = True) -> dict:
    dev = load_corpus(split="dev")
    frozen = load_corpus(split="frozen")
    shifted = load_corpus(split="style-shift")
    shipped = Analyzer()
    report = {
        "corpus": {
            "examples": len(dev) + len(frozen),
            "development": len(dev),
            "frozen": len(frozen),
            "style_shift": len(shifted),
            "voices": dict(Counter(e.voice for e in dev + frozen)),
            "frameworks": dict(Counter(e.framework for e in dev + frozen)),
        },
        "frozen_test": both_lines(shipped, frozen),
    }
    if shifted:
        report["style_shift"] = both_lines(shipped, shifted)
        report["frozen_to_style_shift_drop_points"] = drop(report["frozen_test"], report["style_shift"])
    if with_lovo:
        report["leave_one_voice_out"] = leave_one_voice_out(dev)
    return report


def _print(name: str, r: dict) -> None:
    starts = r["example_starts"]
    print(f"== {name}: {r['examples']} narratives, example boundaries {r['boundaries']}")
    if r["boundaries"] == "inferred":
        print(f"  example starts found: precision {starts['precision']}, recall {starts['recall']} "
              f"({starts['true']} true); right count of examples in {starts['narratives_with_right_count']:.0%}")
    print(f"  ECQ top-1:            {r['ecq_top1_accuracy']:.1%}   (keyword count: {r['baselines']['ecq_keyword_count_top1']:.1%})")
    print(f"  CCAR paragraph:       {r['ccar_paragraph_accuracy']:.1%}   (position alone: "
          f"{r['baselines']['ccar_position_paragraph']:.1%}; {r['ccar_paragraphs_clear']} clear paragraphs)")
    print(f"  CCAR sentence:        {r['ccar_sentence_accuracy']:.1%}   ({r['ccar_sentences']} sentences)")
    print(f"  content warnings / 10 strong narratives: {r['content_warnings_per_10_strong']}  {r['content_warnings']}")
    print(f"  {'rule':26} precision  recall  support  fired")
    for rule, x in r["rules"].items():
        p = "-" if x["precision"] is None else f"{x['precision']:.0%}"
        rc = "-" if x["recall"] is None else f"{x['recall']:.0%}"
        print(f"  {rule:26} {p:>9} {rc:>7} {x['support']:>8} {x['fired']:>6}")
    print("  calibration: " + "; ".join(f"{c['confidence']}: {c['narratives']} at {c['accuracy']}" for c in r["calibration"]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-lovo", action="store_true", help="skip the leave-one-voice-out retraining")
    args = parser.parse_args(argv)
    report = evaluate(with_lovo=not args.no_lovo)
    if args.json:
        print(json.dumps(report, indent=2, sort_keys=False))
        return 0
    print(f"corpus: {report['corpus']}")
    for key, name in (("frozen_test", "frozen test (shipped models)"), ("style_shift", "style-shift set (shipped models)"),
                      ("leave_one_voice_out", "leave one voice out (development split)")):
        if key in report:
            _print(name, report[key])
            _print(name, report[key]["gold_boundaries"])
    if "frozen_to_style_shift_drop_points" in report:
        print(f"drop from frozen to style-shift, points: {report['frozen_to_style_shift_drop_points']}")
    if "leave_one_voice_out" in report:
        for voice, r in report["leave_one_voice_out"]["per_voice"].items():
            print(f"    {voice:16} {r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
