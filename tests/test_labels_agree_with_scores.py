"""A paragraph's margin label agrees with its own scores (issue: labels that contradicted
them). The rule, in resources/help/rules.md and analysis/ccar_sequence.py: the label is the
part with the highest score; within TIE_MARGIN of the runner-up the story's sequence may pick
the runner-up, or call the paragraph mixed when both parts hold MIXED_SHARE of its text; a
paragraph of beliefs only is context."""

from ecqwriter.analysis.ccar_sequence import MIXED, MIXED_SHARE, TIE_MARGIN, character_shares
from ecqwriter.analysis.engine import Analyzer
from evaluation.corpus import load_corpus


def _contradictions(analyzer, example):
    result = analyzer.analyze_text(example.text, example.framework, example.ecq, as_of=example.as_of)
    wrong = []
    for p in result.paragraphs:
        scores = p.scores
        shares = character_shares([(part, b - a) for a, b, part in p.parts])
        best = max(scores.values())
        near = [part for part, score in scores.items() if best - score < TIE_MARGIN]
        if not shares:
            agrees = p.label == "context"  # beliefs only
        elif p.label == MIXED:
            agrees = len(near) >= 2 and sum(shares.get(part, 0.0) >= MIXED_SHARE for part in near) >= 2
        else:
            agrees = p.label in near
        if not agrees:
            wrong.append((example.id, p.index, p.label, scores))
    return wrong


def test_no_label_contradicts_its_scores_beyond_the_tie_rule():
    analyzer = Analyzer()
    examples = load_corpus(split="all") + load_corpus(split="style-shift")
    wrong = [w for example in examples for w in _contradictions(analyzer, example)]
    assert len(examples) > 450
    assert wrong == []
