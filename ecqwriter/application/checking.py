"""Checks: one text analysed, packages checked, the catalogue of rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ecqwriter.analysis.criteria import weak_ecqs
from ecqwriter.analysis.rules import RULES, Rule
from ecqwriter.application.validation import require_ecq
from ecqwriter.core.errors import EcqError
from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.textimport import read_text_file
from ecqwriter.storage.packagefile import read_package

# The engine (and spaCy under it) is imported when a check first runs, never with this
# module: the window imports it for the rule catalogue and must paint before spaCy loads.

__all__ = ["RULES", "Rule", "analyze_text_file", "check_package", "check_paths", "get_analyzer", "rule",
           "weak_ecqs"]


def get_analyzer():
    from ecqwriter.analysis.engine import get_analyzer as shared

    return shared()


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


def check_paths(paths: Iterable[str | Path], on_report: Callable[[Path, object], None],
                on_unusable: Callable[[Path, EcqError], None]) -> tuple[int, bool]:
    """Check packages one at a time, handing each report on as it is made (a batch never
    holds them all). Returns (packages that could not be read, whether all were ready)."""
    analyzer = get_analyzer()
    unusable, all_ready = 0, True
    for path in paths:
        path = Path(path)
        try:
            package = read_package(path)
        except EcqError as exc:
            unusable += 1
            on_unusable(path, exc)
            continue
        with analyzer.batch_item():  # spaCy's memory for this package is given back afterwards
            report = check_package(package, label=str(path), analyzer=analyzer)
        all_ready = all_ready and report.ready
        on_report(path, report)
        del report, package
    return unusable, all_ready
