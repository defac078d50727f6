"""The shape of one example (story): its parts, their order and their proportions.

The parts come from the sentence labels (analysis/ccar_sequence.py). This module turns them
into what the checks report: a missing part, a result told before the challenge, a story
whose set-up squeezes out the actions.
"""

from __future__ import annotations

LABELS = ("challenge", "context", "action", "result")
MIXED = "mixed"
# set-up (challenge + context) share of an example's words above which actions are squeezed,
# counted by sentence. The role summary that opens a statement of several examples ("As the
# director of ... I lead 600 staff") introduces the whole statement, not the first example's
# set-up, and is left out of the shares (chosen on the development split: long statements
# drew this warning on their first example only)
MAX_SETUP_SHARE = 0.5
MIN_ACTION_SHARE = 0.25


def is_role_summary(group, opens_statement: bool) -> bool:
    """The example's first paragraph introduces a statement of several examples: it is set-up
    only (context, or beliefs), and the example goes on after it."""
    return opens_statement and len(group) > 1 and all(part in ("context", "none") for _, _, part in group[0].parts)


def example_structure(group, *, opens_statement: bool = False) -> dict:
    """Missing parts, order problems and proportions of one example (its paragraphs, labelled).
    ``opens_statement``: the example is the first of a narrative of several."""
    sentence_words: list[tuple[str, int]] = []
    proportioned: list[tuple[str, int]] = []
    challenge_evidence = 0.0
    summary = group[0] if is_role_summary(group, opens_statement) else None
    for p in group:
        for (a, b, part) in p.parts:
            words = (part, len(p.signals.text[a - p.start:b - p.start].split()))
            sentence_words.append(words)
            if p is not summary:
                proportioned.append(words)
    present = {part for part, _ in sentence_words}
    missing = [part for part in ("challenge", "action", "result") if part not in present]
    order_problems = []
    labels = [p.label for p in group]
    first_setup = next((i for i, label in enumerate(labels) if label in ("challenge", "context")), None)
    if first_setup is not None and labels.count("challenge") <= 1:
        for i, label in enumerate(labels[:first_setup]):
            if label == "result":
                order_problems.append((i, "a result comes before the challenge or context"))
    total = sum(w for _, w in proportioned) or 1
    share = {part: sum(w for l, w in proportioned if l == part) / total for part in LABELS}
    setup = share["challenge"] + share["context"]
    # the chance that no sentence is the part, each sentence's calibrated probability taken
    # as independent evidence: what a content warning about a missing part must make likely
    absent = dict.fromkeys(("challenge", "action", "result"), 1.0)
    expected_setup = expected_total = 0.0
    # a set-up sentence that names a problem in the third person ("the telephone service was
    # failing") may be a challenge the model, which learned from few writers, does not know
    challenge_cue = False
    for p in group:
        for (a, b, _), probabilities, features in zip(p.parts, p.sentence_probabilities, p.signals.sentence_features):
            challenge_evidence = max(challenge_evidence, probabilities.get("challenge", 0.0))
            if (p is not summary and "cue=problem" in features and "cue=no_person" in features
                    and probabilities.get("challenge", 0.0) + probabilities.get("context", 0.0) >= 0.5):
                challenge_cue = True
            for part in absent:
                absent[part] *= 1.0 - probabilities.get(part, 0.0)
            if p is not summary:
                words = len(p.signals.text[a - p.start:b - p.start].split())
                expected_setup += words * (probabilities.get("challenge", 0.0) + probabilities.get("context", 0.0))
                expected_total += words
    return {
        "missing": missing,
        "order_problems": order_problems,
        "shares": {k: round(v, 2) for k, v in share.items()},
        "setup_share": round(setup, 2),
        "challenge_evidence": round(challenge_evidence, 3),
        "challenge_cue": challenge_cue,
        "absent_probability": {part: round(value, 3) for part, value in absent.items()},
        "expected_setup_share": round(expected_setup / expected_total, 2) if expected_total else 0.0,
        "squeezed": len(proportioned) >= 5 and total >= 120 and (
            setup > MAX_SETUP_SHARE or share["action"] < MIN_ACTION_SHARE
        ),
    }
