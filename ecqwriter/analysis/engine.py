"""The analysis engine: one narrative, one ECQ or a whole package.

Paragraph signals are cached by (framework, text), so re-analysing after an edit costs
one paragraph plus cheap aggregation. The engine has no Qt and no I/O: callers give text
and get plain results (the GUI runs it in a worker thread).
"""

from __future__ import annotations

import bisect
import contextlib

import datetime as dt

import threading
from collections import OrderedDict

from ecqwriter.analysis import ccar, ccar_sequence, detectors, ecq_model
from ecqwriter.analysis.coverage import EvidenceRef, measure_coverage
from ecqwriter.analysis.examples import find_example_starts
from ecqwriter.analysis.lexicon import CompiledLexicon
from ecqwriter.analysis.linear_model import LinearModel, load_model
from ecqwriter.analysis.nlp import forget_transient_strings, get_pipeline
from ecqwriter.analysis.long_paragraphs import CHUNK_CHARS, merge_signals, split_long
from ecqwriter.analysis.results import ExampleResult, NarrativeAnalysis, ParagraphResult, merge_overlapping
from ecqwriter.analysis.signals import ParagraphSignals, batch_signals, batchable, paragraph_signals
from ecqwriter.core.frameworks import Framework, load_framework
from ecqwriter.core.gc_pause import collection_paused
from ecqwriter.core.paragraphs import paragraph_spans as split_paragraph_spans
from ecqwriter.core.layout import DEFAULT_LAYOUT, PageLayout

# paragraphs read as one spaCy doc hold at most this many characters (bounded memory)
BATCH_CHARS = 500_000


def _batches(texts: list[str], limit: int):
    batch, size = [], 0
    for text in texts:
        if batch and size + len(text) > limit:
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text) + 2
    if batch:
        yield batch


# paragraphs (and a quarter as many stories) kept between the packages of a batch
BATCH_CACHE = 256


