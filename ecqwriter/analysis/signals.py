"""Everything the checks need from one paragraph, computed once and cached.

A paragraph's signals depend only on its text and the framework, never on its position or
its neighbours, so an edit re-analyses one paragraph and the rest comes from the cache.
Offsets here are relative to the paragraph; the narrative layer shifts them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.attrs import IDX, IS_SPACE, LEMMA, ORTH, SENT_START

from ecqwriter.analysis.buzzwords import Buzzword, find_buzzwords
from ecqwriter.analysis.lexicon import CompiledLexicon
from ecqwriter.analysis.sentence_cues import sentence_features as cues_of_sentence
from ecqwriter.analysis.word_facts import (
    ACRONYM, BE, CLAIM_HINT, HAS_YEAR, PHILOSOPHY_HINT, PLURAL, PLURAL_FLAGGED, PRONOUN_I, SENTENCE_END, SINGULAR, UPPER, WordFacts, facts_of,
    known_word_facts, participle_form,
)

# words that may stand between "be" and the participle ("was well received", "were no longer needed")
PASSIVE_GAP_WORDS = {
    "not", "also", "then", "later", "never", "already", "fully", "all", "being", "been", "well",
    "no", "longer", "since", "ever", "still", "soon", "often", "first", "quickly", "then",
}
YEAR_PATTERN = re.compile(r"\b(?:FY\s?|fiscal year\s)?((?:19[6-9]\d|20\d\d))\b", re.IGNORECASE)
PHILOSOPHY_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bI\s+(?:always|never|consistently|invariably|typically|generally|usually)\b",
        r"\bI\s+(?:strongly\s+|firmly\s+|truly\s+)?believe\b",
        r"\bI\s+pride\s+myself\b",
        r"\bI\s+(?:am|consider\s+myself)\s+(?:a|an)\s+(?:\w+\s+){0,2}believer\b",
        r"\bmy\s+(?:leadership\s+)?(?:philosophy|style|approach)\s+(?:is|has\s+always\s+been)\b",
        r"\b(?:a|an|the)\s+(?:true|real|good|great|effective|successful|strong|best)\s+(?:leader|executive|manager)s?\s+"
        r"(?:is|are|must|should|needs?|knows?|understands?|always|never)\b",
        r"\bI\s+have\s+(?:always|long|consistently)\s+(?:believed|held|felt|known|found|maintained)\b",
        r"\b(?:true\s+|real\s+|good\s+)?leadership\s+(?:is|means|requires)\s+(?:about|not|the|more|knowing|being)\b",
        r"\bit\s+is\s+my\s+belief\b",
    )
]
CLAIM_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bI\s+(?:am|'m)\s+(?:\w+\s+){0,2}(?:skilled|adept|proficient|expert|gifted|talented|known|experienced|passionate|effective|strong|committed|dedicated)\b",
        r"\bI\s+(?:have|possess|'ve)\s+(?:\w+\s+){0,3}(?:skills?|abilit(?:y|ies)|talent|track\s+record|experience\s+in|expertise|strengths?|background\s+in)\b",
        r"\bmy\s+(?:\w+\s+){0,3}(?:skills|abilities|ability|talents?|strengths?|expertise)\s+(?:in|at|to|include|are|is|allow|enable)\b",
        r"\bI\s+(?:excel|thrive)\b",
        # self-description is a claim about oneself, not a story: "I am a proven leader"
        r"\bI\s+(?:am|consider\s+myself)\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}(?:leader|manager|communicator|professional|thinker|mentor|networker|supervisor|officer|analyst|expert)\b",
        r"\b(?:strong|excellent|exceptional|proven|outstanding)\s+(?:\w+\s+){0,2}(?:skills|abilities|track\s+record)\b",
    )
]
PHILOSOPHY = re.compile("|".join(f"(?:{p.pattern})" for p in PHILOSOPHY_PATTERNS), re.IGNORECASE)
CLAIM = re.compile("|".join(f"(?:{p.pattern})" for p in CLAIM_PATTERNS), re.IGNORECASE)

@dataclass
class EvidenceHit:
    term: str  # lemma key of the lexicon term
    start: int
    end: int
    text: str
    kind: str  # "behaviour", "claim" or "mention"
    sentence: int


@dataclass
class Span:
    start: int
    end: int
    text: str
    sentence: str = ""


@dataclass
class ParagraphSignals:
    text: str
    words: int
    sentences: int
    sentence_spans: list[tuple[int, int]]
    first_singular: int
    first_plural: int
    plural_spans: list[Span]
    numbers: int
    measure_spans: list[Span]
    years: list[tuple[int, Span]]
    acronyms: list[tuple[str, Span, bool]]  # (acronym, span, is a definition)
    passive_spans: list[Span]
    philosophy_spans: list[Span]
    claim_spans: list[Span]
    long_sentences: list[Span]
    evidence: list[EvidenceHit]
    syllables: int
    all_caps: bool = False
    height: float = 0.0  # points the paragraph takes in the export layout
    # content-lemma trigrams: two tellings of one story share many of them
    shingles: frozenset = frozenset()
    # per sentence, the sparse features of the sentence model (analysis/sentence_cues.py)
    sentence_features: list[dict[str, float]] = field(default_factory=list)
    # content lemma -> count
    content_lemmas: dict[str, int] = field(default_factory=dict)
    # per sentence, the ECQ model's word features ("w=lemma" of its content words)
    sentence_content: list[tuple[str, ...]] = field(default_factory=list)
    buzzwords: list[Buzzword] = field(default_factory=list)
    # values derived from these signals by a model, kept with them (ccar_sequence.label_story)
    memo: dict = field(default_factory=dict, compare=False, repr=False)


# the flags whose words the token pass notes or counts (the rest are hints, only gathered)
_NOTED = SINGULAR | PLURAL | PLURAL_FLAGGED | UPPER | ACRONYM | BE | PRONOUN_I | HAS_YEAR


class _Words(NamedTuple):
    """The paragraph's tokens that are not white space, as parallel lists."""
    facts: list[WordFacts]
    at: list[int]  # character offset
    sentence: list[int]


