"""Checks: one text analysed, packages checked, the catalogue of rules."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ecqwriter.analysis.criteria import weak_ecqs
from ecqwriter.analysis.rules import RULES, Rule
from ecqwriter.application.validation import require_ecq
from ecqwriter.core.cohort import CohortRow, row_for, unusable_row
from ecqwriter.core.errors import EcqError, PackageFileError
from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.textimport import read_text_file
from ecqwriter.storage.packagefile import read_package_and_last_save

# The engine (and spaCy under it) is imported when a check first runs, never with this
# module: the window imports it for the rule catalogue and must paint before spaCy loads.

__all__ = ["RULES", "CheckOutcome", "Rule", "analyze_text_file", "check_one", "check_package", "check_paths",
           "check_text", "default_jobs", "expand_paths", "get_analyzer", "rule", "warm_up", "weak_ecqs"]


def get_analyzer():
    from ecqwriter.analysis.engine import get_analyzer as shared

    return shared()


def warm_up() -> None:
    """Load the checks (spaCy, lexicons, models) ahead of the first request (the window's
    worker calls this once it has shown)."""
    get_analyzer().warm_up()


def check_package(package, **options):
    from ecqwriter.analysis.package_check import check_package as check

    return check(package, **options)


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]


def analyze_text_file(path: str | Path, framework_id: str, ecq_id: str | None = None):
    framework = load_framework(framework_id)
    if ecq_id is not None:
        require_ecq(framework, ecq_id)
    return get_analyzer().analyze_text(read_text_file(path), framework, ecq_id)


def check_text(report) -> str:
    """The report as ``check`` prints it for people: places in words (``--json`` keeps ids)."""
    from ecqwriter.core.display_text import shown
    from ecqwriter.core.wording import plural

    state = "READY" if report.ready else "NOT READY"
    length = report.framework.length if report.framework else None
    pages = (f"narratives {report.printed_pages} of {length.total_pages:g} pages" if length and length.total_pages
             else f"résumé {report.resume_pages:.1f} of {length.resume_pages:g} pages" if length else "pages ?")
    lines = [f"{shown(report.package_label)}: {state} (criterion {report.package.criterion.value}, "
             f"{report.package.framework_id}, format {report.application_format}; {pages})"]
    for ecq in report.ecqs:
        # a story bank (a résumé-based application) has no narrative page limit to show
        used = f"{ecq.est_pages:.1f}/{ecq.limit_pages:g}" if ecq.limit_pages else f"{ecq.est_pages:.1f}"
        lines.append(f"  {ecq.name:44} {plural(ecq.examples, 'story', 'stories')}, {used} p, score {ecq.score:.2f}")
    for finding in report.findings:
        lines.append(f"  [{finding.severity}] {finding.place().label(report.framework)}: {finding.rule}: "
                     f"{finding.message}")
    return "\n".join(lines)


@dataclass
class CheckOutcome:
    """One package checked: what ``check`` prints or emits and what ``report`` tabulates.
    Small and plain, so a worker process can hand it back and a batch keeps only these."""

    path: Path
    row: CohortRow
    ready: bool = False
    json: dict | None = None  # report.to_json(); None when the package could not be read
    text: str = ""
    problem: str = ""  # the one-line message for a package that could not be read


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Packages as given, a folder standing for every ``.ecq`` file directly in it (sorted).
    An empty folder is unusable input, named in one message."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix.lower() == ".ecq" and p.is_file()
                            and not p.name.startswith("."))
            if not inside:
                raise PackageFileError("this folder holds no .ecq packages", path)
            found.extend(inside)
        else:
            found.append(path)
    return found


def check_one(path: str | Path, *, with_text: bool = True) -> CheckOutcome:
    """Read and check one package; never takes its lock, never writes to it."""
    path = Path(path)
    analyzer = get_analyzer()
    try:
        package, last_save = read_package_and_last_save(path)
    except EcqError as exc:
        return CheckOutcome(path, unusable_row(path, exc.message), problem=str(exc))
    with analyzer.batch_item():  # spaCy's memory for this package is given back afterwards
        report = check_package(package, label=str(path), analyzer=analyzer)
    return CheckOutcome(path, row_for(path, package, report, last_save), report.ready, report.to_json(),
                        check_text(report) if with_text else "")


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def check_paths(paths: Iterable[str | Path], on_outcome: Callable[[CheckOutcome], None], *,
                jobs: int = 1, isolated: bool = False,
                stop: Callable[[], bool] = lambda: False) -> tuple[int, bool]:
    """Check packages, handing each outcome on in the order given as soon as it is ready, so a
    batch never holds its reports. ``jobs`` > 1 checks in that many worker processes, one
    package at a time each; ``isolated`` uses worker processes even for one job (the window:
    its own analysis keeps running meanwhile). ``stop()`` true ends the batch early. Returns
    (packages that could not be read, whether all were ready)."""
    paths = expand_paths(paths)
    unusable, all_ready = 0, True
    for outcome in _outcomes(paths, jobs, isolated):
        if stop():
            break
        unusable += 1 if outcome.problem else 0
        all_ready = all_ready and outcome.ready
        on_outcome(outcome)
    return unusable, all_ready


def _outcomes(paths: list[Path], jobs: int, isolated: bool):
    jobs = min(max(1, jobs), len(paths))
    if jobs == 1 and not isolated or not paths:
        for path in paths:
            yield check_one(path)
        return
    methods = multiprocessing.get_all_start_methods()
    method = "fork" if "fork" in methods and threading.active_count() == 1 else "spawn"
    if method == "fork":
        # the models are loaded once, here, before the workers start: a forked worker shares
        # them instead of loading its own (a spawned one, where fork is not safe, loads them)
        with get_analyzer().batch_item():
            pass
    with multiprocessing.get_context(method).Pool(jobs) as pool:
        yield from pool.imap(check_one, paths, chunksize=1)