class Analyzer:
    """Owns the pipeline, the compiled lexicons and the paragraph cache (thread-safe)."""

    # paragraphs kept analysed: a package has a few hundred; bounded, so a batch stays flat
    def __init__(self, *, cache_size: int = 4096,
                 layout: PageLayout = DEFAULT_LAYOUT, models: dict[str, LinearModel] | None = None):
        # models given here replace the shipped ones (the evaluation scores models it trains)
        self._models = dict(models or {})
        self._nlp = None
        self._lexicons: dict[str, CompiledLexicon] = {}
        self._cache: OrderedDict = OrderedDict()
        self._stories: OrderedDict = OrderedDict()  # story -> labels, ECQ estimate (_story_memo)
        self._cache_size = cache_size
        self._lock = threading.RLock()
        self._batch_ready = False
        self.layout = layout

    # ------------------------------------------------------------------ plumbing

    @property
    def nlp(self):
        with self._lock:
            if self._nlp is None:
                self._nlp = get_pipeline()
            return self._nlp

    @property
    def pipeline_name(self) -> str:
        return "blank-en+lookup-lemmas"

    def lexicon(self, framework: Framework) -> CompiledLexicon:
        with self._lock:
            if framework.id not in self._lexicons:
                self._lexicons[framework.id] = CompiledLexicon(self.nlp, framework)
            return self._lexicons[framework.id]

    def warm_up(self, framework_ids=("opm-2006", "opm-2025")) -> None:
        for framework_id in framework_ids:
            framework = load_framework(framework_id)
            self.paragraph(framework, "I led the team and cut costs by 10 percent in 2024.")

    def model(self, name: str) -> LinearModel | None:
        if name in self._models:
            return self._models[name]
        return load_model(name)

    def paragraph(self, framework: Framework, text: str) -> ParagraphSignals:
        return self.paragraphs(framework, [text])[0]

    def paragraphs(self, framework: Framework, texts: list[str]) -> list[ParagraphSignals]:
        """Signals of each text; those not cached go through spaCy together (nlp.pipe
        batches them, which matters for texts of thousands of paragraphs)."""
        found: list[ParagraphSignals | None] = [None] * len(texts)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for index, text in enumerate(texts):
                cached = self._cache.get((framework.id, text))
                if cached is not None:
                    self._cache.move_to_end((framework.id, text))
                    found[index] = cached
                else:
                    missing.setdefault(text, []).append(index)
        if missing:
            lexicon = self.lexicon(framework)
            short = [text for text in missing if len(text) <= CHUNK_CHARS]
            # the blank pipeline reads a batch of paragraphs as one doc (signals.batch_signals)
            made: dict[str, ParagraphSignals] = {}
            for batch in _batches([text for text in short if batchable(text)], BATCH_CHARS):
                made.update(zip(batch, batch_signals(self.nlp, lexicon, batch)))
            alone = [text for text in short if text not in made]
            made.update(zip(alone, (paragraph_signals(doc, lexicon, text=text)
                                    for text, doc in zip(alone, self.nlp.pipe(alone, batch_size=256)))))
            for text in missing:
                if text not in made:  # bounded memory, and never spaCy's E088 on a huge paste
                    pieces = split_long(text)
                    made[text] = merge_signals(text, [
                        (offset, paragraph_signals(doc, lexicon, text=piece))
                        for (offset, piece), doc in zip(pieces, self.nlp.pipe(piece for _, piece in pieces))
                    ])
            ccar_sequence.score_paragraphs(made.values(), self.model(ccar_sequence.MODEL_NAME))
            with self._lock:
                for text, indexes in missing.items():
                    signals = made[text]
                    signals.height = self.layout.paragraph_height(text)
                    for index in indexes:
                        found[index] = signals
                    self._cache[(framework.id, text)] = signals
                    if len(self._cache) > self._cache_size:
                        self._cache.popitem(last=False)
        return found

    def read_ahead(self, framework: Framework, texts: list[str]) -> None:
        """Read the paragraphs of several narrative texts in one batch, so that analysing each
        text afterwards finds them ready (a package's narratives are read together)."""
        self.paragraphs(framework, [text[a:b] for text in texts for a, b in split_paragraph_spans(text)])

    @contextlib.contextmanager
    def batch_item(self):
        """One package of a batch: afterwards, the words spaCy learned from it are dropped
        (a memory zone), and the caches are cut to BATCH_CACHE paragraphs, so batch memory
        stays flat: packages of one cohort share little text beyond a sample's, and a full
        cache of thousands of paragraphs costs hundreds of megabytes. Single-threaded use
        only (the command line's check and report)."""
        nlp = self.nlp
        with self._lock:
            if not self._batch_ready:
                # what must outlive every zone is made before the first: the lexicons' strings
                from ecqwriter.core.frameworks import load_all_frameworks

                self.warm_up(tuple(f.id for f in load_all_frameworks()))
                self._batch_ready = True
        zone = nlp.memory_zone() if hasattr(nlp, "memory_zone") else contextlib.nullcontext()
        try:
            with self._lock, zone:
                yield self
        finally:
            forget_transient_strings(nlp)
            with self._lock:
                for cache, keep in ((self._cache, BATCH_CACHE), (self._stories, BATCH_CACHE // 4)):
                    while len(cache) > keep:
                        cache.popitem(last=False)

    def cache_clear(self) -> None:
        with self._lock:
            self._cache.clear()
            self._stories.clear()

    # ------------------------------------------------------------------ narratives

    def analyze_text(
        self,
        text: str,
        framework: Framework | str = "opm-2006",
        target_ecq: str | None = None,
        *,
        as_of: dt.date | None = None,
        dismissed: set[str] | frozenset[str] = frozenset(),
        example_starts: list[int] | None = None,
        infer_examples: bool = True,
    ) -> NarrativeAnalysis:
        """Analyse narrative text. ``example_starts``: the paragraph index where each example
        (a package's story) begins, when the caller knows them. ``infer_examples``: also find
        the examples told inside them (a pasted statement of two examples); off only where the
        true boundaries are given (the evaluation's second line)."""
        with collection_paused():
            return self._analyze_text(text, framework, target_ecq, as_of=as_of, dismissed=dismissed,
                                      example_starts=example_starts, infer_examples=infer_examples)

    def _analyze_text(self, text, framework, target_ecq, *, as_of, dismissed, example_starts,
                      infer_examples) -> NarrativeAnalysis:
        if isinstance(framework, str):
            framework = load_framework(framework)
        if target_ecq is not None:
            framework.ecq(target_ecq)  # raises KeyError for an ECQ the framework lacks
        as_of = as_of or dt.date.today()
        spans = split_paragraph_spans(text)
        signals = self.paragraphs(framework, [text[a:b] for a, b in spans])
        paragraphs = [
            ParagraphResult(i, a, b, signals[i])
            for i, (a, b) in enumerate(spans)
        ]
        for p in paragraphs:
            p.height = p.signals.height
        groups, story_of = self._group_examples(paragraphs, example_starts, infer_examples)
        ccar_model = self.model(ccar_sequence.MODEL_NAME)
        story_keys = [(framework.id, tuple(p.signals.text for p in group)) for group in groups]
        for example_index, (group, key) in enumerate(zip(groups, story_keys)):
            # a story whose paragraphs are all unchanged keeps its labels (an edit touches one)
            labelled = self._story_memo(("labels", *key), lambda group=group: ccar_sequence.label_story(
                [p.signals.sentence_features for p in group], ccar_model, [p.signals.memo for p in group]))
            for p, sentences in zip(group, labelled):
                p.example = example_index
                self._label_paragraph(p, sentences)
        hits = [
            EvidenceRef(p.start + h.start, p.start + h.end, h.text, h.kind, h.term)
            for p in paragraphs
            for h in p.signals.evidence
        ]
        words = sum(p.signals.words for p in paragraphs)
        lexicon = self.lexicon(framework)
        coverage = measure_coverage(framework, lexicon, hits, words)
        ecq_ids = [e.id for e in framework.ecqs]
        ecq_classifier = self.model(ecq_model.model_name(framework.id))
        group_words = [sum(p.signals.words for p in group) for group in groups]
        stories = self._story_ecqs(framework, lexicon, ecq_ids, ecq_classifier, groups, story_keys, group_words)
        if paragraphs:
            counts = ecq_model.add_counts([counts for _, _, counts in stories]) if len(groups) > 1 else stories[0][2]
            features = ecq_model.features_from_counts(counts, coverage.ecq_scores)
            narrative_probabilities = ecq_model.ecq_probabilities(framework.id, ecq_ids, features, coverage.ecq_scores,
                                                                  ecq_classifier)
        else:
            narrative_probabilities = {}
        examples = []
        for example_index, (group, (scores, probabilities, _)) in enumerate(zip(groups, stories)):
            if len(groups) == 1:
                scores, probabilities = coverage.ecq_scores, narrative_probabilities
            examples.append(
                ExampleResult(
                    index=example_index,
                    story=story_of[example_index],
                    paragraphs=[p.index for p in group],
                    words=group_words[example_index],
                    structure=ccar.example_structure(group, opens_statement=example_index == 0 and len(groups) > 1),
                    ecq_scores=scores,
                    best_ecq=max(probabilities, key=probabilities.get),
                    ecq_probabilities=probabilities,
                )
            )
        height = sum(p.height for p in paragraphs)
        stats = {
            "words": words,
            "sentences": sum(p.signals.sentences for p in paragraphs),
            "paragraphs": len(paragraphs),
            "est_pages": self.layout.pages_for_height(height),
            "first_person_singular": sum(p.signals.first_singular for p in paragraphs),
            "first_person_plural": sum(p.signals.first_plural for p in paragraphs),
            "numbers": sum(p.signals.numbers for p in paragraphs),
        }
        findings = list(
            self._narrative_findings(framework, target_ecq, as_of, text, paragraphs, groups, examples, coverage, stats,
                                     narrative_probabilities)
        )
        findings = merge_overlapping(findings)
        kept = [f for f in findings if not (f.fingerprint in dismissed and f.severity != "error")]
        kept.sort(key=lambda f: (f.start if f.start is not None else -1, f.rule))
        return NarrativeAnalysis(
            framework=framework,
            target_ecq=target_ecq,
            text=text,
            paragraphs=paragraphs,
            examples=examples,
            coverage=coverage,
            findings=kept,
            dismissed=len(findings) - len(kept),
            stats=stats,
            pipeline=self.pipeline_name,
            ecq_probabilities=narrative_probabilities,
        )

    def _story_ecqs(self, framework, lexicon, ecq_ids, classifier, groups, story_keys, group_words):
        """(ECQ scores, ECQ probabilities, word counts) of each story. A story whose paragraphs
        are unchanged keeps them; the others go through the ECQ model together. A narrative of
        one story needs only its counts: its scores are the narrative's."""
        found = [self._story_memo_get(("ecq", *key)) for key in story_keys]
        missing = [i for i, known in enumerate(found) if known is None]
        if not missing:
            return found
        counts = {i: ecq_model.word_counts((part, keys) for p in groups[i]
                                           for (_, _, part), keys in zip(p.parts, p.signals.sentence_content))
                  for i in missing}
        if len(groups) == 1:
            return [({}, {}, counts[0])]
        scores = {i: measure_coverage(framework, lexicon, (h for p in groups[i] for h in p.signals.evidence),
                                      group_words[i], scores_only=True).ecq_scores
                  for i in missing}
        probabilities = ecq_model.ecq_probabilities_many(
            framework.id, ecq_ids, [(ecq_model.features_from_counts(counts[i], scores[i]), scores[i]) for i in missing],
            classifier)
        for i, story_probabilities in zip(missing, probabilities):
            found[i] = (scores[i], story_probabilities, counts[i])
            self._story_memo(("ecq", *story_keys[i]), lambda value=found[i]: value)
        return found

    def _story_memo_get(self, key):
        with self._lock:
            found = self._stories.get(key)
            if found is not None:
                self._stories.move_to_end(key)
            return found

    def _story_memo(self, key, compute):
        """What a story's unchanged paragraphs give, kept for the next analysis (bounded)."""
        found = self._story_memo_get(key)
        if found is not None:
            return found
        found = compute()
        with self._lock:
            self._stories[key] = found
            if len(self._stories) > self._cache_size // 4:
                self._stories.popitem(last=False)
        return found

    @staticmethod
    def _label_paragraph(p: ParagraphResult, sentences: list[tuple[str, dict[str, float]]]) -> None:
        start = p.start
        parts, pieces, probabilities = [], [], []
        weighted = dict.fromkeys(ccar.LABELS, 0)
        total = 0
        for (a, b), (part, probs) in zip(p.signals.sentence_spans, sentences):
            length = b - a
            parts.append((start + a, start + b, part))
            pieces.append((part, length))
            probabilities.append(probs)
            total += length
            for label in weighted:
                weighted[label] += probs[label] * length
        p.parts, p.sentence_probabilities = parts, probabilities
        total = total or 1
        p.scores = {label: round(value / total, 3) for label, value in weighted.items()}
        p.label = ccar_sequence.paragraph_label(p.scores, pieces)
        if p.label == "none":
            # a paragraph of beliefs only still gets one of the contract's four labels; it is
            # set-up at most, never an action or a result (its sentences keep "none")
            p.label = "context"

    def _group_examples(self, paragraphs: list[ParagraphResult], starts: list[int] | None,
                        infer: bool) -> tuple[list[list[ParagraphResult]], list[int]]:
        """The paragraphs of each example, and the story (known segment) each belongs to: the
        known starts, and (``infer``) the examples the example finder sees inside them
        (analysis/examples.py)."""
        if not paragraphs:
            return [], []
        known = sorted({s for s in (starts or []) if 0 <= s < len(paragraphs)} | {0})
        found = known
        if infer:
            found = find_example_starts([p.signals for p in paragraphs], self.model(ccar_sequence.MODEL_NAME), known)
        bounds = found + [len(paragraphs)]
        groups = [paragraphs[a:b] for a, b in zip(bounds, bounds[1:]) if a < b]
        return groups, [bisect.bisect_right(known, group[0].index) - 1 for group in groups]

    def _narrative_findings(self, framework, target_ecq, as_of, text, paragraphs, groups, examples, coverage, stats,
                            probabilities):
        """Every finding of a narrative, family by family (analysis/detectors.py)."""
        for p in paragraphs:
            yield from detectors.wording(p)
        yield from detectors.acronyms(paragraphs)
        lexicon = self.lexicon(framework)
        yield from detectors.several_examples(examples, groups)
        for example, group in zip(examples, groups):
            yield from detectors.first_person(example, group)
            yield from detectors.measures(example, group)
            yield from detectors.dates(example, group, as_of)
            yield from detectors.ccar_shape(example, group)
            if target_ecq:
                yield from detectors.ecq_fit(framework, lexicon, target_ecq, example, group)
        if target_ecq:
            yield from detectors.coverage(framework, target_ecq, coverage, probabilities, stats)
            yield from detectors.length(framework, target_ecq, stats)
        yield from detectors.readability(paragraphs, stats)


_shared: Analyzer | None = None
_shared_lock = threading.Lock()


def get_analyzer() -> Analyzer:
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Analyzer()
        return _shared
