"""Everything the checks need from one paragraph, computed once and cached.

A paragraph's signals depend only on its text and the framework, never on its position or
its neighbours, so an edit re-analyses one paragraph and the rest comes from the cache.
Offsets here are relative to the paragraph; the narrative layer shifts them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from spacy.attrs import IDX, IS_SPACE, LEMMA, ORTH, SENT_START

from ecqwriter.analysis.buzzwords import Buzzword, find_buzzwords
from ecqwriter.analysis.lexicon import CompiledLexicon
from ecqwriter.analysis.sentence_cues import sentence_features as cues_of_sentence
from ecqwriter.analysis.sentence_cues import word_key

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
# words that may stand between "be" and the participle ("was well received", "were no longer needed")
PASSIVE_GAP_WORDS = {
    "not", "also", "then", "later", "never", "already", "fully", "all", "being", "been", "well",
    "no", "longer", "since", "ever", "still", "soon", "often", "first", "quickly", "then",
}
NUMBER_WORDS = {
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousand",
    "thousands", "million", "millions", "billion", "billions", "dozen", "dozens", "half",
    "double", "doubled", "tripled", "halved", "percent", "percentage",
}
YEAR_PATTERN = re.compile(r"\b(?:FY\s?|fiscal year\s)?((?:19[6-9]\d|20\d\d))\b", re.IGNORECASE)
YEAR_ONLY = re.compile(r"^(?:19[6-9]\d|20\d\d)$")
ACRONYM_PATTERN = re.compile(r"^[A-Z][A-Z&]{1,7}s?$")
ACRONYMS_EVERYONE_KNOWS = {
    "US", "USA", "SES", "GS", "AM", "PM", "OK", "TV", "DC", "II", "III", "IV", "VI", "VII",
    "VIII", "IX", "XI", "XII", "ECQ", "ECQs", "CEO", "IDs", "ID", "PhD", "MBA", "MPA", "CPA",
}
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
# every match of the pattern contains one of these (lower-case) pieces: a sentence without
# any is skipped, which spares the pattern's slow scan of most sentences
# (tests/test_analysis_engine.py holds the patterns and their anchors in step)
PHILOSOPHY_ANCHORS = (
    "always", "never", "consistent", "invariabl", "typicall", "generall", "usuall", "believ",
    "pride", "philosoph", "style", "approach", "leader", "executive", "manager", "held", "felt",
    "known", "found", "maintain", "belief",
)
CLAIM_ANCHORS = (
    "skill", "adept", "proficient", "expert", "gifted", "talent", "known", "experience",
    "passionate", "effective", "strong", "committed", "dedicated", "abilit", "track record",
    "strength", "background", "excel", "thrive", "leader", "manager", "communicator",
    "professional", "thinker", "mentor", "networker", "supervisor", "officer", "analyst",
)


def may_match(lowered: str, anchors: tuple[str, ...]) -> bool:
    return any(anchor in lowered for anchor in anchors)


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
def _participle_form(lower: str, lemma: str) -> bool:
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


# orth hash -> (lemma hash, text, lower, lemma, punct, alpha, stop, past, measure): what a
# word is does not depend on where it stands, so it is worked out once per distinct word
_WORDS: dict[int, tuple] = {}


# flags of a word, worked out once per distinct word (see _word)
_SINGULAR, _PLURAL, _PLURAL_FLAGGED, _UPPER, _ACRONYM, _BE, _I = 1, 2, 4, 8, 16, 32, 64


def _word(vocab, strings, orth: int, lem: int) -> tuple:
    """(lemma hash, text, lower, lemma, punct, alpha, stop, past, measure, syllables, flags,
    content key): what the checks need to know of a word, wherever it stands."""
    lexeme = vocab[orth]
    text = _string(strings, orth)
    lower = lexeme.lower_
    lemma = _string(strings, lem).lower() if lem else lower
    alpha, stop = lexeme.is_alpha, lexeme.is_stop
    flags = 0
    if lower in FIRST_SINGULAR and (lower != "i" or text == "I"):
        flags |= _SINGULAR
    if lower in FIRST_PLURAL_ALL and text != "US":
        flags |= _PLURAL
    if lower in FIRST_PLURAL_FLAGGED and text not in ("US", "U.S."):
        flags |= _PLURAL_FLAGGED
    if text.isupper():
        flags |= _UPPER
    if (text not in ACRONYMS_EVERYONE_KNOWS and ACRONYM_PATTERN.match(text)
            and sum(1 for ch in text if ch.isupper()) >= 2):
        flags |= _ACRONYM
    if lower in BE_FORMS:
        flags |= _BE
    if text == "I":
        flags |= _I
    return (lem, text, lower, lemma, lexeme.is_punct, alpha, stop, _past_form(lower, lemma),
            _measure_form(text, lower, lexeme.like_num), _syllables(lower) if alpha else 0, flags,
            word_key(lemma) if alpha and not stop else None)


@dataclass(slots=True)
class _Tok:
    text: str
    lower: str
    lemma: str
    idx: int
    punct: bool
    alpha: bool
    stop: bool
    past: bool
    measure: bool
    sentence: int
    syllables: int


def paragraph_signals(doc, lexicon: CompiledLexicon, *, trained: bool = False,
                      text: str | None = None) -> ParagraphSignals:
    # doc.text rebuilds the string token by token: callers that have it pass it in
    text = doc.text if text is None else text
    # One pass over spaCy's token attributes, read in bulk (per-token access creates a
    # Python object per call). What a word is (text, lemma, kind, flags) is cached by its
    # hash, so per token only where it stands is new; everything counted per token is
    # counted in this pass.
    toks: list[_Tok] = []
    sentence_spans: list[tuple[int, int]] = []
    sentence_of_token: list[int] = []
    token_starts: list[int] = []  # character offsets of every token (spaces included)
    token_ends: list[int] = []
    per_sentence: list[list[tuple[str, str, bool, bool]]] = []
    content_by_sentence: list[dict[str, None]] = []
    content: list[str] = []
    lowers: set[str] = set()
    measure_toks: list[_Tok] = []
    plural_toks: list[_Tok] = []
    be_at: list[int] = []
    i_at: list[int] = []
    acronym_at: list[int] = []
    n_words = syllables = uppers = first_singular = first_plural = 0
    if len(doc):
        rows = doc.to_array([ORTH, LEMMA, IDX, IS_SPACE, SENT_START]).tolist()
        vocab = doc.vocab
        strings = vocab.strings
        sentence = -1
        words_seen = _WORDS
        sentence_words = sentence_content = None
        for orth, lem, idx, space, start in rows:
            known = words_seen.get(orth)
            if known is None or known[0] != lem:
                known = _word(vocab, strings, orth, lem)
                if len(words_seen) < 200_000:  # bounded: a batch keeps meeting new words
                    words_seen[orth] = known
            word = known[1]
            end = idx + len(word)
            token_starts.append(idx)
            token_ends.append(end)
            if start == 1 or sentence < 0:
                sentence += 1
                sentence_spans.append((idx, end))
                sentence_words, sentence_content = [], {}
                per_sentence.append(sentence_words)
                content_by_sentence.append(sentence_content)
            elif not space:
                sentence_spans[sentence] = (sentence_spans[sentence][0], end)
            sentence_of_token.append(sentence)
            if space:
                continue
            lower, lemma, punct, past, measure = known[2], known[3], known[4], known[7], known[8]
            t = _Tok(word, lower, lemma, idx, punct, known[5], known[6], past, measure, sentence, known[9])
            toks.append(t)
            lowers.add(lower)
            if not punct:
                n_words += 1
                syllables += known[9]
                sentence_words.append((lower, lemma, past, measure))
                key = known[11]
                if key is not None:
                    content.append(lemma)
                    sentence_content[key] = None
            flags = known[10]
            if flags:
                if flags & _SINGULAR:
                    first_singular += 1
                if flags & _PLURAL:
                    first_plural += 1
                if flags & _PLURAL_FLAGGED:
                    plural_toks.append(t)
                if flags & _UPPER and not punct:
                    uppers += 1
                if flags & _ACRONYM:
                    acronym_at.append(len(toks) - 1)
                if flags & _BE:
                    be_at.append(len(toks) - 1)
                if flags & _I:
                    i_at.append(len(toks) - 1)
            if measure:
                measure_toks.append(t)

    def sentence_text_of(index: int) -> str:
        a, b = sentence_spans[index] if sentence_spans else (0, len(text))
        return text[a:b]

    plural_spans = [Span(t.idx, t.idx + len(t.text), t.text, sentence_text_of(t.sentence)) for t in plural_toks]
    measure_spans = [Span(t.idx, t.idx + len(t.text), t.text) for t in measure_toks]
    years = [(int(m.group(1)), Span(m.start(), m.end(), m.group(0))) for m in YEAR_PATTERN.finditer(text)]
    all_caps = uppers > 0.6 * max(n_words, 1)
    acronyms = [] if all_caps else _acronyms(toks, acronym_at)
    if trained:
        passive_spans = _parsed_passives(doc, text, sentence_text_of, sentence_of_token)
    else:
        passive_spans = _passives(toks, be_at, text, sentence_text_of)
    acting = _acting_sentences(toks, i_at)
    measured = {t.sentence for t in measure_toks}
    philosophy_spans, claim_spans, long_sentences, claim_sentences = _sentence_statements(text, sentence_spans, acting)
    behaviour_sentences = (acting | measured) - claim_sentences
    evidence = []
    for start, end, key in lexicon.matches(doc):
        # offsets from the token arrays: a spaCy Span would rebuild its text token by token
        a, b = token_starts[start], token_ends[end - 1]
        sentence = sentence_of_token[start]
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
        sentence_features=[cues_of_sentence(text[a:b], tokens) for (a, b), tokens in zip(sentence_spans, per_sentence)],
        content_lemmas=content_lemmas,
        sentence_content=[tuple(keys) for keys in content_by_sentence],
        buzzwords=find_buzzwords(text, lowers),
    )


# ---------------------------------------------------------------------- signal families
# Each works on the tokens the single pass above made and the indexes it noted.


def _acronyms(toks: list[_Tok], at: list[int]) -> list[tuple[str, Span, bool]]:
    """Each acronym, and whether it stands as its own definition: "(OMB)" or "OMB (".."""
    found = []
    for i in at:
        t = toks[i]
        before = toks[i - 1].text if i > 0 else ""
        after = toks[i + 1].text if i + 1 < len(toks) else ""
        is_definition = (before == "(" and after == ")") or after == "("
        found.append((t.text, Span(t.idx, t.idx + len(t.text), t.text), is_definition))
    return found


def _parsed_passives(doc, text: str, sentence_text_of, sentence_of_token) -> list[Span]:
    """Passives from a trained pipeline's dependency parse."""
    found = []
    for t in doc:
        if t.dep_ == "auxpass" and t.head.tag_ == "VBN":
            a = min(t.idx, t.head.idx)
            b = max(t.idx + len(t.text), t.head.idx + len(t.head.text))
            found.append(Span(a, b, text[a:b], sentence_text_of(sentence_of_token[t.i])))
    return found


