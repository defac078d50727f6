"""The analysis measured on text its models never saw (evaluation/README: how, and why).

- leave one voice out: models retrained without a voice, scored on that voice, with the
  examples of each text found by the analyzer (the user's path). CI gates on these.
- the frozen split and its style-shift rewrite: reported only (nothing is tuned on them).

The targets are those of the checks a candidate can trust: ECQ top-1 >= 85%, CCAR paragraph
>= 80% and sentence >= 75%, precision >= 0.9 for ecq-mismatch and the writing checks, with
recall held as well (a check that fires on nothing is precise and useless).
"""

import json
from collections import Counter
from pathlib import Path

import pytest

from evaluation import train
from evaluation.corpus import load_corpus
from evaluation.score import evaluate, leave_one_voice_out

ROOT = Path(__file__).resolve().parents[1]
# the team's six voices, in the development and frozen splits alike
VOICES = {"civil-servant", "military", "science-health", "law-enforcement", "it-acquisition", "private-sector"}
# voices written for the development split by writers new to the project (its models'
# first text not in the team's wording)
NEW_WRITER_VOICES = {"state-local", "diplomacy-intl", "field-operations"}
NEW_RULES = ("buzzword", "philosophy-statement", "ccar-missing-challenge")


@pytest.fixture(scope="module")
def reported():
    return evaluate(with_lovo=False)


@pytest.fixture(scope="module")
def frozen(reported):
    return reported["frozen_test"]


@pytest.fixture(scope="module")
def lovo():
    return leave_one_voice_out(load_corpus(split="dev"))


def test_corpus_has_six_voices_both_shapes_and_sentence_labels():
    dev, held = load_corpus(split="dev"), load_corpus(split="frozen")
    assert len(dev) + len(held) >= 200
    assert {e.voice for e in dev} == VOICES | NEW_WRITER_VOICES and {e.voice for e in held} == VOICES
    counts = Counter(e.voice for e in dev)
    assert min(counts[v] for v in VOICES) >= 20 and min(counts[v] for v in NEW_WRITER_VOICES) >= 16
    assert min(Counter(e.voice for e in held).values()) >= 5
    shapes = Counter(e.shape for e in dev + held)
    assert shapes["record"] >= 40 and shapes["statement"] >= 20
    for e in dev + held:
        assert all(sentences for sentences in e.sentences), e.id
    statements = [e for e in dev + held if e.shape == "statement"]
    assert all(len(e.paragraphs) >= 3 for e in statements)
    assert sum(len(e.story_starts) > 1 for e in statements) >= 20
    assert not {e.id for e in dev} & {e.id for e in held}


def test_shipped_models_were_trained_on_the_development_split_only():
    from ecqwriter.analysis.linear_model import load_model

    dev = load_corpus(split="dev")
    for framework in ("opm-2006", "opm-2025"):
        model = load_model(f"ecq-{framework}")
        assert model.extra["trained_on"]["narratives"] == sum(e.framework == framework for e in dev)
    stories = sum(len(e.story_starts) for e in dev)
    assert load_model("ccar-sentences").extra["trained_on"]["stories"] == stories


def test_frozen_and_style_shift_figures_are_reported_not_gated(reported):
    """The frozen split and its style-shift rewrite are reported (README, scores.json) and
    never tuned on or gated: CI gates on leave-one-voice-out below. Each is scored twice,
    with the examples the analyzer finds (the headline) and with the corpus's own."""
    for key in ("frozen_test", "style_shift"):
        line = reported[key]
        assert line["boundaries"] == "inferred" and line["gold_boundaries"]["boundaries"] == "gold"
        assert line["examples"] == 48 and line["ccar_paragraphs_clear"] > 40
    assert set(reported["frozen_to_style_shift_drop_points"]) == {
        "ecq_top1_accuracy", "ccar_paragraph_accuracy", "ccar_sentence_accuracy"}


def test_strong_narratives_draw_at_most_one_content_warning_in_ten(lovo):
    assert lovo["content_warnings_per_10_strong"] <= 1.0


