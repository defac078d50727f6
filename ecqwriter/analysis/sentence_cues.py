"""What one sentence says about its CCAR part, as sparse features for the sentence model.

Two kinds of feature, both cheap (no spaCy call: they read tokens the paragraph pass already
made):

- cues a person would name: "I" with a past-tense verb (action), numbers, percentages and
  "as a result" (result), problems and goals (challenge), organisational facts and
  constraints (context), beliefs and habits (none);
- the sentence's words (lemmas), so the model can learn cues nobody listed.

Where the sentence stands in its story is added later (``position_features``): it depends on
the neighbours, and these features are cached with the paragraph.
"""

from __future__ import annotations

import re

PROBLEM_WORDS = {
    "backlog", "shortfall", "deficit", "crisis", "problem", "risk", "fail", "failing", "failure",
    "behind", "late", "delay", "delayed", "vacancy", "vacant", "complaint", "grievance", "audit",
    "finding", "breach", "threat", "threaten", "lose", "losing", "lost", "worst", "lowest",
    "highest", "only", "unable", "cannot", "could", "not", "no", "never", "outdated", "halt",
    "stall", "stalled", "shortage", "decline", "contamination", "violation", "error", "rise",
    "grow", "cut", "reduce", "directed", "asked", "task", "require", "mandate", "deadline",
    "goal", "need", "want", "oppose", "dispute", "refuse",
}
CONTEXT_WORDS = {
    "employ", "employee", "staff", "budget", "serve", "responsible", "lead", "oversee",
    "manage", "union", "congress", "stakeholder", "depend", "rely", "already", "previous",
    "earlier", "decade", "year", "history", "culture", "each", "own", "separate", "different",
    "skeptical", "doubt", "fear", "distrust", "pressure", "watch", "used", "still", "spread",
    "across", "office", "region", "state", "member", "partner",
}
RESULT_WORDS = {
    "fell", "fall", "rise", "rose", "drop", "dropped", "grew", "reduce", "increase", "improve",
    "save", "saving", "recover", "cut", "reach", "exceed", "complete", "finish", "deliver",
    "adopt", "award", "recognize", "cite", "now", "since", "today", "still", "remain",
    "continue", "result", "outcome", "first", "record", "zero", "no", "none", "every", "all",
    "within", "ahead", "under", "later", "next", "went", "became", "model",
}
BELIEF = re.compile(
    r"\b(?:I\s+(?:have\s+)?(?:always|long|firmly|strongly|truly)?\s*(?:believe|believed|feel|think)\b"
    r"|\b(?:a|an|the|every)\s+(?:true|real|good|great|effective|successful|strong)?\s*"
    r"(?:leader|executive|manager)s?\s+(?:must|should|is|are|always|needs?)\b"
    r"|\bleadership\s+(?:is|means|requires)\b|\bis\s+(?:essential|the\s+only\s+constant|what\s+matter)"
    r"|\bmust\s+always\b|\bpassionate\s+about\b)",
    re.IGNORECASE,
)
RESULT_PHRASE = re.compile(
    r"\b(?:as\s+a\s+result|in\s+the\s+end|by\s+(?:the\s+end\s+of\s+)?(?:19|20)\d\d|within\s+\w+\s+(?:days|weeks|months|years?)"
    r"|(?:from|to)\s+[\d$]|percent|per\s*cent|%)",
    re.IGNORECASE,
)
ROLE_OPENING = re.compile(
    r"^\s*(?:As\s+(?:the\s+|a\s+|an\s+)?(?:[A-Z][\w.-]*\s*){1,6}(?:of|for|at|,)"
    r"|(?:Since|From)\s+(?:19|20)\d\d\b|I\s+(?:have\s+)?serve[ds]?\b|I\s+am\s+(?:a|an|the)\b)"
)
TIME_OPENING = re.compile(
    r"^\s*(?:(?:In|By|During|Early\s+in|Late\s+in)\s+(?:(?:early|late|mid-?)\s*)?(?:[A-Z][a-z]+\s+)?(?:FY\s?)?(?:19|20)\d\d"
    r"|(?:When|After|Shortly\s+after|Soon\s+after|Two\s+months\s+after|Six\s+months\s+after)\b)"
)
MONEY = re.compile(r"\$\s?\d")
FIRST_SINGULAR = {"i", "me", "my", "myself"}
FIRST_PLURAL = {"we", "us", "our", "ourselves"}


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f"{edges[-1]}+"


