"""Build the spaCy pipeline, fully offline.

The default is a blank English pipeline made of spaCy's tokenizer plus a lookup lemmatizer
component fed from the lemma table we ship (resources/lexicon). Sentences are found by the
token pass of analysis/signals.py, with spaCy's sentencizer rule, in the pass it makes anyway. It is
the pipeline the shipped models were trained with, and the only one used: a trained English
pipeline installed on the machine is ignored. Nothing here ever downloads a model.
"""

from __future__ import annotations

import gzip
import json
import threading

from ecqwriter.core.resources import resource_path

LEMMA_COMPONENT = "ecq_lookup_lemmas"

_lock = threading.Lock()
_cached = {}


def _lemma_table() -> dict[str, str]:
    with gzip.open(resource_path("lexicon", "en_lemma_lookup.json.gz"), "rt", encoding="utf-8") as f:
        return json.load(f)


def _register_lemma_component(table: dict[str, str]) -> None:
    from spacy.language import Language

    if LEMMA_COMPONENT in Language.factories:
        return

    @Language.factory(LEMMA_COMPONENT)
    def make_component(nlp, name):
        import numpy
        from spacy.attrs import LEMMA, LOWER

        lemmas = _lemma_table()
        # lower-case form's hash -> its lemma's hash, filled as words are first seen
        by_hash: dict[int, int] = {}
        strings = nlp.vocab.strings

        def lookup_lemmas(doc):
            # case-folded lookup: "Led" at a sentence start must still become "lead";
            # read and written as arrays because per-token attribute access is slow
            if not len(doc):
                return doc
            lowers = doc.to_array([LOWER]).tolist()
            out = []
            for h in lowers:
                lemma_hash = by_hash.get(h)
                if lemma_hash is None:
                    lower = strings[h]
                    lemma_hash = by_hash[h] = strings.add(lemmas.get(lower, lower))
                out.append(lemma_hash)
            doc.from_array([LEMMA], numpy.asarray(out, dtype="uint64"))
            return doc

        # strings added inside a spaCy memory zone leave the store when it ends: the map
        # must then forget them too (Analyzer.batch_item)
        lookup_lemmas.forget = by_hash.clear
        return lookup_lemmas


def build_blank_pipeline():
    import spacy

    _register_lemma_component({})
    nlp = spacy.blank("en")
    nlp.add_pipe(LEMMA_COMPONENT)
    nlp.max_length = 20_000_000
    return nlp


def get_pipeline():
    """The shared pipeline, built once per process (thread-safe). It is always the pipeline
    the shipped models were trained with: an installed trained spaCy pipeline would tokenise
    and split sentences differently and feed the models features they never saw, so it is
    never loaded."""
    with _lock:
        if "blank" not in _cached:
            _cached["blank"] = build_blank_pipeline()
        return _cached["blank"]


def lemma_of(token) -> str:
    lemma = token.lemma_
    return (lemma or token.lower_).lower()


def forget_transient_strings(nlp) -> None:
    """Drop caches that may name strings of an ended memory zone."""
    if nlp.has_pipe(LEMMA_COMPONENT):
        forget = getattr(nlp.get_pipe(LEMMA_COMPONENT), "forget", None)
        if forget is not None:
            forget()
