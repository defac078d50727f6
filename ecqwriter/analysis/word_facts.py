"""What one word is, wherever it stands: its text, lemma, kind and flags.

Worked out once per distinct word and kept by spaCy's hash of its text, so the token pass
over a paragraph (analysis/signals.py) only notes where each word stands.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

FIRST_SINGULAR = {"i", "me", "my", "mine", "myself"}
FIRST_PLURAL_FLAGGED = {"we", "us", "ourselves"}
FIRST_PLURAL_ALL = FIRST_PLURAL_FLAGGED | {"our", "ours"}
BE_FORMS = {"was", "were", "been", "being", "is", "are", "be", "got", "get", "gets"}
IRREGULAR_PAST = {
    "led", "made", "built", "took", "brought", "set", "held", "met", "wrote", "drove", "chose",
    "found", "gave", "won", "ran", "began", "cut", "put", "sought", "thought", "saw", "spoke",
    "taught", "bought", "kept", "lost", "sold", "told", "became", "rose", "fell", "grew", "knew",
    "understood", "oversaw", "undertook", "withdrew", "stood", "sent", "spent", "paid", "left",
    "felt", "heard", "laid", "meant", "read", "shut", "split", "struck", "threw", "went", "did",
    "had", "got", "forged", "drew", "overcame", "reshaped", "launched", "hired",
}
IRREGULAR_PARTICIPLES = {
    "built", "made", "done", "given", "taken", "held", "led", "set", "sent", "brought", "chosen",
    "written", "seen", "known", "shown", "paid", "cut", "put", "kept", "told", "found", "won",
    "begun", "run", "spent", "lost", "sold", "met", "overseen", "undertaken", "drawn", "grown",
    "driven", "taught", "thought", "bought", "struck", "shut", "left", "hit", "frozen", "broken",
}
# participles that usually work as adjectives after "be" (not passive voice)
ADJECTIVAL_PARTICIPLES = {
    "interested", "concerned", "committed", "dedicated", "experienced", "skilled", "qualified",
    "located", "based", "involved", "excited", "pleased", "tired", "supposed", "used",
    "married", "surprised", "satisfied", "frustrated", "worried", "disappointed", "engaged",
    "limited", "related", "known", "able", "prepared", "determined", "motivated", "aligned",
    "overwhelmed", "stalled", "scattered", "outdated", "fragmented", "understaffed", "expected",
    "entitled", "eligible", "unprepared", "dispersed", "accustomed", "divided", "exhausted",
    "unaware", "aware", "organized", "isolated", "opposed", "bound", "due", "convinced", "fixed",
}
NUMBER_WORDS = {
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousand",
    "thousands", "million", "millions", "billion", "billions", "dozen", "dozens", "half",
    "double", "doubled", "tripled", "halved", "percent", "percentage",
}
YEAR_ONLY = re.compile(r"^(?:19[6-9]\d|20\d\d)$")
ACRONYM_PATTERN = re.compile(r"^[A-Z][A-Z&]{1,7}s?$")
ACRONYMS_EVERYONE_KNOWS = {
    "US", "USA", "SES", "GS", "AM", "PM", "OK", "TV", "DC", "II", "III", "IV", "VI", "VII",
    "VIII", "IX", "XI", "XII", "ECQ", "ECQs", "CEO", "IDs", "ID", "PhD", "MBA", "MPA", "CPA",
    # the states' postal codes: "Denver, CO" in a résumé's job line
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "IA", "ID", "IL", "KS", "KY",
    "LA", "MA", "MD", "MI", "MN", "MO", "MS", "MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV", "NY",
    "OH", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VT", "WA", "WI", "WV", "WY", "PR", "GU",
}


@functools.lru_cache(maxsize=50_000)
def _measure_form(text: str, lower: str, like_num: bool) -> bool:
    if YEAR_ONLY.match(text) or lower == "one":
        return False  # a year dates the story; "one" is rarely a measure ("one-on-one")
    if like_num or any(ch.isdigit() for ch in text):
        return True
    return text in ("$", "%", "€") or lower in NUMBER_WORDS


@functools.lru_cache(maxsize=50_000)
def _syllables(word: str) -> int:
    word = word.lower()
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and count > 1 and not word.endswith(("le", "ee")):
        count -= 1
    return max(count, 1)


@functools.lru_cache(maxsize=50_000)
def _past_form(lower: str, lemma: str) -> bool:
    if lower in IRREGULAR_PAST:
        return True
    return lower.endswith("ed") and len(lower) > 4 and lemma != lower


@functools.lru_cache(maxsize=50_000)
def participle_form(lower: str, lemma: str) -> bool:
    if lower in ADJECTIVAL_PARTICIPLES:
        return False
    if lower in IRREGULAR_PARTICIPLES:
        return True
    return lower.endswith("ed") and len(lower) > 4 and lemma != lower


_STRINGS: dict[int, str] = {}


def _string(strings, key: int) -> str:
    text = _STRINGS.get(key)
    if text is None:
        text = strings[key]
        if len(_STRINGS) < 100_000:  # bounded: a batch of packages keeps meeting new words
            _STRINGS[key] = text
    return text

# flags of a word (WordFacts.flags)
SINGULAR, PLURAL, PLURAL_FLAGGED, UPPER, ACRONYM, BE, PRONOUN_I = 1, 2, 4, 8, 16, 32, 64
SENTENCE_END = 128  # ends a sentence: one of spaCy's sentencizer's punctuation characters
HAS_YEAR = 256  # holds a year ("2019", "FY2024"): only then is a paragraph searched for years

# A word that may belong to a match of one of the sentence patterns: a sentence with no such
# word is not searched, which spares the patterns' slow scans of most sentences
# (tests/test_analysis_engine.py holds each pattern and its pieces in step).
PHILOSOPHY_HINT, CLAIM_HINT, BELIEF_HINT, RESULT_HINT = 512, 1024, 2048, 4096
PHILOSOPHY_PIECES = (  # signals.PHILOSOPHY
    "always", "never", "consistent", "invariabl", "typicall", "generall", "usuall", "believ",
    "pride", "philosoph", "style", "approach", "leader", "executive", "manager", "held", "felt",
    "known", "found", "maintain", "belief",
)
CLAIM_PIECES = (  # signals.CLAIM
    "skill", "adept", "proficient", "expert", "gifted", "talent", "known", "experience",
    "passionate", "effective", "strong", "committed", "dedicated", "abilit", "track", "record",
    "strength", "background", "excel", "thrive", "leader", "manager", "communicator",
    "professional", "thinker", "mentor", "networker", "supervisor", "officer", "analyst",
)
BELIEF_PIECES = (  # sentence_cues.BELIEF
    "believ", "feel", "think", "leader", "executive", "manager", "essential", "constant",
    "matter", "must", "passionate",
)
RESULT_PIECES = (  # sentence_cues.RESULT_PHRASE, with any digit, "$" and "%"
    "result", "end", "within", "cent", "$", "%", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
)
_HINTS = ((PHILOSOPHY_HINT, PHILOSOPHY_PIECES), (CLAIM_HINT, CLAIM_PIECES), (BELIEF_HINT, BELIEF_PIECES),
          (RESULT_HINT, RESULT_PIECES))

# The sentence model's cue vocabularies (analysis/sentence_cues.py), matched on a word's
# lemma or its lower-case form, and the other bits its cues are made of (WordFacts.cues).
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
CUE_SINGULAR, CUE_PLURAL, CUE_PAST, CUE_PROBLEM, CUE_CONTEXT, CUE_RESULT, CUE_LY, CUE_LOWER_I = (
    1, 2, 4, 8, 16, 32, 64, 128)
CUE_FIRST_SINGULAR = {"i", "me", "my", "myself"}
CUE_FIRST_PLURAL = {"we", "us", "our", "ourselves"}

_YEAR_INSIDE = re.compile(r"(?:19[6-9]\d|20\d\d)")


@functools.lru_cache(maxsize=1)
def _sentence_enders() -> frozenset[str]:
    # the very characters spaCy's rule-based sentencizer splits on, so that sentences are the
    # same whether it or the token pass (analysis/signals.py) finds them
    from spacy.pipeline import Sentencizer

    return frozenset(Sentencizer.default_punct_chars)


class WordFacts(NamedTuple):
    """The hot loops unpack these by position; the names document the positions."""
    lemma_hash: int
    text: str
    lower: str
    lemma: str
    punct: bool
    alpha: bool
    stop: bool
    past: bool
    measure: bool
    syllables: int
    flags: int
    content_key: str | None  # "w=lemma" of a content word (alphabetic, not a stop word)
    lemma_key: str | None  # "w=lemma" of any alphabetic lemma (the sentence model's words)
    cues: int  # what the word tells the sentence model (CUE_* bits)


_WORD_KEYS: dict[str, str] = {}


def word_key(lemma: str) -> str:
    """"w=" + lemma, made once per lemma (the same keys recur in every paragraph)."""
    key = _WORD_KEYS.get(lemma)
    if key is None:
        key = "w=" + lemma
        if len(_WORD_KEYS) < 200_000:  # bounded: a batch keeps meeting new words
            _WORD_KEYS[lemma] = key
    return key


_KNOWN: dict[int, WordFacts] = {}


def facts_of(vocab, orth: int, lemma_hash: int) -> WordFacts:
    """The facts of the word whose text hashes to ``orth`` with lemma ``lemma_hash``."""
    known = _KNOWN.get(orth)
    if known is None or known[0] != lemma_hash:
        known = _facts(vocab, orth, lemma_hash)
        if len(_KNOWN) < 200_000:  # bounded: a batch keeps meeting new words
            _KNOWN[orth] = known
    return known


def _facts(vocab, orth: int, lem: int) -> WordFacts:
    strings = vocab.strings
    lexeme = vocab[orth]
    text = _string(strings, orth)
    lower = lexeme.lower_
    lemma = _string(strings, lem).lower() if lem else lower
    alpha, stop = lexeme.is_alpha, lexeme.is_stop
    flags = 0
    if lower in FIRST_SINGULAR and (lower != "i" or text == "I"):
        flags |= SINGULAR
    if lower in FIRST_PLURAL_ALL and text != "US":
        flags |= PLURAL
    if lower in FIRST_PLURAL_FLAGGED and text not in ("US", "U.S."):
        flags |= PLURAL_FLAGGED
    if text.isupper():
        flags |= UPPER
    if (text not in ACRONYMS_EVERYONE_KNOWS and ACRONYM_PATTERN.match(text)
            and sum(1 for ch in text if ch.isupper()) >= 2):
        flags |= ACRONYM
    if lower in BE_FORMS:
        flags |= BE
    if text == "I":
        flags |= PRONOUN_I
    if text in _sentence_enders():
        flags |= SENTENCE_END
    if _YEAR_INSIDE.search(text):
        flags |= HAS_YEAR
    for hint, pieces in _HINTS:
        if any(piece in lower for piece in pieces):
            flags |= hint
    past = _past_form(lower, lemma)
    return WordFacts(
        lem, text, lower, lemma, lexeme.is_punct, alpha, stop, past,
        _measure_form(text, lower, lexeme.like_num), _syllables(lower) if alpha else 0, flags,
        word_key(lemma) if alpha and not stop else None,
        word_key(lemma) if lemma.isalpha() else None,
        _cues(lower, lemma, past))


def _cues(lower: str, lemma: str, past: bool) -> int:
    cues = 0
    if lower in CUE_FIRST_SINGULAR:
        cues |= CUE_SINGULAR
    elif lower in CUE_FIRST_PLURAL:
        cues |= CUE_PLURAL
    if past:
        cues |= CUE_PAST
    for bit, vocabulary in ((CUE_PROBLEM, PROBLEM_WORDS), (CUE_CONTEXT, CONTEXT_WORDS), (CUE_RESULT, RESULT_WORDS)):
        if lemma in vocabulary or lower in vocabulary:
            cues |= bit
    if lower.endswith("ly"):
        cues |= CUE_LY
    if lower == "i":
        cues |= CUE_LOWER_I
    return cues


def known_word_facts() -> dict[int, WordFacts]:
    """The cache itself, for the token pass to read without a call per token (a miss goes
    through ``facts_of``)."""
    return _KNOWN
