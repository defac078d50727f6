"""A trained linear model over sparse features, read from resources/models/*.json.

The models are small multinomial logistic regressions trained by ``evaluation/train.py``
on the development split of the corpus. Scoring a batch of feature sets is one numpy
product over the weights of the features present; no spaCy, microseconds per sentence.

File format (``ecqwriter.model/1``)::

    {"schema": "ecqwriter.model/1", "classes": [...], "bias": [...],
     "weights": {"feature": [w per class], ...}, "temperature": 1.0, ...extra keys}
"""

from __future__ import annotations

import itertools
import json
import math
import threading
from dataclasses import dataclass, field

from ecqwriter.core.resources import resource_path

MODEL_SCHEMA = "ecqwriter.model/1"
_SERIALS = itertools.count()


class ModelError(RuntimeError):
    """A shipped model file is missing or unreadable (an installation problem)."""


@dataclass
class LinearModel:
    name: str
    classes: tuple[str, ...]
    bias: list[float]
    weights: dict[str, list[float]]
    temperature: float = 1.0
    extra: dict = field(default_factory=dict)
    # tells models apart in caches of derived values (an id() can be reused after a model dies)
    serial: int = field(default_factory=lambda: next(_SERIALS), compare=False)

    def logits(self, features: dict[str, float]) -> list[float]:
        return self.logits_many([features])[0]

    def logits_many(self, rows: list[dict[str, float]]) -> list[list[float]]:
        """Logits of several feature sets at once (the sentences of a story)."""
        import numpy

        index, matrix = self._dense()
        get = index.get
        # flattened by comprehensions: one cheap step per feature, not three appends
        positions = [get(name, -1) for features in rows for name in features]
        out = numpy.tile(numpy.asarray(self.bias), (len(rows), 1))
        if positions:
            found = numpy.asarray(positions)
            values = numpy.fromiter((value for features in rows for value in features.values()), float, len(positions))
            owners = numpy.repeat(numpy.arange(len(rows)), [len(features) for features in rows])
            known = found >= 0
            weighted = matrix[found[known]] * values[known, None]
            owners = owners[known]
            # summed per row by bincount, a column at a time (numpy.add.at is far slower)
            for column in range(out.shape[1]):
                out[:, column] += numpy.bincount(owners, weights=weighted[:, column], minlength=len(rows))
        return out.tolist()

    def _dense(self):
        dense = self.__dict__.get("_dense_cache")
        if dense is None:
            import numpy

            names = list(self.weights)
            dense = ({name: i for i, name in enumerate(names)},
                     numpy.asarray([self.weights[name] for name in names], dtype=float).reshape(len(names), len(self.bias)))
            self.__dict__["_dense_cache"] = dense
        return dense

    def partial_logits(self, features: dict[str, float], start: list[float] | None = None) -> list[float]:
        """The features' share of the logits (no bias unless ``start`` carries it): logits
        are sums, so a cached share plus the share of a few more features is the whole."""
        out = start if start is not None else [0.0] * len(self.bias)
        weights = self.weights
        rows = []
        for name, value in features.items():
            row = weights.get(name)
            if row is not None:
                # most features are present-or-absent (1.0): their rows are summed as they are
                rows.append(row if value == 1.0 else [w * value for w in row])
        if rows:
            for k, column in enumerate(zip(*rows)):
                out[k] += sum(column)
        return out

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        return softmax_dict(self.classes, self.logits(features), self.temperature)

    def to_json(self) -> dict:
        return {"schema": MODEL_SCHEMA, "name": self.name, "classes": list(self.classes),
                "bias": self.bias, "temperature": self.temperature, "weights": self.weights,
                **self.extra}

    @classmethod
    def from_json(cls, data: dict) -> LinearModel:
        if data.get("schema") != MODEL_SCHEMA:
            raise ModelError(f"model {data.get('name')!r}: unknown schema {data.get('schema')!r}")
        known = {"schema", "name", "classes", "bias", "temperature", "weights"}
        return cls(name=data["name"], classes=tuple(data["classes"]), bias=list(data["bias"]),
                   weights={k: list(v) for k, v in data["weights"].items()},
                   temperature=float(data.get("temperature", 1.0)),
                   extra={k: v for k, v in data.items() if k not in known})


def softmax_dict(classes, logits: list[float], temperature: float = 1.0) -> dict[str, float]:
    scaled = [x / temperature for x in logits]
    top = max(scaled)
    exps = [math.exp(x - top) for x in scaled]
    total = sum(exps)
    return {c: e / total for c, e in zip(classes, exps)}


_cache: dict[str, LinearModel | None] = {}
_lock = threading.Lock()


def load_model(name: str) -> LinearModel | None:
    """The shipped model ``resources/models/<name>.json``, or None when none ships for it
    (an ECQ framework added as data before a model was trained for it)."""
    with _lock:
        if name not in _cache:
            path = resource_path("models", f"{name}.json")
            try:
                with open(path, encoding="utf-8") as f:
                    _cache[name] = LinearModel.from_json(json.load(f))
            except FileNotFoundError:
                _cache[name] = None
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise ModelError(f"{path}: cannot read the model ({exc})") from exc
        return _cache[name]


def forget_models() -> None:
    """Drop loaded models (training writes new files and scores them in the same process)."""
    with _lock:
        _cache.clear()