def paragraph_signals(doc, lexicon: CompiledLexicon, *, text: str | None = None) -> ParagraphSignals:
    """The signals of one paragraph, from its own spaCy doc."""
    # doc.text rebuilds the string token by token: callers that have it pass it in
    text = doc.text if text is None else text
    rows = doc.to_array([ORTH, LEMMA, IDX, IS_SPACE, SENT_START]).tolist() if len(doc) else []
    return _signals(text, rows, lexicon.matches(doc), doc.vocab)


# what stands between paragraphs analysed in one doc: whitespace, so that each paragraph's
# tokens are the ones it would have alone (spaCy splits on whitespace before anything else)
BATCH_SEPARATOR = "\n\n"


def batchable(text: str) -> bool:
    """A paragraph whose tokens in a batch are those it has alone: no white space at its ends
    (it would merge with the separator) and not empty."""
    return bool(text) and not text[0].isspace() and not text[-1].isspace()


def batch_signals(nlp, lexicon: CompiledLexicon, texts: list[str]) -> list[ParagraphSignals]:
    """The signals of many paragraphs from one spaCy doc (the blank pipeline, batchable
    texts): spaCy's, the matcher's and the arrays' costs per doc are paid once, not once a
    paragraph. Each paragraph's signals are those ``paragraph_signals`` gives it alone."""
    import numpy

    joined = BATCH_SEPARATOR.join(texts)
    doc = nlp(joined)
    array = doc.to_array([ORTH, LEMMA, IDX, IS_SPACE, SENT_START])
    offsets, at = [], 0
    for text in texts:
        offsets.append(at)
        at += len(text) + len(BATCH_SEPARATOR)
    firsts = numpy.searchsorted(array[:, 2], offsets).tolist()
    ends = numpy.searchsorted(array[:, 2], [offset + len(text) for offset, text in zip(offsets, texts)]).tolist()
    # every token's offset made relative to its paragraph, for all paragraphs in one step
    # (the separators' tokens, between paragraphs, are never read)
    paragraph_of = numpy.searchsorted(numpy.asarray(firsts), numpy.arange(len(array)), side="right") - 1
    array[:, 2] -= numpy.asarray(offsets, dtype=array.dtype)[numpy.maximum(paragraph_of, 0)]
    rows = array.tolist()
    matches = lexicon.matches(doc)
    match_starts = [start for start, _, _ in matches]
    found = []
    for text, first, end in zip(texts, firsts, ends):
        a, b = bisect.bisect_left(match_starts, first), bisect.bisect_left(match_starts, end)
        own = [(start - first, stop - first, key) for start, stop, key in matches[a:b]]
        found.append(_signals(text, rows[first:end], own, doc.vocab))
    return found


