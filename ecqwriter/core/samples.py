"""The bundled sample packages: text sources that become package files on demand.

The sample ships as readable TOML, and the application writes a fresh package file from it
into the user's data folder, so the bundled original can never be modified.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from ecqwriter.core.errors import EcqError
from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.model import Candidate, Criterion, Example, Package
from ecqwriter.core.resources import resource_path
from ecqwriter.core.textimport import normalise_text

SAMPLE_SCHEMA = "ecqwriter.sample/1"
DEFAULT_SAMPLE = "sample-opm-2006"


def sample_ids() -> list[str]:
    return sorted(p.stem for p in resource_path("samples").glob("*.toml"))


def load_sample(sample_id: str = DEFAULT_SAMPLE) -> Package:
    path = resource_path("samples", f"{sample_id}.toml")
    if not path.is_file():
        raise EcqError(f"no bundled sample named '{sample_id}'")
    return package_from_toml(path)


def package_from_toml(path: Path) -> Package:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    if data.get("schema") != SAMPLE_SCHEMA:
        raise EcqError(f"not a sample package (schema must be {SAMPLE_SCHEMA})", path)
    framework = load_framework(data["framework"])
    package = Package.new(Criterion(data["criterion"]), framework)
    candidate = data.get("candidate", {})
    package.candidate = Candidate(
        name=candidate.get("name", ""),
        current_position=candidate.get("current_position", ""),
        agency=candidate.get("agency", ""),
    )
    package.target_position = data.get("target_position", "")
    package.announcement_number = data.get("announcement_number", "")
    package.resume = normalise_text(data.get("resume", {}).get("text", "")).strip()
    package.justification = normalise_text(data.get("justification", {}).get("text", "")).strip()
    as_of = data.get("as_of")
    package.as_of = as_of if isinstance(as_of, dt.date) else None
    for entry in data.get("examples", []):
        example = Example(title=entry.get("title", ""))
        example.text = normalise_text(entry["text"])
        package.narrative(entry["ecq"]).examples.append(example)
    return package
