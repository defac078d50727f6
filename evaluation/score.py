"""Score the analysis engine on the labelled corpus.

    python -m evaluation.score            # prints a table
    python -m evaluation.score --json     # machine-readable, as kept in evaluation/scores.json

Top-1 ECQ accuracy, CCAR paragraph accuracy (non-mixed paragraphs), competency recall,
and precision / recall of each writing check at the level of examples.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict

from ecqwriter.analysis.engine import Analyzer
from evaluation.corpus import load_corpus

# the rules the corpus labels (example-level truth)
EVALUATED_RULES = (
    "first-person-plural", "no-first-person", "result-without-measure", "example-too-old",
    "example-undated", "acronym-undefined", "passive-voice", "philosophy-statement",
    "claim-not-behaviour", "long-sentence", "ccar-missing-part",
)


def evaluate(analyzer: Analyzer | None = None) -> dict:
    analyzer = analyzer or Analyzer(prefer_trained=False)
    corpus = load_corpus()
    ecq_hits = 0
    ccar_total = ccar_right = 0
    confusion: Counter = Counter()
    competency_total = competency_found = 0
    counts = defaultdict(lambda: Counter())
    misses = []
    for example in corpus:
        result = analyzer.analyze_text(example.text, example.framework, example.ecq,
                                       as_of=example.as_of, example_starts=[0])
        if result.best_ecq == example.ecq:
            ecq_hits += 1
        else:
            misses.append({"id": example.id, "truth": example.ecq, "predicted": result.best_ecq,
                           "scores": result.coverage.ecq_scores})
        for truth, paragraph in zip(example.labels, result.paragraphs):
            if truth == "mixed":
                continue
            ccar_total += 1
            ccar_right += paragraph.label == truth
            confusion[(truth, paragraph.label)] += 1
        shown = set(result.coverage.shown(example.ecq))
        competency_total += len(example.competencies)
        competency_found += len(shown & set(example.competencies))
        fired = {f.rule for f in result.findings}
        for rule in EVALUATED_RULES:
            truth, predicted = rule in example.findings, rule in fired
            counts[rule]["tp" if truth and predicted else "fp" if predicted else "fn" if truth else "tn"] += 1
            if predicted != truth:
                counts[rule]["errors"] += 0  # keep the key
                misses.append({"id": example.id, "rule": rule, "truth": truth, "predicted": predicted})
    rules = {}
    for rule in EVALUATED_RULES:
        c = counts[rule]
        fired = c["tp"] + c["fp"]
        labelled = c["tp"] + c["fn"]
        rules[rule] = {
            "precision": round(c["tp"] / fired, 3) if fired else None,
            "recall": round(c["tp"] / labelled, 3) if labelled else None,
            "support": labelled,
            "fired": fired,
        }
    return {
        "examples": len(corpus),
        "frameworks": dict(Counter(e.framework for e in corpus)),
        "ecq_top1_accuracy": round(ecq_hits / len(corpus), 3),
        "ccar_paragraph_accuracy": round(ccar_right / ccar_total, 3),
        "ccar_paragraphs": ccar_total,
        "competency_recall": round(competency_found / max(competency_total, 1), 3),
        "rules": rules,
        "ccar_confusion": {f"{t}->{p}": n for (t, p), n in sorted(confusion.items()) if t != p},
        "misses": misses,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    report = evaluate()
    if args.json:
        print(json.dumps({k: v for k, v in report.items() if args.misses or k != "misses"}, indent=2))
        return 0
    print(f"examples: {report['examples']} {report['frameworks']}")
    print(f"top-1 ECQ accuracy:        {report['ecq_top1_accuracy']:.1%}")
    print(f"CCAR paragraph accuracy:   {report['ccar_paragraph_accuracy']:.1%} "
          f"({report['ccar_paragraphs']} paragraphs)")
    print(f"competency recall:         {report['competency_recall']:.1%}")
    print(f"{'rule':26} precision  recall  support  fired")
    for rule, r in report["rules"].items():
        p = "-" if r["precision"] is None else f"{r['precision']:.0%}"
        rc = "-" if r["recall"] is None else f"{r['recall']:.0%}"
        print(f"{rule:26} {p:>9} {rc:>7} {r['support']:>8} {r['fired']:>6}")
    if args.misses:
        for miss in report["misses"]:
            print(miss, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
