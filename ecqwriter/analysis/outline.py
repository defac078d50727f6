"""Outline cards for the structured interview, made from the analysis of each story.

A card keeps the story's challenge, actions and result in about 60 words (the sentences the
CCAR labelling found, cut at a word), the figures worth remembering, and the follow-up
questions a panel is likely to ask: the general ones, plus those the story itself invites
(a result without a number, "we" where the panel wants "I").
"""

from __future__ import annotations

import re

from ecqwriter.analysis.engine import Analyzer
from ecqwriter.core.frameworks import Framework
from ecqwriter.core.interview import (
    STORIES_PER_ECQ, EcqCards, OutlineCard, general_follow_ups, practice_questions, shorten,
)
from ecqwriter.core.model import Package

# words kept per part: the three together stay within core.interview.CARD_WORDS
PART_WORDS = {"challenge": 18, "action": 24, "result": 18}
FIGURE = re.compile(
    r"\$\s?\d[\d,.]*(?:\s(?:million|billion|thousand))?"
    r"|\b\d[\d,.]*\s?(?:percent|%|million|billion|days|weeks|months|years|hours|staff|employees|people|"
    r"agencies|offices|states|sites|cases|claims|contracts|teams|supervisors)\b",
    re.IGNORECASE)
MAX_FIGURES = 5


def interview_cards(package: Package, framework: Framework, analyzer: Analyzer) -> list[EcqCards]:
    """For each ECQ, cards for its first two stories (the story bank's order), and the
    practice questions for that ECQ."""
    out = []
    for ecq in framework.ecqs:
        narrative = package.narratives.get(ecq.id)
        stories = [e for e in (narrative.examples if narrative else []) if e.text.strip()][:STORIES_PER_ECQ]
        cards = tuple(_card(example.title or f"Story {n}", example.text, framework, ecq.id, analyzer)
                      for n, example in enumerate(stories, 1))
        out.append(EcqCards(ecq.id, ecq.name, cards, practice_questions(framework.id, ecq.id)))
    return out


def _sentences(text: str, framework: Framework, ecq_id: str, analyzer: Analyzer):
    """The story's sentences by CCAR part, and its analysis."""
    analysis = analyzer.analyze_text(text, framework, ecq_id, example_starts=[0])
    sentences: dict[str, list[str]] = {"challenge": [], "context": [], "action": [], "result": []}
    for paragraph in analysis.paragraphs:
        for start, end, part in paragraph.parts:
            if part in sentences:
                sentences[part].append(text[start:end].strip())
    return sentences, analysis


def _mine_first(actions: list[str]) -> list[str]:
    """What the candidate did: the action sentences that say "I" first."""
    mine = [s for s in actions if re.search(r"\bI\b", s)]
    return mine + [s for s in actions if s not in mine]


def _best_result(results: list[str]) -> str:
    """The result to say is the one with the most figures in it."""
    return max(results, key=lambda s: len(FIGURE.findall(s)), default="")


def _card(title: str, text: str, framework: Framework, ecq_id: str, analyzer: Analyzer) -> OutlineCard:
    sentences, analysis = _sentences(text, framework, ecq_id, analyzer)
    challenge = (sentences["challenge"] or sentences["context"] or [""])[0]
    action = " ".join(_mine_first(sentences["action"])[:2])
    results = sentences["result"]
    result = _best_result(results)
    figures = []
    for sentence in results + sentences["action"] + sentences["challenge"]:
        for match in FIGURE.finditer(sentence):
            figure = " ".join(match.group(0).split()).rstrip(",.;:")
            if figure not in figures:
                figures.append(figure)
    follow_ups = []
    if not re.search(r"\d", result):
        follow_ups.append("How did you measure the result?")
    if any(f.rule == "first-person-plural" for f in analysis.findings):
        follow_ups.append("What did you do yourself, rather than your team?")
    follow_ups += [q for q in general_follow_ups() if q not in follow_ups]
    return OutlineCard(
        story=title,
        challenge=shorten(challenge, PART_WORDS["challenge"]),
        action=shorten(action, PART_WORDS["action"]),
        result=shorten(result, PART_WORDS["result"]),
        figures=tuple(figures[:MAX_FIGURES]),
        follow_ups=tuple(follow_ups[:3]),
    )


def propose_bullet(text: str, framework: Framework, ecq_id: str, analyzer: Analyzer) -> str:
    """A one-to-two-line résumé accomplishment drawn from a story: what the candidate did, in
    implied first person, then the result with its numbers. A proposal to edit, not a
    finished line: a cut is marked with an ellipsis."""
    sentences, _ = _sentences(text, framework, ecq_id, analyzer)
    action = (_mine_first(sentences["action"]) or [""])[0]
    action = re.sub(r"^(?:(?:In|By) (?:early |late |mid-)?\d{4},?\s*|Then,?\s*)?I\s+", "", action).rstrip(".")
    result = _best_result(sentences["result"]).rstrip(".")
    result = re.sub(r"^(?:As a result|In the end|By \w+ \d{4}),?\s*", "", result)
    parts = [shorten(action[:1].upper() + action[1:], 16)] if action else []
    if result:
        parts.append(shorten(result[:1].lower() + result[1:] if not result.startswith("I ") else result, 20))
    bullet = "; ".join(parts)
    return bullet if bullet.endswith(("…", ".")) or not bullet else bullet + "."