def test_leave_one_voice_out_meets_the_targets(lovo):
    assert lovo["examples"] >= 300 and lovo["boundaries"] == "inferred"
    # the examples of a statement are found, not handed over
    assert lovo["example_starts"]["precision"] >= 0.9 and lovo["example_starts"]["recall"] >= 0.9
    assert lovo["ccar_paragraph_accuracy"] >= lovo["baselines"]["ccar_position_paragraph"] + 0.2
    assert lovo["ecq_top1_accuracy"] >= 0.85
    assert lovo["ccar_paragraph_accuracy"] >= 0.80
    assert lovo["ccar_sentence_accuracy"] >= 0.75
    # every voice is read: the team's above 70%, the new writers' (16 narratives each, one
    # of them in fragments) above 60%
    per_voice = lovo["per_voice"]
    assert min(per_voice[v]["ecq_top1_accuracy"] for v in VOICES) >= 0.7
    assert min(per_voice[v]["ecq_top1_accuracy"] for v in NEW_WRITER_VOICES) >= 0.6
    assert min(per_voice[v]["ccar_sentence_accuracy"] for v in NEW_WRITER_VOICES) >= 0.55
    for rule in ("ecq-mismatch", *NEW_RULES, "result-without-measure", "claim-not-behaviour"):
        scores = lovo["rules"][rule]
        assert scores["support"] >= 10, rule
        if rule == "ccar-missing-challenge":
            # a warning only when sure: on other writers' wording the model's challenge
            # evidence is weak, so this check keeps its precision and hands the doubtful
            # cases to the ccar-unsure note (evaluation/README: 0.88 and 0.56 at 12%)
            assert scores["precision"] >= 0.85 and scores["recall"] >= 0.5, (rule, scores)
            continue
        assert scores["precision"] >= 0.9, (rule, scores)
        assert scores["recall"] >= (0.4 if rule == "ecq-mismatch" else 0.75), (rule, scores)


def test_confidence_is_calibrated(lovo):
    """Out of voice, an ECQ stated at 0.85 or more is right at least nine times in ten (the
    level at which ecq-mismatch may warn); the low bins are not more accurate than the high."""
    stated = lovo["stated_at_085"]
    assert stated["narratives"] >= 100 and stated["accuracy"] >= 0.9
    bins = {b["confidence"]: b for b in lovo["calibration"]}
    assert bins["0.50-0.70"]["accuracy"] < bins["0.90-1.00"]["accuracy"]


def test_kept_scores_are_current(reported, frozen):
    """evaluation/scores.json is what the README quotes; its frozen and style-shift figures,
    both lines of each, must be the shipped engine's (the leave-one-voice-out figures
    retrain, so they are checked above)."""
    kept = json.loads((ROOT / "evaluation" / "scores.json").read_text())
    for split in ("frozen_test", "style_shift"):
        for line in ((kept[split], reported[split]), (kept[split]["gold_boundaries"], reported[split]["gold_boundaries"])):
            for key in ("ecq_top1_accuracy", "ccar_paragraph_accuracy", "ccar_sentence_accuracy",
                        "content_warnings_per_10_strong", "baselines", "ecq_confusion", "calibration",
                        "example_starts"):
                assert line[0][key] == line[1][key], (split, key)
    assert kept["frozen_to_style_shift_drop_points"] == reported["frozen_to_style_shift_drop_points"]
    assert {r: v["precision"] for r, v in kept["frozen_test"]["rules"].items()} == {
        r: v["precision"] for r, v in frozen["rules"].items()}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{frozen['ecq_top1_accuracy']:.1%}" in readme
    assert f"{frozen['ccar_paragraph_accuracy']:.1%}" in readme


def test_training_is_repeatable_from_the_corpus():
    """The shipped models are what evaluation/train.py makes from the corpus (to rounding)."""
    from ecqwriter.analysis.linear_model import load_model

    records = train.extract(load_corpus(split="dev"))
    fresh = train.train_ccar(records)
    shipped = load_model("ccar-sentences")
    assert fresh.classes == shipped.classes
    assert set(fresh.weights) == set(shipped.weights)
    worst = max(abs(a - b) for k in fresh.weights for a, b in zip(fresh.weights[k], shipped.weights[k]))
    assert worst < 0.01


def test_held_out_samples_are_filed_under_the_right_ecq():
    """The bundled samples were written before any model was trained."""
    from ecqwriter.analysis.engine import Analyzer
    from ecqwriter.core.samples import load_sample, sample_ids

    analyzer = Analyzer()
    right = total = 0
    for sample_id in sample_ids():
        package = load_sample(sample_id)
        for ecq_id, narrative in package.narratives.items():
            for example in narrative.examples:
                result = analyzer.analyze_text(example.text, package.framework_id, ecq_id,
                                               as_of=package.as_of, example_starts=[0])
                total += 1
                right += result.best_ecq == ecq_id
    assert total >= 15 and right / total >= 0.85
