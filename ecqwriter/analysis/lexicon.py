"""A framework's evidence lexicons compiled into one spaCy PhraseMatcher over lemmas.

Each term is weighted by how specific it is: a term listed under competencies of several
ECQs (such as "decision" or "budget") tells less about which ECQ a story shows than one
listed under a single ECQ, and multi-word phrases say more than single words.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ecqwriter.analysis.nlp import lemma_of
from ecqwriter.core.frameworks import Framework


@dataclass(frozen=True)
class TermInfo:
    competencies: tuple[tuple[str, str], ...]  # (ecq id, competency id)
    weight: float


GENERIC_FACTOR = 0.35


def _is_acronym(term: str) -> bool:
    letters = [ch for ch in term if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters) and " " not in term


class CompiledLexicon:
    def __init__(self, nlp, framework: Framework):
        from spacy.matcher import PhraseMatcher

        self.framework = framework
        self.matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        # acronyms match as written: their lower-case lemma can collide ("AI" -> "have")
        self.acronym_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        generic = {" ".join(lemma_of(t) for t in nlp(term)) for term in framework.generic_terms}
        owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
        words: dict[str, int] = {}
        for competency in framework.all_competencies():
            for term in competency.evidence:
                doc = nlp(term)
                key = " ".join(lemma_of(t) for t in doc)
                owners[key].add((competency.ecq_id, competency.id))
                words[key] = len(doc)
        self.terms: dict[str, TermInfo] = {}
        for key, owned in owners.items():
            ecqs = {ecq for ecq, _ in owned if ecq != "fundamental"} or {"fundamental"}
            specificity = 1.0 / len(ecqs)
            length_bonus = 1.0 + 0.5 * min(words[key] - 1, 2)
            common = GENERIC_FACTOR if key in generic else 1.0
            self.terms[key] = TermInfo(tuple(sorted(owned)), specificity * length_bonus * common)
        for competency in framework.all_competencies():
            for term in competency.evidence:
                # the pattern is lemmatised by the same pipeline as the text it matches
                doc = nlp(term)
                key = " ".join(lemma_of(t) for t in doc)
                if _is_acronym(term):
                    self.acronym_matcher.add(key, [doc])
                else:
                    self.matcher.add(key, [doc])

    def matches(self, doc) -> list[tuple[int, int, str]]:
        """(start token, end token, term key), longest match wins where they overlap."""
        found = []
        for matcher in (self.matcher, self.acronym_matcher):
            for match_id, start, end in matcher(doc):
                found.append((start, end, doc.vocab.strings[match_id]))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        kept, last_end = [], -1
        for start, end, key in found:
            if start >= last_end:
                kept.append((start, end, key))
                last_end = end
        return kept
