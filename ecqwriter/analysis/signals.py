"""Everything the checks need from one paragraph, computed once and cached.

A paragraph's signals depend only on its text and the framework, never on its position or
its neighbours, so an edit re-analyses one paragraph and the rest comes from the cache.
Offsets here are relative to the paragraph; the narrative layer shifts them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, IS_SPACE, IS_STOP, LEMMA, LIKE_NUM, LOWER, ORTH, SENT_START

from ecqwriter.analysis.lexicon import CompiledLexicon
from ecqwriter.analysis.sentence_cues import sentence_features as cues_of_sentence

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
# "In 2021, ...", "In March 2023, ...", "When I became ..." open most challenge paragraphs
OPENS_WITH_TIME = re.compile(
    r"^\s*(?:(?:In|By|During|Early in|Late in)\s+(?:(?:early|late|mid-?)\s*)?(?:[A-Z][a-z]+\s+)?(?:FY\s?)?(?:19|20)\d\d"
    r"|(?:When|After|Shortly after|Soon after)\s+I\b)"
)
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
RESULT_CUES = {
    "result", "resulted", "outcome", "saved", "savings", "reduced", "increased", "improved",
    "fell", "rose", "dropped", "declined", "grew", "cut", "achieved", "exceeded", "earned",
    "received", "award", "recognized", "adopted", "now", "since", "today", "closed", "eliminated",
    "avoided", "recovered", "raised", "lowered", "doubled", "tripled", "halved", "completed",
    "finished", "delivered", "success", "successful", "successfully", "led to", "as a result",
    "went live", "praised", "commended", "became", "remains", "continue", "continues",
    "signed", "opened", "expanded", "gained", "narrowed", "shortened", "went",
    "cleared", "met", "reached", "beat", "beating", "surpassed", "fewer", "more", "faster",
}
CHALLENGE_CUES = {
    "asked", "tasked", "directed", "charged", "challenge", "problem", "crisis", "backlog",
    "shortfall", "deficit", "risk", "failing", "failed", "behind", "critical", "urgent",
    "needed", "need", "goal", "mandate", "required", "faced", "threatened", "vulnerable",
    "weakness", "lacked", "lack", "unable", "could", "grown", "climbed", "losing", "complaint",
    "complaints", "criticized", "finding", "findings", "deadline", "within", "stalled", "broken",
    "gap", "decline", "declining", "outdated", "rising", "spiked", "surge", "when", "became",
    "appointed", "assumed", "inherited", "arrived", "joined", "took", "selected",
}
CONTEXT_CUES = {
    "involved", "stakeholder", "stakeholders", "included", "include", "employees", "staff",
    "budget", "responsible", "union", "congress", "complex", "previous", "previously", "history",
    "had", "existing", "several", "each", "environment", "wary", "concerned", "resistance",
    "distrust", "political", "competing", "interests", "reported", "spread", "different",
    "were", "was", "across", "members", "leadership", "partners", "agencies", "offices",
    "regions", "many", "some", "others", "multiple", "various", "culture", "skeptical",
    "resisted", "opposed", "fixed", "no", "little", "nobody", "only", "already", "covered",
    "depended", "relied", "served", "ran", "used", "held", "worried",
}
ACTION_LEMMAS = {
    "lead", "negotiate", "convene", "create", "establish", "launch", "direct", "develop",
    "design", "redesign", "implement", "build", "persuade", "brief", "present", "meet",
    "assemble", "form", "set", "decide", "approve", "hire", "mentor", "coach", "reorganize",
    "consolidate", "automate", "introduce", "initiate", "champion", "drive", "facilitate",
    "mediate", "commission", "charter", "broker", "partner", "secure", "win", "propose",
    "recommend", "write", "draft", "engage", "reassign", "restructure", "prioritize",
    "reprioritize", "delegate", "hold", "track", "monitor", "review", "analyze", "diagnose",
    "pilot", "test", "train", "recruit", "redirect", "reallocate", "reprogram", "fund",
    "testify", "advocate", "align", "coordinate", "organize", "personally", "then", "next",
    "first", "also", "worked", "identify", "use", "apply", "resolve", "address", "replace",
    "put", "move", "split", "arrange", "obtain", "ask", "hold", "schedule", "establish",
}
CHANGE_WORDS = {
    "from", "to", "fell", "rose", "reduced", "increased", "cut", "saved", "improved",
    "dropped", "grew", "raised", "lowered", "declined", "by",
}


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
    i_actions: int
    syllables: int
    ccar_features: dict[str, float] = field(default_factory=dict)
    all_caps: bool = False
    height: float = 0.0  # points the paragraph takes in the export layout
    # content-lemma trigrams: two tellings of one story share many of them
    shingles: frozenset = frozenset()
    # per sentence, the sparse features of the sentence model (analysis/sentence_cues.py)
    sentence_features: list[dict[str, float]] = field(default_factory=list)
    # content lemma -> count, the words the ECQ model reads
    content_lemmas: dict[str, int] = field(default_factory=dict)


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


_MULTIWORD: dict[int, tuple[str, ...]] = {}


def _cue_count(lowers: list[str], lemmas: list[str], cues: set[str]) -> int:
    single = sum(1 for w, l in zip(lowers, lemmas) if w in cues or l in cues)
    phrases = _MULTIWORD.get(id(cues))
    if phrases is None:
        phrases = _MULTIWORD[id(cues)] = tuple(f" {c} " for c in cues if " " in c)
    if not phrases:
        return single
    text = " " + " ".join(lowers) + " "
    return single + sum(text.count(p) for p in phrases)


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


def paragraph_signals(doc, lexicon: CompiledLexicon, *, trained: bool = False,
                      text: str | None = None) -> ParagraphSignals:
    # doc.text rebuilds the string token by token: callers that have it pass it in
    text = doc.text if text is None else text
    # one bulk read of spaCy's token attributes (per-token access creates a Python object
    # per call); everything below works on these plain records
    toks: list[_Tok] = []
    sentence_spans: list[tuple[int, int]] = []
    sentence_of_token: list[int] = []
    token_starts: list[int] = []  # character offsets of every token (spaces included)
    token_ends: list[int] = []
    if len(doc):
        rows = doc.to_array(
            [ORTH, LOWER, LEMMA, IDX, IS_PUNCT, IS_SPACE, IS_ALPHA, IS_STOP, LIKE_NUM, SENT_START]
        ).tolist()
        strings = doc.vocab.strings
        sentence = -1
        for i, (orth, low, lem, idx, punct, space, alpha, stop, like_num, start) in enumerate(rows):
            word = _string(strings, orth)
            token_starts.append(idx)
            token_ends.append(idx + len(word))
            if start == 1 or sentence < 0:
                sentence += 1
                sentence_spans.append((idx, idx + len(word)))
            elif not space:
                sentence_spans[sentence] = (sentence_spans[sentence][0], idx + len(word))
            sentence_of_token.append(sentence)
            if space:
                continue
            lower = _string(strings, low)
            lemma = _string(strings, lem).lower() if lem else lower
            toks.append(_Tok(
                text=word, lower=lower, lemma=lemma, idx=idx, punct=bool(punct), alpha=bool(alpha),
                stop=bool(stop), past=_past_form(lower, lemma),
                measure=_measure_form(word, lower, bool(like_num)), sentence=sentence,
            ))
    sentences = sentence_spans
    words = [t for t in toks if not t.punct]
    lowers = [t.lower for t in words]
    lemmas = [t.lemma for t in words]

    def sentence_text_of(index: int) -> str:
        a, b = sentence_spans[index] if sentence_spans else (0, len(text))
        return text[a:b]

    plural_spans = [
        Span(t.idx, t.idx + len(t.text), t.text, sentence_text_of(t.sentence))
        for t in toks if t.lower in FIRST_PLURAL_FLAGGED and t.text not in ("US", "U.S.")
    ]
    first_plural = sum(1 for t in toks if t.lower in FIRST_PLURAL_ALL and t.text != "US")
    first_singular = sum(1 for t in toks if t.lower in FIRST_SINGULAR and (t.lower != "i" or t.text == "I"))
    measure_spans = [Span(t.idx, t.idx + len(t.text), t.text) for t in toks if t.measure]
    years = [(int(m.group(1)), Span(m.start(), m.end(), m.group(0))) for m in YEAR_PATTERN.finditer(text)]

    all_caps = sum(1 for w in words if w.text.isupper()) > 0.6 * max(len(words), 1)
    acronyms = []
    if not all_caps:
        for i, t in enumerate(toks):
            if t.text in ACRONYMS_EVERYONE_KNOWS or not ACRONYM_PATTERN.match(t.text):
                continue
            if sum(1 for ch in t.text if ch.isupper()) < 2:
                continue
            before = toks[i - 1].text if i > 0 else ""
            after = toks[i + 1].text if i + 1 < len(toks) else ""
            is_definition = (before == "(" and after == ")") or after == "("
            acronyms.append((t.text, Span(t.idx, t.idx + len(t.text), t.text), is_definition))

    passive_spans = []
    if trained:
        for t in doc:
            if t.dep_ == "auxpass" and t.head.tag_ == "VBN":
                a = min(t.idx, t.head.idx)
                b = max(t.idx + len(t.text), t.head.idx + len(t.head.text))
                passive_spans.append(Span(a, b, text[a:b], sentence_text_of(sentence_of_token[t.i])))
    else:
        for i, t in enumerate(toks):
            if t.lower not in BE_FORMS:
                continue
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
            passive_spans.append(Span(a, b, text[a:b], sentence_text_of(t.sentence)))

    # "I" directly followed by a past-tense verb (or an adverb and one): "I negotiated"
    acting_sentences: set[int] = set()
    i_actions = 0
    for i, t in enumerate(toks):
        if t.text != "I":
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        nxt2 = toks[i + 2] if i + 2 < len(toks) else None
        direct = nxt is not None and nxt.sentence == t.sentence and (
            nxt.past or (nxt.lower.endswith("ly") and nxt2 is not None and nxt2.past)
        )
        if direct:
            acting_sentences.add(t.sentence)
        window = toks[i + 1 : i + 4]
        if direct or any(n.lemma in ACTION_LEMMAS for n in window[:2]) or any(n.past for n in window):
            i_actions += 1
    measured_sentences = {t.sentence for t in toks if t.measure}

    philosophy_spans, claim_spans, long_sentences = [], [], []
    claim_sentences: set[int] = set()
    behaviour_sentences: set[int] = set()
    for index, (a, b) in enumerate(sentence_spans):
        s_text = text[a:b]
        match = PHILOSOPHY.search(s_text)
        if match:
            philosophy_spans.append(Span(a + match.start(), a + match.end(), match.group(0), s_text))
        claimed = CLAIM.search(s_text)
        if claimed and index not in acting_sentences:
            claim_sentences.add(index)
            claim_spans.append(Span(a + claimed.start(), a + claimed.end(), claimed.group(0), s_text))
        elif index in acting_sentences or index in measured_sentences:
            behaviour_sentences.add(index)
        if len(s_text.split()) > 40:
            long_sentences.append(Span(a, b, s_text, s_text))

    evidence = []
    for start, end, key in lexicon.matches(doc):
        # offsets from the token arrays: a spaCy Span would rebuild its text token by token
        a, b = token_starts[start], token_ends[end - 1]
        sentence = sentence_of_token[start]
        kind = "claim" if sentence in claim_sentences else "behaviour" if sentence in behaviour_sentences else "mention"
        evidence.append(EvidenceHit(key, a, b, text[a:b], kind, sentence))

    n_words = max(len(words), 1)
    measures = len(measure_spans)
    change = sum(1 for w in lowers if w in CHANGE_WORDS)
    features = {
        "challenge": _cue_count(lowers, lemmas, CHALLENGE_CUES) / n_words,
        "context": _cue_count(lowers, lemmas, CONTEXT_CUES) / n_words,
        "action": (i_actions * 2.5 + _cue_count(lowers, lemmas, ACTION_LEMMAS) * 0.3) / n_words,
        "result": (_cue_count(lowers, lemmas, RESULT_CUES) + 0.6 * measures + 0.3 * change) / n_words,
        "i_density": first_singular / n_words,
        "i_actions": float(i_actions),
        "past_verbs": float(sum(1 for t in words if t.past)),
        "opens_with_time": 1.0 if OPENS_WITH_TIME.match(text) else 0.0,
        "measure_density": measures / n_words,
        # share of sentences that state beliefs or habits: such a paragraph is no action
        "philosophy": len({span.start for span in philosophy_spans}) / max(len(sentences), 1),
    }
    content = [t.lemma for t in words if t.alpha and not t.stop]
    content_lemmas: dict[str, int] = {}
    for lemma in content:
        content_lemmas[lemma] = content_lemmas.get(lemma, 0) + 1
    per_sentence: list[list[tuple[str, str, bool, bool]]] = [[] for _ in sentence_spans]
    for t in words:
        per_sentence[t.sentence].append((t.lower, t.lemma, t.past, t.measure))
    sentence_features = [
        cues_of_sentence(text[a:b], tokens) for (a, b), tokens in zip(sentence_spans, per_sentence)
    ]
    return ParagraphSignals(
        text=text,
        words=len(words),
        sentences=len(sentences),
        sentence_spans=sentence_spans,
        first_singular=first_singular,
        first_plural=first_plural,
        plural_spans=plural_spans,
        numbers=measures,
        measure_spans=measure_spans,
        years=years,
        acronyms=acronyms,
        passive_spans=passive_spans,
        philosophy_spans=philosophy_spans,
        claim_spans=claim_spans,
        long_sentences=long_sentences,
        evidence=evidence,
        i_actions=i_actions,
        syllables=sum(_syllables(w.lower) for w in words if w.alpha),
        ccar_features=features,
        all_caps=all_caps,
        shingles=frozenset(zip(content, content[1:], content[2:])),
        sentence_features=sentence_features,
        content_lemmas=content_lemmas,
    )