def _signals(text: str, rows: list[list[int]], matches, vocab) -> ParagraphSignals:
    """``rows``: ORTH, LEMMA, IDX, IS_SPACE and SENT_START of each token, offsets relative to
    ``text``; ``matches``: the lexicon's (start, end, term) in those tokens' indexes."""
    # One pass over spaCy's token attributes, read in bulk (per-token access creates a
    # Python object per call). What a word is comes from word_facts, cached by its hash, so
    # per token only where it stands is new, and no object is made per token: everything
    # counted per token is counted here, and the families below read the noted indexes.
    words = _Words([], [], [])
    facts, word_at, word_sentence = words
    sentence_spans: list[tuple[int, int]] = []
    sentence_hints: list[int] = []  # the flags of a sentence's words, together
    per_sentence: list[list[WordFacts]] = []
    content_by_sentence: list[dict[str, None]] = []
    content: list[str] = []
    measure_at: list[int] = []
    plural_at: list[int] = []
    be_at: list[int] = []
    i_at: list[int] = []
    acronym_at: list[int] = []
    n_words = syllables = uppers = first_singular = first_plural = 0
    years_inside = False
    if rows:
        # without a parse, sentences are found here by spaCy's own sentencizer rule (a token
        # that is not punctuation, after a sentence end), which spares a pass over the tokens
        known_words = known_word_facts()
        sentence = -1
        span_start = last_at = 0
        last_word = ""
        seen_end = False
        sentence_words = sentence_content = None
        hints = 0
        for orth, lem, idx, space, start in rows:
            known = known_words.get(orth)
            if known is None or known[0] != lem:
                known = facts_of(vocab, orth, lem)
            flags = known[10]
            opens = seen_end and not known[4] and not flags & SENTENCE_END
            if opens:
                seen_end = False
            elif flags & SENTENCE_END:
                seen_end = True
            if opens or sentence < 0:
                if sentence >= 0:
                    sentence_spans.append((span_start, last_at + len(last_word)))
                    sentence_hints.append(hints)
                    hints = 0
                sentence += 1
                span_start = last_at = idx
                last_word = known[1]
                sentence_words, sentence_content = [], {}
                per_sentence.append(sentence_words)
                content_by_sentence.append(sentence_content)
            elif not space:
                # the sentence ends with its last token that is not white space
                last_at, last_word = idx, known[1]
            if space:
                continue
            at = len(facts)
            facts.append(known)
            word_at.append(idx)
            word_sentence.append(sentence)
            if not known[4]:  # not punctuation
                n_words += 1
                syllables += known[9]
                sentence_words.append(known)
                key = known[11]
                if key is not None:
                    content.append(known[3])
                    sentence_content[key] = None
            hints |= flags
            if flags & _NOTED:
                if flags & SINGULAR:
                    first_singular += 1
                if flags & PLURAL:
                    first_plural += 1
                if flags & PLURAL_FLAGGED:
                    plural_at.append(at)
                if flags & UPPER and not known[4]:
                    uppers += 1
                if flags & ACRONYM:
                    acronym_at.append(at)
                if flags & BE:
                    be_at.append(at)
                if flags & PRONOUN_I:
                    i_at.append(at)
                if flags & HAS_YEAR:
                    years_inside = True
            if known[8]:
                measure_at.append(at)
        if sentence >= 0:
            sentence_spans.append((span_start, last_at + len(last_word)))
            sentence_hints.append(hints)

    def sentence_text_of(index: int) -> str:
        a, b = sentence_spans[index] if sentence_spans else (0, len(text))
        return text[a:b]

    def span_of(i: int, with_sentence: bool = False) -> Span:
        word, a = facts[i][1], word_at[i]
        return Span(a, a + len(word), word, sentence_text_of(word_sentence[i]) if with_sentence else "")

    plural_spans = [span_of(i, with_sentence=True) for i in plural_at]
    measure_spans = [span_of(i) for i in measure_at]
    years = [(int(m.group(1)), Span(m.start(), m.end(), m.group(0)))
             for m in YEAR_PATTERN.finditer(text)] if years_inside else []
    all_caps = uppers > 0.6 * max(n_words, 1)
    acronyms = [] if all_caps else _acronyms(words, acronym_at)
    passive_spans = _passives(words, be_at, text, sentence_text_of)
    acting = _acting_sentences(words, i_at)
    measured = {word_sentence[i] for i in measure_at}
    philosophy_spans, claim_spans, long_sentences, claim_sentences = _sentence_statements(text, sentence_spans, sentence_hints, acting)
    behaviour_sentences = (acting | measured) - claim_sentences
    evidence = []
    for start, end, key in matches:
        # offsets from the token arrays: a spaCy Span would rebuild its text token by token
        # a match starts and ends on words, so their offsets are among the words'
        first = bisect.bisect_left(word_at, rows[start][2])
        last = bisect.bisect_left(word_at, rows[end - 1][2], first)
        a, b = word_at[first], word_at[last] + len(facts[last][1])
        sentence = word_sentence[first]
        kind = "claim" if sentence in claim_sentences else "behaviour" if sentence in behaviour_sentences else "mention"
        evidence.append(EvidenceHit(key, a, b, text[a:b], kind, sentence))

    content_lemmas: dict[str, int] = {}
    for lemma in content:
        content_lemmas[lemma] = content_lemmas.get(lemma, 0) + 1
    return ParagraphSignals(
        text=text,
        words=n_words,
        sentences=len(sentence_spans),
        sentence_spans=sentence_spans,
        first_singular=first_singular,
        first_plural=first_plural,
        plural_spans=plural_spans,
        numbers=len(measure_spans),
        measure_spans=measure_spans,
        years=years,
        acronyms=acronyms,
        passive_spans=passive_spans,
        philosophy_spans=philosophy_spans,
        claim_spans=claim_spans,
        long_sentences=long_sentences,
        evidence=evidence,
        syllables=syllables,
        all_caps=all_caps,
        shingles=frozenset(zip(content, content[1:], content[2:])),
        sentence_features=[cues_of_sentence(text[a:b], tokens, hints)
                           for (a, b), tokens, hints in zip(sentence_spans, per_sentence, sentence_hints)],
        content_lemmas=content_lemmas,
        sentence_content=[tuple(keys) for keys in content_by_sentence],
        buzzwords=find_buzzwords(text, {known[2] for known in facts}),
    )


