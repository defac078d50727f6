"""Everything the checks need from one paragraph, computed once and cached.

A paragraph's signals depend only on its text and the framework, never on its position or
its neighbours, so an edit re-analyses one paragraph and the rest comes from the cache.
Offsets here are relative to the paragraph; the narrative layer shifts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ecqwriter.analysis.lexicon import CompiledLexicon
from ecqwriter.analysis.nlp import lemma_of

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
        r"\bI\s+(?:am|consider\s+myself)\s+(?:a|an)\s+(?:\w+\s+){0,2}(?:leader|believer|manager|communicator)\b",
        r"\bmy\s+(?:leadership\s+)?(?:philosophy|style|approach)\s+(?:is|has\s+always\s+been)\b",
        r"\b(?:a|an)\s+(?:good|great|effective|successful)\s+(?:leader|executive|manager)\s+(?:is|must|should|needs)\b",
        r"\bit\s+is\s+my\s+belief\b",
    )
]
CLAIM_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bI\s+(?:am|'m)\s+(?:\w+\s+){0,2}(?:skilled|adept|proficient|expert|gifted|talented|known|experienced|passionate|effective|strong|committed|dedicated)\b",
        r"\bI\s+(?:have|possess|'ve)\s+(?:\w+\s+){0,3}(?:skills?|abilit(?:y|ies)|talent|track\s+record|experience\s+in|expertise|strengths?)\b",
        r"\bmy\s+(?:\w+\s+){0,3}(?:skills|abilities|ability|talents?|strengths?|expertise)\s+(?:in|at|to|include|are|is|allow|enable)\b",
        r"\bI\s+(?:excel|thrive)\b",
        r"\b(?:strong|excellent|exceptional|proven|outstanding)\s+(?:\w+\s+){0,2}(?:skills|abilities|track\s+record)\b",
    )
]
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


def _is_past_verb(token) -> bool:
    lower = token.lower_
    if lower in IRREGULAR_PAST:
        return True
    return lower.endswith("ed") and len(lower) > 4 and lemma_of(token) != lower


def _acts_next(doc, i: int, end: int) -> bool:
    """True when the "I" at token i is directly followed by a past-tense verb (or an
    adverb and then one): "I negotiated", "I personally negotiated"."""
    following = doc[i + 1 : min(i + 3, end)]
    if len(following) >= 1 and _is_past_verb(following[0]):
        return True
    return (len(following) == 2 and following[0].lower_.endswith("ly") and _is_past_verb(following[1]))


def _is_participle(token) -> bool:
    lower = token.lower_
    if lower in ADJECTIVAL_PARTICIPLES:
        return False
    if lower in IRREGULAR_PARTICIPLES:
        return True
    return lower.endswith("ed") and len(lower) > 4 and lemma_of(token) != lower


def _is_measure(token) -> bool:
    text = token.text
    if YEAR_ONLY.match(text) or token.lower_ == "one":
        return False  # a year dates the story; "one" is rarely a measure ("one-on-one")
    if token.like_num or any(ch.isdigit() for ch in text):
        return True
    return text in ("$", "%", "€") or token.lower_ in NUMBER_WORDS


def _syllables(word: str) -> int:
    word = word.lower()
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and count > 1 and not word.endswith(("le", "ee")):
        count -= 1
    return max(count, 1)


def _cue_count(lowers: list[str], lemmas: list[str], cues: set[str]) -> int:
    text = " " + " ".join(lowers) + " "
    single = sum(1 for w, l in zip(lowers, lemmas) if w in cues or l in cues)
    multi = sum(text.count(f" {c} ") for c in cues if " " in c)
    return single + multi


def paragraph_signals(doc, lexicon: CompiledLexicon, *, trained: bool = False) -> ParagraphSignals:
    text = doc.text
    tokens = [t for t in doc if not t.is_space]
    words = [t for t in tokens if not t.is_punct]
    lowers = [t.lower_ for t in words]
    lemmas = [lemma_of(t) for t in words]
    sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    sentence_spans = [(s.start_char, s.end_char) for s in sentences]

    def sentence_index(char: int) -> int:
        for i, (a, b) in enumerate(sentence_spans):
            if a <= char < b:
                return i
        return max(len(sentence_spans) - 1, 0)

    def sentence_text(char: int) -> str:
        a, b = sentence_spans[sentence_index(char)] if sentence_spans else (0, len(text))
        return text[a:b]

    plural_spans = [
        Span(t.idx, t.idx + len(t.text), t.text, sentence_text(t.idx))
        for t in tokens
        if t.lower_ in FIRST_PLURAL_FLAGGED and not (t.text == "US" or t.text == "U.S.")
    ]
    first_plural = sum(1 for t in tokens if t.lower_ in FIRST_PLURAL_ALL and t.text != "US")
    first_singular = sum(
        1 for t in tokens if t.lower_ in FIRST_SINGULAR and (t.lower_ != "i" or t.text == "I")
    )
    measure_spans = [Span(t.idx, t.idx + len(t.text), t.text) for t in tokens if _is_measure(t)]

    years = []
    for match in YEAR_PATTERN.finditer(text):
        years.append((int(match.group(1)), Span(match.start(), match.end(), match.group(0))))

    all_caps = sum(1 for w in words if w.text.isupper()) > 0.6 * max(len(words), 1)
    acronyms = []
    if not all_caps:
        for i, t in enumerate(tokens):
            if not ACRONYM_PATTERN.match(t.text) or t.text in ACRONYMS_EVERYONE_KNOWS:
                continue
            if sum(1 for ch in t.text if ch.isupper()) < 2:
                continue
            before = tokens[i - 1].text if i > 0 else ""
            after = tokens[i + 1].text if i + 1 < len(tokens) else ""
            is_definition = (before == "(" and after == ")") or after == "("
            acronyms.append((t.text, Span(t.idx, t.idx + len(t.text), t.text), is_definition))

    passive_spans = []
    if trained:
        for t in doc:
            if t.dep_ in ("auxpass",) and t.head.tag_ == "VBN":
                start = min(t.idx, t.head.idx)
                end = max(t.idx + len(t.text), t.head.idx + len(t.head.text))
                passive_spans.append(Span(start, end, text[start:end], sentence_text(start)))
    else:
        for i, t in enumerate(tokens):
            if t.lower_ not in BE_FORMS:
                continue
            j = i + 1
            while j < len(tokens) and j <= i + 3 and (
                tokens[j].lower_.endswith("ly") or tokens[j].lower_ in PASSIVE_GAP_WORDS
            ):
                j += 1
            if j >= len(tokens):
                continue
            candidate = tokens[j]
            if not _is_participle(candidate):
                continue
            following = tokens[j + 1].lower_ if j + 1 < len(tokens) else ""
            if following in ("to",) and candidate.lower_ in ("used", "supposed", "expected"):
                continue
            start, end = t.idx, candidate.idx + len(candidate.text)
            passive_spans.append(Span(start, end, text[start:end], sentence_text(start)))

    philosophy_spans, claim_spans, long_sentences = [], [], []
    claim_sentences: set[int] = set()
    behaviour_sentences: set[int] = set()
    for index, sentence in enumerate(sentences):
        s_text = sentence.text
        s_words = [t for t in sentence if not (t.is_punct or t.is_space)]
        for pattern in PHILOSOPHY_PATTERNS:
            match = pattern.search(s_text)
            if match:
                a = sentence.start_char + match.start()
                philosophy_spans.append(Span(a, a + len(match.group(0)), match.group(0), s_text))
                break
        has_i_action = any(t.text == "I" and _acts_next(sentence.doc, t.i, sentence.end) for t in sentence)
        has_measure = any(_is_measure(t) for t in sentence)
        claimed = None
        for pattern in CLAIM_PATTERNS:
            match = pattern.search(s_text)
            if match:
                claimed = match
                break
        if claimed and not has_i_action:
            claim_sentences.add(index)
            a = sentence.start_char + claimed.start()
            claim_spans.append(Span(a, a + len(claimed.group(0)), claimed.group(0), s_text))
        elif has_i_action or has_measure:
            behaviour_sentences.add(index)
        if len(s_text.split()) > 40:
            long_sentences.append(Span(sentence.start_char, sentence.end_char, s_text, s_text))

    evidence = []
    for start, end, key in lexicon.matches(doc):
        span = doc[start:end]
        sentence = sentence_index(span.start_char)
        if sentence in claim_sentences:
            kind = "claim"
        elif sentence in behaviour_sentences:
            kind = "behaviour"
        else:
            kind = "mention"
        evidence.append(EvidenceHit(key, span.start_char, span.end_char, span.text, kind, sentence))

    i_actions = 0
    for i, t in enumerate(tokens):
        if t.text == "I":
            window = tokens[i + 1 : i + 4]
            if any(_is_past_verb(n) or lemma_of(n) in ACTION_LEMMAS for n in window[:2]) or any(
                _is_past_verb(n) for n in window
            ):
                i_actions += 1

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
        "past_verbs": float(sum(1 for t in words if _is_past_verb(t))),
        "opens_with_time": 1.0 if OPENS_WITH_TIME.match(text) else 0.0,
        "measure_density": measures / n_words,
    }
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
        syllables=sum(_syllables(w.text) for w in words if w.is_alpha),
        ccar_features=features,
        all_caps=all_caps,
        shingles=_shingles(words),
    )


def _shingles(words) -> frozenset:
    content = [lemma_of(t) for t in words if t.is_alpha and not t.is_stop]
    return frozenset(zip(content, content[1:], content[2:]))
