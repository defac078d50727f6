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


def _card(title: str, text: str, framework: Framework, ecq_id: str, analyzer: Analyzer) -> OutlineCard:
    analysis = analyzer.analyze_text(text, framework, ecq_id, example_starts=[0])
    sentences: dict[str, list[str]] = {"challenge": [], "context": [], "action": [], "result": []}
    for paragraph in analysis.paragraphs:
        for start, end, part in paragraph.parts:
            if part in sentences:
                sentences[part].append(text[start:end].strip())
    challenge = (sentences["challenge"] or sentences["context"] or [""])[0]
    # what the candidate did: the action sentences that say "I" first
    mine = [s for s in sentences["action"] if re.search(r"\bI\b", s)]
    action = " ".join((mine + [s for s in sentences["action"] if s not in mine])[:2])
    results = sentences["result"]
    # the result to say is the one with the most figures in it
    result = max(results, key=lambda s: len(FIGURE.findall(s)), default="")
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