# ---------------------------------------------------------------------- signal families
# Each works on the words the single pass above kept and the indexes it noted.


def _acronyms(words: _Words, at: list[int]) -> list[tuple[str, Span, bool]]:
    """Each acronym, and whether it stands as its own definition: "(OMB)" or "OMB (".."""
    facts, offsets = words.facts, words.at
    found = []
    for i in at:
        word = facts[i][1]
        before = facts[i - 1][1] if i > 0 else ""
        after = facts[i + 1][1] if i + 1 < len(facts) else ""
        is_definition = (before == "(" and after == ")") or after == "("
        found.append((word, Span(offsets[i], offsets[i] + len(word), word), is_definition))
    return found


def _passives(words: _Words, be_at: list[int], text: str, sentence_text_of) -> list[Span]:
    """A form of "be", perhaps an adverb, then a participle: "was quickly approved"."""
    facts = words.facts
    found = []
    for i in be_at:
        j = i + 1
        while j < len(facts) and j <= i + 3 and (facts[j][2].endswith("ly") or facts[j][2] in PASSIVE_GAP_WORDS):
            j += 1
        if j >= len(facts):
            continue
        candidate = facts[j]
        if not participle_form(candidate[2], candidate[3]):
            continue
        following = facts[j + 1][2] if j + 1 < len(facts) else ""
        if following == "to" and candidate[2] in ("used", "supposed", "expected"):
            continue
        a, b = words.at[i], words.at[j] + len(candidate[1])
        found.append(Span(a, b, text[a:b], sentence_text_of(words.sentence[i])))
    return found


def _acting_sentences(words: _Words, i_at: list[int]) -> set[int]:
    """Sentences where "I" is directly followed by a past-tense verb (or an adverb and one)."""
    facts, sentence_of = words.facts, words.sentence
    acting = set()
    for i in i_at:
        sentence = sentence_of[i]
        nxt = facts[i + 1] if i + 1 < len(facts) else None
        nxt2 = facts[i + 2] if i + 2 < len(facts) else None
        if nxt is not None and sentence_of[i + 1] == sentence and (
                nxt[7] or (nxt[2].endswith("ly") and nxt2 is not None and nxt2[7])):
            acting.add(sentence)
    return acting


def _sentence_statements(text: str, sentence_spans, sentence_hints: list[int], acting: set[int]):
    """Beliefs and claims sentence by sentence, and the sentences too long to follow. A claim
    in a sentence that also tells what "I" did is not counted as a claim."""
    philosophy_spans, claim_spans, long_sentences = [], [], []
    claim_sentences: set[int] = set()
    for index, ((a, b), hints) in enumerate(zip(sentence_spans, sentence_hints)):
        s_text = text[a:b]
        match = PHILOSOPHY.search(s_text) if hints & PHILOSOPHY_HINT else None
        if match:
            philosophy_spans.append(Span(a + match.start(), a + match.end(), match.group(0), s_text))
        claimed = CLAIM.search(s_text) if hints & CLAIM_HINT else None
        if claimed and index not in acting:
            claim_sentences.add(index)
            claim_spans.append(Span(a + claimed.start(), a + claimed.end(), claimed.group(0), s_text))
        if len(s_text.split()) > 40:
            long_sentences.append(Span(a, b, s_text, s_text))
    return philosophy_spans, claim_spans, long_sentences, claim_sentences