def sentence_features(text: str, words: list[tuple[str, str, bool, bool]]) -> dict[str, float]:
    """``words``: (lower, lemma, past, measure) of each word token of the sentence, in order."""
    features: dict[str, float] = {}
    lowers = [w[0] for w in words]
    lemmas = [w[1] for w in words]
    for lemma in set(lemmas):
        if lemma.isalpha():
            features["w=" + lemma] = 1.0
    if lowers:
        features["first=" + (lemmas[0] if lemmas[0].isalpha() else "<num>")] = 1.0
    i_past = False
    for index, (lower, _lemma, past, _m) in enumerate(words):
        if lower == "i" and index + 1 < len(words):
            nxt = words[index + 1]
            nxt2 = words[index + 2] if index + 2 < len(words) else None
            if nxt[2] or (nxt[0].endswith("ly") and nxt2 is not None and nxt2[2]):
                i_past = True
                break
    singular = sum(1 for w in lowers if w in FIRST_SINGULAR)
    plural = sum(1 for w in lowers if w in FIRST_PLURAL)
    measures = sum(1 for w in words if w[3])
    pasts = sum(1 for w in words if w[2])
    lemma_set = set(lemmas) | set(lowers)
    flags = {
        "cue=i_past": i_past,
        "cue=i": singular > 0,
        "cue=we": plural > 0,
        "cue=no_person": singular == 0 and plural == 0,
        "cue=past": pasts > 0,
        "cue=money": bool(MONEY.search(text)),
        "cue=result_phrase": bool(RESULT_PHRASE.search(text)),
        "cue=belief": bool(BELIEF.search(text)),
        "cue=role_opening": bool(ROLE_OPENING.match(text)),
        "cue=time_opening": bool(TIME_OPENING.match(text)),
        "cue=problem": bool(lemma_set & PROBLEM_WORDS),
        "cue=context_word": bool(lemma_set & CONTEXT_WORDS),
        "cue=result_word": bool(lemma_set & RESULT_WORDS),
        "cue=question": text.rstrip().endswith("?"),
    }
    for name, on in flags.items():
        if on:
            features[name] = 1.0
    features["measures=" + _bucket(measures, (0, 1, 2, 3))] = 1.0
    features["length=" + _bucket(len(words), (8, 15, 25, 40))] = 1.0
    return features


def position_features(sentence: int, sentences: int, paragraph: int, paragraphs: int,
                      in_paragraph: int, paragraph_sentences: int) -> dict[str, float]:
    """Where a sentence stands: in its story (sentence and paragraph) and in its paragraph."""
    features: dict[str, float] = {}
    relative = sentence / (sentences - 1) if sentences > 1 else 0.0
    features["pos=" + ("first" if sentence == 0 else "last" if sentence == sentences - 1
                       else "early" if relative < 0.34 else "late" if relative > 0.66 else "middle")] = 1.0
    features["pos_rel"] = relative
    if paragraphs == 1:
        features["para=only"] = 1.0
    else:
        features["para=" + ("first" if paragraph == 0 else "last" if paragraph == paragraphs - 1
                            else "second" if paragraph == 1 else "inner")] = 1.0
    if paragraph_sentences > 1:
        features["in_para=" + ("first" if in_paragraph == 0 else "last" if in_paragraph == paragraph_sentences - 1
                               else "inner")] = 1.0
    else:
        features["in_para=alone"] = 1.0
    return features
