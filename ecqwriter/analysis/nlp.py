"""Build the spaCy pipeline, fully offline.

The default is a blank English pipeline made of spaCy's tokenizer plus a lookup lemmatizer
component fed from the lemma table we ship (resources/lexicon). Sentences are found by the
token pass of analysis/signals.py, with spaCy's sentencizer rule, in the pass it makes anyway. When a
trained English pipeline (en_core_web_sm or larger) is installed, it is used instead, and
the checks that profit from part-of-speech tags and dependencies (passive voice, verbs) use
them. Nothing here ever downloads a model.
"""

from __future__ import annotations

import gzip
import json
import threading

from ecqwriter.core.resources import resource_path

TRAINED_PIPELINES = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg")
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


def load_trained_pipeline():
    """A trained pipeline if one is installed, else None (never downloads)."""
    import importlib.util

    import spacy

    for name in TRAINED_PIPELINES:
        if importlib.util.find_spec(name) is None:
            continue
        try:
            nlp = spacy.load(name, exclude=["ner"])
        except Exception:  # a broken install must not stop the analysis
            continue
        nlp.max_length = 20_000_000
        return nlp
    return None


def get_pipeline(prefer_trained: bool = True):
    """The shared pipeline; built once per process (thread-safe)."""
    key = "trained" if prefer_trained else "blank"
    with _lock:
        if key not in _cached:
            nlp = load_trained_pipeline() if prefer_trained else None
            _cached[key] = nlp if nlp is not None else build_blank_pipeline()
        return _cached[key]


def is_trained(nlp) -> bool:
    return nlp.has_pipe("tagger") or nlp.has_pipe("parser")


def lemma_of(token) -> str:
    lemma = token.lemma_
    return (lemma or token.lower_).lower()


def forget_transient_strings(nlp) -> None:
    """Drop caches that may name strings of an ended memory zone."""
    if nlp.has_pipe(LEMMA_COMPONENT):
        forget = getattr(nlp.get_pipe(LEMMA_COMPONENT), "forget", None)
        if forget is not None:
            forget()
