"""Challenge-Context-Action-Result: a label per paragraph and the shape of each example.

Paragraph scores combine what the paragraph says (cue words, "I" + past-tense verbs,
measures) with where it stands in its example: stories almost always open with the
challenge and close with the result, so position is strong evidence and cues decide the
middle and the exceptions.
"""

from __future__ import annotations

LABELS = ("challenge", "context", "action", "result")
MIXED = "mixed"
# set-up (challenge + context) share of an example's words above which actions are squeezed
MAX_SETUP_SHARE = 0.45
MIN_ACTION_SHARE = 0.25

# how strongly each cue family counts, relative to the others
_CUE_WEIGHTS = {"challenge": 1.6, "context": 0.9, "action": 1.4, "result": 1.5}


def _position_prior(position: int, count: int) -> dict[str, float]:
    if count <= 1:
        return {"challenge": 0.25, "context": 0.15, "action": 0.35, "result": 0.25}
    relative = position / (count - 1)
    if position == 0:
        return {"challenge": 0.62, "context": 0.2, "action": 0.12, "result": 0.06}
    if position == count - 1:
        return {"challenge": 0.03, "context": 0.07, "action": 0.25, "result": 0.65}
    if position == 1:
        return {"challenge": 0.22, "context": 0.43, "action": 0.3, "result": 0.05}
    if relative < 0.5:
        return {"challenge": 0.08, "context": 0.3, "action": 0.52, "result": 0.1}
    return {"challenge": 0.04, "context": 0.12, "action": 0.6, "result": 0.24}


def paragraph_scores(features: dict[str, float], position: int, count: int) -> dict[str, float]:
    prior = _position_prior(position, count)
    evidence = {
        label: 0.02 + _CUE_WEIGHTS[label] * features.get(label, 0.0) for label in LABELS
    }
    # a paragraph full of "I did" is an action paragraph wherever it stands; but a story
    # that opens with "I have always believed" opens with philosophy, not with an action
    # (later in a story, "I always hold town halls" usually is what the writer did)
    if position == 0 and count > 1 and features.get("philosophy", 0.0) >= 0.5:
        evidence["action"] *= 0.2
    else:
        evidence["action"] += 1.2 * features.get("i_density", 0.0)
    evidence["context"] *= max(0.25, 1.0 - 6.0 * features.get("i_density", 0.0))
    evidence["result"] += 0.8 * features.get("measure_density", 0.0)
    evidence["challenge"] += 0.12 * features.get("opens_with_time", 0.0)
    raw = {label: prior[label] * evidence[label] for label in LABELS}
    total = sum(raw.values()) or 1.0
    return {label: round(raw[label] / total, 3) for label in LABELS}


def label_from_scores(scores: dict[str, float]) -> str:
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (top, top_score), (_, second_score) = ranked[0], ranked[1]
    if top_score < 0.36 and top_score - second_score < 0.05:
        return MIXED
    return top


def _shows(label: str, features: dict[str, float]) -> bool:
    """Whether a paragraph labelled ``label`` carries any content of that part at all
    (position alone makes the last paragraph a "result" even when it reports none)."""
    if label == "action":
        return (features.get("i_actions", 0) > 0 or features.get("action", 0.0) >= 0.02
                or features.get("past_verbs", 0) >= 2)
    if label == "result":
        return features.get("result", 0.0) >= 0.03 or features.get("measure_density", 0.0) > 0
    return True


def example_structure(labels: list[str], words: list[int], features: list[dict] | None = None) -> dict:
    """Missing parts, order problems and proportions of one example."""
    features = features or [{} for _ in labels]
    present = {label for label, f in zip(labels, features) if _shows(label, f) or not f}
    missing = [
        part
        for part, names in (("challenge", {"challenge", "context"}), ("action", {"action"}), ("result", {"result"}))
        if not present & names and not (MIXED in present and len(labels) == 1)
    ]
    order_problems = []
    # one pass from the end, remembering what comes later (linear in paragraphs)
    setup_later = challenge_later = False
    for i in range(len(labels) - 1, -1, -1):
        label = labels[i]
        if label == "result" and setup_later:
            order_problems.append((i, "a result comes before the challenge or context"))
        elif label == "action" and challenge_later:
            order_problems.append((i, "an action comes before the challenge"))
        setup_later = setup_later or label in ("challenge", "context")
        challenge_later = challenge_later or label == "challenge"
    order_problems.reverse()
    total = sum(words) or 1
    share = {
        part: sum(w for l, w in zip(labels, words) if l == part) / total for part in LABELS
    }
    setup = share["challenge"] + share["context"]
    return {
        "missing": missing,
        "order_problems": order_problems,
        "shares": {k: round(v, 2) for k, v in share.items()},
        "setup_share": round(setup, 2),
        "squeezed": len(labels) >= 3 and total >= 120 and (
            setup > MAX_SETUP_SHARE or share["action"] < MIN_ACTION_SHARE
        ),
    }
