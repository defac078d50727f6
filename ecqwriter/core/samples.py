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
from ecqwriter.core.idp import DevelopmentPlan
from ecqwriter.core.model import Candidate, CdpRecord, Criterion, Example, Package
from ecqwriter.core.resources import resource_path
from ecqwriter.core.resume import resume_from_json
from ecqwriter.core.textimport import normalise_text

SAMPLE_SCHEMA = "ecqwriter.sample/1"
# what `ecqwriter --sample` opens: the application as it is judged since 1 October 2025
DEFAULT_SAMPLE = "sample-opm-2025"


def sample_ids() -> list[str]:
    return sorted(p.stem for p in resource_path("samples").glob("*.toml"))


def sample_description(sample_id: str) -> str:
    """One line for people: what the sample shows, with its framework, criterion and format."""
    data = _data(resource_path("samples", f"{sample_id}.toml"))
    return (f"{data.get('description', 'A fictional package')} (framework {data['framework']}, "
            f"criterion {data['criterion']}, format {data.get('format') or load_framework(data['framework']).default_format})")


def sample_menu_label(sample_id: str) -> str:
    """The sample as a menu names it for people: what it shows, then the ECQs and what the
    application holds in words ("2025 ECQs, Résumé only (2 pages)"), never internal ids."""
    from ecqwriter.core.formats import load_format

    data = _data(resource_path("samples", f"{sample_id}.toml"))
    framework = load_framework(data["framework"])
    application = load_format(data.get("format") or framework.default_format)
    return (f"{data.get('description', 'A fictional package')} — the {framework.effective_from.year} ECQs, "
            f"Criterion {data['criterion']}: {application.name}")


def _data(path: Path) -> dict:
    """A sample's settings; ``base`` names a sample whose content it starts from (a B or C
    sample adds its CDP record, justification and plan to an A sample's stories)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    if data.get("schema") != SAMPLE_SCHEMA:
        raise EcqError(f"not a sample package (schema must be {SAMPLE_SCHEMA})", path)
    base = data.get("base")
    if base:
        inherited = _data(path.parent / f"{base}.toml")
        inherited.pop("description", None)
        data = {**inherited, **data}
    return data


def load_sample(sample_id: str = DEFAULT_SAMPLE) -> Package:
    path = resource_path("samples", f"{sample_id}.toml")
    if not path.is_file():
        raise EcqError(f"no bundled sample named '{sample_id}'")
    return package_from_toml(path)


def package_from_toml(path: Path) -> Package:
    data = _data(path)
    framework = load_framework(data["framework"])
    package = Package.new(Criterion(data["criterion"]), framework, application_format=data.get("format"))
    candidate = data.get("candidate", {})
    package.candidate = Candidate(
        name=candidate.get("name", ""),
        current_position=candidate.get("current_position", ""),
        agency=candidate.get("agency", ""),
    )
    package.target_position = data.get("target_position", "")
    package.announcement_number = data.get("announcement_number", "")
    resume = data.get("resume", {})
    if "schema" in resume:  # a structured résumé, read as import-resume reads one
        structured = resume_from_json(resume, str(path), framework.ecq_ids)
        package.resume_record = structured.to_json()
        package.resume = structured.render_text()
    else:
        package.resume = normalise_text(resume.get("text", "")).strip()
    package.justification = normalise_text(data.get("justification", {}).get("text", "")).strip()
    as_of = data.get("as_of")
    package.as_of = as_of if isinstance(as_of, dt.date) else None
    for entry in data.get("examples", []):
        example = Example(title=entry.get("title", ""), facts=dict(entry.get("facts", {})))
        example.text = normalise_text(entry["text"])
        package.narrative(entry["ecq"]).examples.append(example)
    cdp = data.get("cdp")
    if cdp:
        package.cdp = CdpRecord(**{key: value for key, value in cdp.items()})
    if data.get("idp"):
        # through the plan's own reader, so a sample can hold only what a package can
        package.idp = DevelopmentPlan.from_dict(_isoformat_dates(data["idp"])).to_dict()
    return package


def _isoformat_dates(value):
    """TOML dates as the ISO strings the plan's dictionary form holds."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _isoformat_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_isoformat_dates(item) for item in value]
    return value
