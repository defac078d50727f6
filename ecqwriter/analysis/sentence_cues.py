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
from collections.abc import Sequence

from ecqwriter.analysis.word_facts import (
    BELIEF_HINT, CUE_CONTEXT, CUE_LOWER_I, CUE_LY, CUE_PAST, CUE_PLURAL, CUE_PROBLEM, CUE_RESULT, CUE_SINGULAR,
    RESULT_HINT, WordFacts,
)

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


def sentence_features(text: str, words: Sequence[WordFacts], hints: int) -> dict[str, float]:
    """``words``: the facts of each word token of the sentence (not punctuation), in order;
    ``hints``: the flags of all its tokens (punctuation too) together (word_facts)."""
    features: dict[str, float] = {}
    cues = measures = 0
    i_past = False
    seen: set[str] = set()
    previous_i = previous_ly_after_i = False
    for _, _, lower, lemma, _, _, _, past, measure, _, _, _, lemma_key, word_cues in words:
        if lemma not in seen:
            seen.add(lemma)
            if lemma_key is not None:
                features[lemma_key] = 1.0
        if lower != lemma:
            seen.add(lower)
        cues |= word_cues
        if measure:
            measures += 1
        # "I negotiated", "I quickly negotiated"
        if past and (previous_i or previous_ly_after_i):
            i_past = True
        previous_ly_after_i = previous_i and word_cues & CUE_LY
        previous_i = word_cues & CUE_LOWER_I
    if words:
        first = words[0][3]
        features["first=" + (first if first.isalpha() else "<num>")] = 1.0
    if i_past:
        features["cue=i_past"] = 1.0
    if cues & CUE_SINGULAR:
        features["cue=i"] = 1.0
    if cues & CUE_PLURAL:
        features["cue=we"] = 1.0
    if not cues & (CUE_SINGULAR | CUE_PLURAL):
        features["cue=no_person"] = 1.0
    if cues & CUE_PAST:
        features["cue=past"] = 1.0
    if "$" in text and MONEY.search(text):
        features["cue=money"] = 1.0
    if hints & RESULT_HINT and RESULT_PHRASE.search(text):
        features["cue=result_phrase"] = 1.0
    if hints & BELIEF_HINT and BELIEF.search(text):
        features["cue=belief"] = 1.0
    if ROLE_OPENING.match(text):
        features["cue=role_opening"] = 1.0
    if TIME_OPENING.match(text):
        features["cue=time_opening"] = 1.0
    if cues & CUE_PROBLEM:
        features["cue=problem"] = 1.0
    if cues & CUE_CONTEXT:
        features["cue=context_word"] = 1.0
    if cues & CUE_RESULT:
        features["cue=result_word"] = 1.0
    if text.rstrip().endswith("?"):
        features["cue=question"] = 1.0
    features[_MEASURE_KEYS[min(measures, 4)]] = 1.0
    length = len(words)
    features[_LENGTH_KEYS[0 if length <= 8 else 1 if length <= 15 else 2 if length <= 25 else 3 if length <= 40 else 4]] = 1.0
    return features


_MEASURE_KEYS = ("measures=0", "measures=1", "measures=2", "measures=3", "measures=3+")
_LENGTH_KEYS = ("length=8", "length=15", "length=25", "length=40", "length=40+")


def position(sentence: int, sentences: int, paragraph: int, paragraphs: int,
             in_paragraph: int, paragraph_sentences: int) -> tuple[tuple[str, str, str], float]:
    """Where a sentence stands, as its three categorical features (in its story, its
    paragraph's place, its place in the paragraph) and its relative place in the story."""
    relative = sentence / (sentences - 1) if sentences > 1 else 0.0
    in_story = "pos=" + ("first" if sentence == 0 else "last" if sentence == sentences - 1
                         else "early" if relative < 0.34 else "late" if relative > 0.66 else "middle")
    if paragraphs == 1:
        para = "para=only"
    else:
        para = "para=" + ("first" if paragraph == 0 else "last" if paragraph == paragraphs - 1
                          else "second" if paragraph == 1 else "inner")
    if paragraph_sentences > 1:
        in_para = "in_para=" + ("first" if in_paragraph == 0 else "last" if in_paragraph == paragraph_sentences - 1
                                else "inner")
    else:
        in_para = "in_para=alone"
    return (in_story, para, in_para), relative


def position_features(sentence: int, sentences: int, paragraph: int, paragraphs: int,
                      in_paragraph: int, paragraph_sentences: int) -> dict[str, float]:
    """Where a sentence stands: in its story (sentence and paragraph) and in its paragraph."""
    (in_story, para, in_para), relative = position(sentence, sentences, paragraph, paragraphs,
                                                   in_paragraph, paragraph_sentences)
    return {in_story: 1.0, "pos_rel": relative, para: 1.0, in_para: 1.0}