def _passives(toks: list[_Tok], be_at: list[int], text: str, sentence_text_of) -> list[Span]:
    """A form of "be", perhaps an adverb, then a participle: "was quickly approved"."""
    found = []
    for i in be_at:
        t = toks[i]
        j = i + 1
        while j < len(toks) and j <= i + 3 and (toks[j].lower.endswith("ly") or toks[j].lower in PASSIVE_GAP_WORDS):
            j += 1
        if j >= len(toks):
            continue
        candidate = toks[j]
        if not _participle_form(candidate.lower, candidate.lemma):
            continue
        following = toks[j + 1].lower if j + 1 < len(toks) else ""
        if following == "to" and candidate.lower in ("used", "supposed", "expected"):
            continue
        a, b = t.idx, candidate.idx + len(candidate.text)
        found.append(Span(a, b, text[a:b], sentence_text_of(t.sentence)))
    return found


def _acting_sentences(toks: list[_Tok], i_at: list[int]) -> set[int]:
    """Sentences where "I" is directly followed by a past-tense verb (or an adverb and one)."""
    acting = set()
    for i in i_at:
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        nxt2 = toks[i + 2] if i + 2 < len(toks) else None
        if nxt is not None and nxt.sentence == t.sentence and (
                nxt.past or (nxt.lower.endswith("ly") and nxt2 is not None and nxt2.past)):
            acting.add(t.sentence)
    return acting


def _sentence_statements(text: str, sentence_spans, acting: set[int]):
    """Beliefs and claims sentence by sentence, and the sentences too long to follow. A claim
    in a sentence that also tells what "I" did is not counted as a claim."""
    philosophy_spans, claim_spans, long_sentences = [], [], []
    claim_sentences: set[int] = set()
    for index, (a, b) in enumerate(sentence_spans):
        s_text = text[a:b]
        lowered = s_text.lower()
        match = PHILOSOPHY.search(s_text) if may_match(lowered, PHILOSOPHY_ANCHORS) else None
        if match:
            philosophy_spans.append(Span(a + match.start(), a + match.end(), match.group(0), s_text))
        claimed = CLAIM.search(s_text) if may_match(lowered, CLAIM_ANCHORS) else None
        if claimed and index not in acting:
            claim_sentences.add(index)
            claim_spans.append(Span(a + claimed.start(), a + claimed.end(), claimed.group(0), s_text))
        if len(s_text.split()) > 40:
            long_sentences.append(Span(a, b, s_text, s_text))
    return philosophy_spans, claim_spans, long_sentences, claim_sentences
