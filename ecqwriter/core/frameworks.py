"""Framework packs: the versioned ECQ data (ids, competencies, lexicons, length rules).

Packs are TOML files in ``resources/frameworks/``. Nothing about a particular set of ECQs
is written in code: the loader validates a pack and turns it into immutable objects.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ecqwriter.core.errors import FrameworkError
from ecqwriter.core.resources import resource_path

PACK_SCHEMA = "ecqwriter.framework/1"
FUNDAMENTAL_ECQ_ID = "fundamental"
_ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Competency:
    id: str
    name: str
    ecq_id: str
    meaning: str
    evidence: tuple[str, ...]
    unconfirmed: bool = False


@dataclass(frozen=True)
class Ecq:
    id: str
    name: str
    meaning: str
    competencies: tuple[Competency, ...]
    # frameworks this ECQ has no counterpart in (converting stories onto it says so)
    no_equivalent_in: tuple[str, ...] = ()

    def competency(self, competency_id: str) -> Competency:
        for competency in self.competencies:
            if competency.id == competency_id:
                return competency
        raise KeyError(competency_id)


@dataclass(frozen=True)
class LengthRules:
    narratives_required: bool
    pages_per_ecq: float
    total_pages: float
    resume_pages: float
    examples_per_ecq: int
    unconfirmed: bool
    note: str


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    confidence: str


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    short_name: str
    summary: str
    effective_from: dt.date
    effective_until: dt.date | None
    length: LengthRules
    ecqs: tuple[Ecq, ...]
    fundamental: Ecq | None
    sources: tuple[Source, ...]
    path: Path
    # evidence terms so common in any narrative that they count for little
    generic_terms: tuple[str, ...] = ()
    # the application format a new package on this framework gets (core/formats.py)
    default_format: str = "narratives"

    @property
    def ecq_ids(self) -> list[str]:
        return [e.id for e in self.ecqs]

    def ecq_name(self, ecq_id: str) -> str:
        """The ECQ's name; for an id this framework lacks (a damaged or foreign file), the id."""
        try:
            return self.ecq(ecq_id).name
        except KeyError:
            return f"unknown ECQ '{ecq_id[:40]}'"

    def ecq(self, ecq_id: str) -> Ecq:
        for ecq in self.ecqs:
            if ecq.id == ecq_id:
                return ecq
        if self.fundamental is not None and ecq_id == self.fundamental.id:
            return self.fundamental
        raise KeyError(f"framework {self.id} has no ECQ '{ecq_id}'")

    def all_competencies(self) -> list[Competency]:
        groups = list(self.ecqs) + ([self.fundamental] if self.fundamental else [])
        return [c for group in groups for c in group.competencies]

    def has_unconfirmed_facts(self) -> bool:
        return self.length.unconfirmed or any(c.unconfirmed for c in self.all_competencies())

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (
            self.effective_until is None or day <= self.effective_until
        )

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "effective_from": self.effective_from.isoformat(),
            "effective_until": self.effective_until.isoformat() if self.effective_until else None,
            "ecqs": [
                {
                    "id": e.id,
                    "name": e.name,
                    "competencies": [c.id for c in e.competencies],
                }
                for e in self.ecqs
            ],
            "fundamental_competencies": (
                [c.id for c in self.fundamental.competencies] if self.fundamental else []
            ),
            "length": {
                "narratives_required": self.length.narratives_required,
                "pages_per_ecq": self.length.pages_per_ecq,
                "total_pages": self.length.total_pages,
                "resume_pages": self.length.resume_pages,
                "examples_per_ecq": self.length.examples_per_ecq,
                "unconfirmed": self.length.unconfirmed,
            },
            "unconfirmed_facts": self.has_unconfirmed_facts(),
            "sources": [s.key for s in self.sources],
            "path": str(self.path),
        }


def frameworks_dir() -> Path:
    return resource_path("frameworks")


def available_framework_ids() -> list[str]:
    return sorted(p.stem for p in frameworks_dir().glob("*.toml"))


@functools.cache
def load_framework(framework_id: str) -> Framework:
    """Load a bundled pack by id; raises FrameworkError for an unknown or broken one."""
    if not _ID_PATTERN.match(framework_id or ""):
        raise FrameworkError(f"'{framework_id}' is not a framework id")
    path = frameworks_dir() / f"{framework_id}.toml"
    if not path.is_file():
        known = ", ".join(available_framework_ids())
        raise FrameworkError(f"unknown framework '{framework_id}' (known: {known})")
    framework = load_framework_file(path)
    if framework.id != framework_id:
        raise FrameworkError(f"pack declares id '{framework.id}', expected '{framework_id}'", path)
    return framework


def load_all_frameworks() -> list[Framework]:
    return [load_framework(i) for i in available_framework_ids()]


def load_framework_file(path: Path) -> Framework:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FrameworkError(f"cannot read the framework pack ({exc.strerror})", path) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise FrameworkError("the framework pack is not UTF-8 text", path) from None
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(f"the framework pack is not valid TOML ({exc})", path) from None
    return _PackReader(path).framework(data)


