"""Very long paragraphs are analysed in pieces and the pieces' signals joined.

A pasted file can hold one paragraph of megabytes. spaCy's memory grows with a document's
length (and it refuses documents over ``max_length`` outright), so a paragraph longer than
``CHUNK_CHARS`` is cut at sentence ends into pieces of at most that size. Each piece is
analysed alone, and ``merge_signals`` shifts every offset back into the whole paragraph and
adds the counts up, so the result reads like one paragraph's. Only a sentence cut in two (no
sentence end within a piece) can lose a cross-piece cue, and such a paragraph is no narrative.
"""

from __future__ import annotations

from dataclasses import replace

from ecqwriter.analysis.buzzwords import Buzzword
from ecqwriter.analysis.signals import EvidenceHit, ParagraphSignals, Span
from ecqwriter.core.text_pieces import cut_points

CHUNK_CHARS = 20_000


def split_long(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) pairs that cover ``text``, each at most ``limit`` characters."""
    points = cut_points(text, limit)
    return [(a, text[a:b]) for a, b in zip(points, points[1:])]


def _shift(span: Span, offset: int) -> Span:
    return replace(span, start=span.start + offset, end=span.end + offset)


def _summed(counts) -> dict[str, int]:
    total: dict[str, int] = {}
    for count in counts:
        for key, n in count.items():
            total[key] = total.get(key, 0) + n
    return total


def merge_signals(text: str, parts: list[tuple[int, ParagraphSignals]]) -> ParagraphSignals:
    """One paragraph's signals from those of its consecutive pieces."""
    words = sum(s.words for _, s in parts) or 0
    sentence_base, evidence, sentence_spans = 0, [], []
    lists = {name: [] for name in ("plural_spans", "measure_spans", "passive_spans", "philosophy_spans",
                                   "claim_spans", "long_sentences")}
    years, acronyms, shingles = [], [], set()
    for offset, signals in parts:
        sentence_spans += [(a + offset, b + offset) for a, b in signals.sentence_spans]
        for name, collected in lists.items():
            collected += [_shift(span, offset) for span in getattr(signals, name)]
        years += [(year, _shift(span, offset)) for year, span in signals.years]
        acronyms += [(name, _shift(span, offset), definition) for name, span, definition in signals.acronyms]
        evidence += [EvidenceHit(h.term, h.start + offset, h.end + offset, h.text, h.kind, h.sentence + sentence_base)
                     for h in signals.evidence]
        shingles |= signals.shingles
        sentence_base += signals.sentences
    return ParagraphSignals(
        text=text,
        words=words,
        sentences=sentence_base,
        sentence_spans=sentence_spans,
        first_singular=sum(s.first_singular for _, s in parts),
        first_plural=sum(s.first_plural for _, s in parts),
        numbers=sum(s.numbers for _, s in parts),
        years=years,
        acronyms=acronyms,
        evidence=evidence,
        syllables=sum(s.syllables for _, s in parts),
        all_caps=all(s.all_caps for _, s in parts),
        shingles=frozenset(shingles),
        sentence_features=[f for _, signals in parts for f in signals.sentence_features],
        sentence_content=[c for _, signals in parts for c in signals.sentence_content],
        buzzwords=[Buzzword(b.start + offset, b.end + offset, b.text, b.plain)
                   for offset, signals in parts for b in signals.buzzwords],
        content_lemmas=_summed(signals.content_lemmas for _, signals in parts),
        **lists,
    )
