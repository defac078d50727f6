"""A Word draft brought into a package: a plan the user can review, then applied."""

from __future__ import annotations

from pathlib import Path

from ecqwriter.application.documents import open_for_writing
from ecqwriter.core.errors import EcqError
from ecqwriter.core.frameworks import Framework, load_framework
from ecqwriter.core.model import Package
from ecqwriter.importing.plan import JUSTIFICATION, RESUME, SKIP, ImportOutcome, ImportPlan, apply_plan, plan_import

__all__ = ["JUSTIFICATION", "RESUME", "SKIP", "ImportOutcome", "ImportPlan", "apply_to_file", "apply_to_package",
           "plan_for", "plan_to_json"]


def plan_for(docx: str | Path, framework: Framework, assignments: list[str] = ()) -> ImportPlan:
    """The import plan of a Word file; ``assignments`` ("N=DEST") override where part N goes."""
    plan = plan_import(docx, framework)
    allowed = set(framework.ecq_ids) | {RESUME, JUSTIFICATION, SKIP}
    for assignment in assignments:
        number, _, destination = assignment.partition("=")
        if not number.isdigit() or not 1 <= int(number) <= len(plan.parts) or destination not in allowed:
            raise EcqError(f"--assign {assignment}: expected N=DEST with N from 1 to {len(plan.parts)} and DEST "
                           f"one of {', '.join(sorted(allowed))}", docx)
        plan.parts[int(number) - 1].destination = destination
    return plan


def apply_to_package(plan: ImportPlan, package: Package, *, replace: bool = False,
                     importer: str | None = None) -> ImportOutcome:
    """Apply a plan to a package in memory (the window saves it as any edit); ``importer``
    names who brought the draft's comments in."""
    extra = {"importer": importer} if importer is not None else {}
    return apply_plan(plan, package, load_framework(package.framework_id), replace=replace, **extra)


def apply_to_file(plan: ImportPlan, package_path: str | Path, *, replace: bool = False) -> ImportOutcome:
    with open_for_writing(package_path) as opened:
        outcome = apply_to_package(plan, opened.package, replace=replace)
        opened.save(opened.package)
    return outcome


def plan_to_json(plan: ImportPlan, framework: Framework, source: str | Path, applied: bool) -> dict:
    return {
        "schema": "ecqwriter.import-plan/1", "source": str(source), "framework": framework.id,
        "parts": [{"number": i, "heading": p.heading, "destination": p.destination, "words": p.word_count(),
                   "examples": [{"title": e.title, "paragraphs": len(e.paragraphs), "words": e.word_count(),
                                 "comments": len(e.comments)} for e in p.examples]}
                  for i, p in enumerate(plan.parts, 1)],
        "notes": plan.notes, "warnings": plan.warnings(framework), "applied": applied,
    }