class _PackReader:
    """Validates a parsed pack, naming the exact place of the first problem found."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, problem: str) -> FrameworkError:
        return FrameworkError(f"{where}: {problem}", self.path)

    def get(self, table: dict, key: str, kind: type | tuple, where: str, default=...):
        if key not in table:
            if default is not ...:
                return default
            raise self.fail(where, f"missing '{key}'")
        value = table[key]
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise self.fail(where, f"'{key}' must be {names}")
        return value

    def ident(self, table: dict, where: str) -> str:
        value = self.get(table, "id", str, where)
        if not _ID_PATTERN.match(value):
            raise self.fail(where, f"id '{value}' must be lowercase words joined by hyphens")
        return value

    def framework(self, data: dict) -> Framework:
        where = "pack"
        if data.get("schema") != PACK_SCHEMA:
            raise self.fail(where, f"'schema' must be '{PACK_SCHEMA}'")
        fid = self.ident(data, where)
        effective_from = self.get(data, "effective_from", dt.date, where)
        effective_until = self.get(data, "effective_until", dt.date, where, None)
        if effective_until is not None and effective_until < effective_from:
            raise self.fail(where, "effective_until is before effective_from")
        ecq_tables = self.get(data, "ecqs", list, where)
        if not ecq_tables:
            raise self.fail(where, "no ECQs")
        ecqs = tuple(self.ecq(t, f"ecqs[{i}]") for i, t in enumerate(ecq_tables))
        fundamental = None
        if "fundamental" in data:
            table = self.get(data, "fundamental", dict, where)
            fundamental = self.ecq(table, "fundamental")
            if fundamental.id != FUNDAMENTAL_ECQ_ID:
                raise self.fail("fundamental", f"id must be '{FUNDAMENTAL_ECQ_ID}'")
        self.unique([e.id for e in ecqs], "ECQ ids")
        for group in ecqs + ((fundamental,) if fundamental else ()):
            self.unique([c.id for c in group.competencies], f"competency ids of {group.id}")
        sources = tuple(
            Source(
                key=self.get(s, "key", str, f"sources[{i}]"),
                title=self.get(s, "title", str, f"sources[{i}]"),
                confidence=self.get(s, "confidence", str, f"sources[{i}]", "unknown"),
            )
            for i, s in enumerate(self.get(data, "sources", list, where, []))
            if isinstance(s, dict) or self.fail(f"sources[{i}]", "must be a table")
        )
        return Framework(
            id=fid,
            name=self.get(data, "name", str, where),
            short_name=self.get(data, "short_name", str, where, fid),
            summary=self.get(data, "summary", str, where, ""),
            effective_from=effective_from,
            effective_until=effective_until,
            length=self.length(self.get(data, "length", dict, where)),
            ecqs=ecqs,
            fundamental=fundamental,
            sources=sources,
            path=self.path,
            generic_terms=tuple(
                t for t in self.get(data, "generic_terms", list, where, []) if isinstance(t, str)
            ),
            default_format=self.get(data, "default_format", str, where, "narratives"),
        )

    def unique(self, ids: list[str], what: str) -> None:
        seen = set()
        for i in ids:
            if i in seen:
                raise self.fail("pack", f"duplicate {what}: '{i}'")
            seen.add(i)

    def length(self, table: dict) -> LengthRules:
        where = "length"
        numbers = {}
        for key in ("pages_per_ecq", "total_pages", "resume_pages"):
            value = self.get(table, key, (int, float), where)
            if value <= 0:
                raise self.fail(where, f"'{key}' must be positive")
            numbers[key] = float(value)
        return LengthRules(
            narratives_required=self.get(table, "narratives_required", bool, where, True),
            examples_per_ecq=self.get(table, "examples_per_ecq", int, where, 2),
            unconfirmed=self.get(table, "unconfirmed", bool, where, False),
            note=self.get(table, "note", str, where, ""),
            **numbers,
        )

    def ecq(self, table: dict, where: str) -> Ecq:
        if not isinstance(table, dict):
            raise self.fail(where, "must be a table")
        eid = self.ident(table, where)
        competencies = []
        for i, c in enumerate(self.get(table, "competencies", list, where)):
            cw = f"{where}.competencies[{i}]"
            if not isinstance(c, dict):
                raise self.fail(cw, "must be a table")
            evidence = self.get(c, "evidence", list, cw)
            if not evidence or not all(isinstance(t, str) and t.strip() for t in evidence):
                raise self.fail(cw, "'evidence' must be a non-empty list of terms")
            competencies.append(
                Competency(
                    id=self.ident(c, cw),
                    name=self.get(c, "name", str, cw),
                    ecq_id=eid,
                    meaning=self.get(c, "meaning", str, cw),
                    evidence=tuple(t.strip() for t in evidence),
                    unconfirmed=self.get(c, "unconfirmed", bool, cw, False),
                )
            )
        if not competencies:
            raise self.fail(where, "no competencies")
        return Ecq(
            id=eid,
            name=self.get(table, "name", str, where),
            meaning=self.get(table, "meaning", str, where),
            competencies=tuple(competencies),
            no_equivalent_in=tuple(t for t in self.get(table, "no_equivalent_in", list, where, []) if isinstance(t, str)),
        )
