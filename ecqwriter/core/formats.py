"""Application formats: what an SES application holds and the page rules that follow.

Kept as versioned data (resources/formats/application-formats.toml, shared/contracts.md
6.3), never in code. A framework pack names its default format (``default_format``); a
package may choose another. ``effective_length`` merges a format's page rules with the
framework's, so that checks and exports ask one place.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, replace

from ecqwriter.core.errors import FrameworkError
from ecqwriter.core.frameworks import Framework, LengthRules, load_framework
from ecqwriter.core.resources import resource_path

SCHEMA = "ecqwriter.formats/1"
FROM_FRAMEWORK = "framework"
NARRATIVE_RULES = ("none", "optional", "required", FROM_FRAMEWORK)


@dataclass(frozen=True)
class ApplicationFormat:
    id: str
    name: str
    summary: str
    narratives: str  # none | optional | required | framework
    resume_pages: float | None  # None: as the framework says
    pages_per_ecq: float | None
    resume_evidences_ecqs: bool
    interview_stories: int
    source_keys: tuple[str, ...]

    @property
    def holds_narratives(self) -> bool:
        """The package keeps stories under the ECQs and they are checked (as a story bank at least)."""
        return self.narratives != "none"

    @property
    def exports_narratives(self) -> bool:
        """The application itself carries ECQ narratives (not only a story bank)."""
        return self.narratives in ("required", FROM_FRAMEWORK)


def _pages(value, where: str) -> float | None:
    if value == FROM_FRAMEWORK:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise FrameworkError(f"{where}: a page rule is a number of pages or \"framework\", not {value!r}")
    return float(value)


@functools.lru_cache(maxsize=1)
def _load() -> dict[str, ApplicationFormat]:
    path = resource_path("formats", "application-formats.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise FrameworkError(f"{path}: cannot read the application formats ({exc})") from exc
    if data.get("schema") != SCHEMA:
        raise FrameworkError(f"{path}: schema must be {SCHEMA}")
    formats = {}
    for entry in data.get("format", []):
        where = f"{path.name}: format {entry.get('id')!r}"
        if entry.get("narratives") not in NARRATIVE_RULES:
            raise FrameworkError(f"{where}: narratives must be one of {', '.join(NARRATIVE_RULES)}")
        formats[entry["id"]] = ApplicationFormat(
            id=entry["id"], name=entry["name"], summary=entry.get("summary", ""),
            narratives=entry["narratives"], resume_pages=_pages(entry["resume_pages"], where),
            pages_per_ecq=_pages(entry["pages_per_ecq"], where),
            resume_evidences_ecqs=bool(entry.get("resume_evidences_ecqs", False)),
            interview_stories=int(entry.get("interview_stories", 0)),
            source_keys=tuple(entry.get("source_keys", ())))
    return formats


def all_formats() -> list[ApplicationFormat]:
    return list(_load().values())


def format_ids() -> list[str]:
    return list(_load())


def load_format(format_id: str) -> ApplicationFormat:
    try:
        return _load()[format_id]
    except KeyError:
        raise FrameworkError(
            f"unknown application format {format_id!r} (one of: {', '.join(format_ids())})") from None


def default_format(framework: Framework) -> ApplicationFormat:
    return load_format(framework.default_format)


def effective_length(framework: Framework, application_format: ApplicationFormat) -> LengthRules:
    """The framework's length rules with the format's page rules in force."""
    rules = framework.length
    if application_format.narratives == FROM_FRAMEWORK:
        return rules
    per_ecq = application_format.pages_per_ecq if application_format.pages_per_ecq is not None else rules.pages_per_ecq
    return replace(
        rules,
        narratives_required=application_format.narratives == "required",
        pages_per_ecq=per_ecq,
        total_pages=per_ecq * len(framework.ecqs),
        resume_pages=application_format.resume_pages if application_format.resume_pages is not None else rules.resume_pages,
    )


def package_format(package) -> ApplicationFormat:
    """The package's application format; a package that names none has its framework's."""
    return load_format(package.application_format or load_framework(package.framework_id).default_format)


def framework_for(package) -> Framework:
    """The package's framework with the page rules of its application format in force: what
    checks, exports and the window read their limits from."""
    framework = load_framework(package.framework_id)
    return replace(framework, length=effective_length(framework, package_format(package)))
