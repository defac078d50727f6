"""Plain-language messages for findings: what is wrong, why it matters, what to do."""

from __future__ import annotations

import datetime as dt


def first_person_plural(word: str) -> str:
    return (f"\"{word}\" hides your own part. The board rates what you did, not your team: "
            "say \"I\" for your decisions and actions, and name the team only where it acted on your direction.")


def no_first_person() -> str:
    return ("This example never says \"I\". Without it the board cannot tell which actions were yours; "
            "rewrite the actions as \"I decided...\", \"I negotiated...\".")


def result_without_measure() -> str:
    return ("This result has no measure. Add a number the board can weigh: money saved, a percentage, "
            "time cut, people served or staff affected.")


def too_old(year: int, as_of: dt.date) -> str:
    return (f"The most recent year in this example is {year}, more than ten years before "
            f"{as_of.isoformat()}. Boards prefer examples from the last ten years (ideally five to seven); "
            "use a newer story if you have one.")


def undated() -> str:
    return "No year appears in this example. Say when it happened so the board can see it is recent."


def acronym(acronym: str, defined_later: bool) -> str:
    later = " It is spelled out later: move that definition here." if defined_later else ""
    return (f"\"{acronym}\" is used before it is spelled out. Board members come from other agencies: "
            f"write the full name at first use, followed by ({acronym}).{later}")


def passive(text: str) -> str:
    return (f"\"{text}\" is passive: it does not say who acted. If you did it, say \"I ...\"; "
            "passive voice is fine for what others did to you.")


def philosophy(text: str) -> str:
    return (f"\"{text}...\" states a philosophy or habit rather than telling a specific story. "
            "Boards discount such statements: replace it with what you did in this case.")


def buzzword(text: str, plain: str) -> str:
    return (f"\"{text}\" is jargon that boards read as filler. Say it plainly: {plain}.")


def claim(text: str) -> str:
    return (f"\"{text}\" names a skill instead of showing it. Describe what you did that proves it, "
            "for example \"I negotiated a cost-sharing agreement with four states\".")


def long_sentence(words: int) -> str:
    return f"This sentence has {words} words. Split it so a busy reader can follow it on the first pass."


def readability(grade: float) -> str:
    return (f"The text reads at about grade {grade:.0f}. Shorter sentences and plainer words make your "
            "evidence easier to find.")


def ccar_missing(part: str) -> str:
    what = {
        "challenge": "the challenge and its context (what problem you faced, and the setting)",
        "action": "your actions (what you personally did)",
        "result": "the results (what changed, with measures)",
    }[part]
    return f"No paragraph reads as {what}. A complete example has Challenge, Context, Action and Result."


def ccar_order(problem: str) -> str:
    return f"In this example {problem}. Tell the story in the order Challenge, Context, Action, Result."


def ccar_proportion(structure: dict) -> str:
    setup = round(structure["setup_share"] * 100)
    action = round(structure["shares"]["action"] * 100)
    return (f"The set-up (challenge and context) is {setup}% of this example and your actions {action}%. "
            "Keep the set-up short (about a quarter) so actions and results get the space: "
            "actions about half, results about a quarter.")


def ccar_missing_challenge() -> str:
    return ("No sentence reads as the challenge: the problem, goal or risk you faced and why it "
            "mattered. Background about your office is context, not a challenge. Open the story with "
            "what was at stake.")


def ecq_mismatch(framework, filed: str, best: str, confidence: float) -> str:
    return (f"This example is filed under {framework.ecq(filed).name} but reads as "
            f"{framework.ecq(best).name} (about {confidence:.0%} likely). Move it, or bring out the "
            f"{framework.ecq(filed).name} competencies in what you did.")


def ecq_unsure(framework, filed: str, ranked: list[str], probabilities: dict[str, float],
               evidence: dict[str, list[str]]) -> str:
    parts = []
    for ecq_id in ranked:
        words = evidence.get(ecq_id) or []
        shown = " (" + ", ".join(f"\u201c{w}\u201d" for w in words) + ")" if words else ""
        parts.append(f"{framework.ecq(ecq_id).name}, {probabilities[ecq_id]:.0%}{shown}")
    return (f"It is not clear that this example shows {framework.ecq(filed).name}. It reads most like "
            + " or ".join(parts) + ". If it belongs here, make the "
            f"{framework.ecq(filed).name} part of what you did explicit.")


def weak_coverage(framework, ecq_id: str, missing: list[str]) -> str:
    ecq = framework.ecq(ecq_id)
    names = [c.name for c in ecq.competencies if c.id in missing]
    listed = ", ".join(names[:6]) if names else "its competencies"
    return (f"This narrative shows little evidence of {ecq.name}. Competencies not shown: {listed}. "
            "Describe actions that show them.")


def over_length(pages: float, limit: float, what: str) -> str:
    return (f"{what[0].upper() + what[1:]} takes about {pages:.1f} pages against a limit of {limit:g}. "
            "Tighten the set-up and cut repetition; packages over the limit are returned.")
