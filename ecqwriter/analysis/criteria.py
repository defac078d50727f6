"""What each QRB criterion needs beyond the narratives: the CDP record (B), the agency
justification and the IDP (C); and the package checklist that says what is present.

The IDP is tied to the coverage analysis: ECQs the narratives show weakly are what a
Criterion C plan must target ("an IDP focused on the specific ECQs that need strengthening").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ecqwriter.analysis.findings import Finding, make_finding
from ecqwriter.core.frameworks import Framework
from ecqwriter.core.idp import DevelopmentPlan, months_between
from ecqwriter.core.location import Location
from ecqwriter.core.model import Criterion, Package

# an ECQ whose narrative scores below this (or has none) needs strengthening
WEAK_ECQ_SCORE = 0.5
JUSTIFICATION_MIN_WORDS = 120
CDP_MIN_MONTHS = 12
CDP_MIN_TRAINING_HOURS = 80
CDP_MIN_ASSIGNMENT_MONTHS = 4
_UNIQUE = re.compile(r"\b(unique(?:ly)?|special|exceptional|rare|distinctive|only|unmatched|singular)\b", re.I)
_CLOSING = re.compile(r"\b(IDP|development plan|develop(?:ment|ing)?|training|mentor(?:ing)?|coach(?:ing)?|detail|gap)", re.I)


@dataclass
class TargetProposal:
    ecq_id: str
    score: float
    missing_competencies: list[str]


def weak_ecqs(report) -> list[TargetProposal]:
    """ECQs the coverage analysis finds weak, weakest first."""
    proposals = []
    for ecq in report.ecqs:
        if ecq.examples == 0 or ecq.evidence < WEAK_ECQ_SCORE:
            proposals.append(TargetProposal(ecq.ecq, ecq.evidence, list(ecq.competencies_missing)))
    return sorted(proposals, key=lambda p: p.score)


def idp_findings(package: Package, report) -> list[Finding]:
    plan = DevelopmentPlan.from_dict(package.idp)
    if plan.empty:
        return [make_finding("idp-missing", anchor="idp", location=Location("idp"))]
    framework = report.framework
    found = []
    targeted = plan.targeted_ecqs()
    for weak in weak_ecqs(report):
        if weak.ecq_id not in targeted:
            name = framework.ecq(weak.ecq_id).name
            found.append(make_finding(
                "idp-missing-target", {"ecq": name, "score": weak.score},
                anchor=f"idp-target|{weak.ecq_id}", location=Location("idp")))
    for target in plan.targets:
        label = framework.ecq(target.ecq_id).name if target.ecq_id in framework.ecq_ids else target.ecq_id
        if not target.activities:
            found.append(make_finding("idp-target-without-activity", {"target": label},
                                      anchor=f"idp-empty|{target.ecq_id}|{target.competency_id}", location=Location("idp")))
        for activity in target.activities:
            missing = [name for name, value in (("start date", activity.start), ("end date", activity.end),
                                                ("measure of success", activity.measure.strip())) if not value]
            if missing:
                found.append(make_finding(
                    "idp-activity-incomplete",
                    {"activity": activity.description or "An activity", "target": label, "missing": ", ".join(missing)},
                    anchor=f"idp-activity|{target.ecq_id}|{activity.description}", location=Location("idp")))
    start, end = plan.span()
    if start and end and months_between(start, end) > plan.horizon_months + 0.5:
        found.append(make_finding(
            "idp-too-long", {"months": months_between(start, end), "start": start.isoformat(), "end": end.isoformat(),
                             "horizon": plan.horizon_months},
            anchor="idp-length", location=Location("idp")))
    if not plan.mentor.strip() and not any(a.mentor.strip() for _, a in plan.activities()):
        found.append(make_finding("idp-no-mentor", anchor="idp-mentor", location=Location("idp")))
    unsigned = [who for who, signoff in (("supervisor", plan.supervisor), ("ERB", plan.erb)) if not signoff.signed]
    if unsigned:
        found.append(make_finding("idp-not-signed", {"who": " or ".join(unsigned)},
                                  anchor="idp-signoff|" + "|".join(unsigned), location=Location("idp")))
    return found


def justification_findings(package: Package) -> list[Finding]:
    text = package.justification.strip()
    if not text:
        return [make_finding("justification-missing", anchor="justification", location=Location("justification"))]
    found = []
    words = len(text.split())
    if words < JUSTIFICATION_MIN_WORDS:
        found.append(make_finding("justification-thin", {"words": words},
                                  anchor="justification-thin", location=Location("justification")))
    if not _UNIQUE.search(text):
        found.append(make_finding("justification-no-unique-qualities",
                                  anchor="justification-unique", location=Location("justification")))
    if not _CLOSING.search(text):
        found.append(make_finding("justification-no-development", anchor="justification-plan", location=Location("justification")))
    return found


def cdp_findings(package: Package) -> list[Finding]:
    cdp = package.cdp
    if not cdp.program_name.strip() or cdp.completion_date is None:
        return [make_finding("cdp-missing", anchor="cdp", location=Location("cdp"))]
    found = []
    if cdp.start_date and months_between(cdp.start_date, cdp.completion_date) < CDP_MIN_MONTHS - 0.25:
        found.append(make_finding("cdp-too-short", {"months": months_between(cdp.start_date, cdp.completion_date),
                                                    "minimum": CDP_MIN_MONTHS}, anchor="cdp-length", location=Location("cdp")))
    if cdp.training_hours is not None and cdp.training_hours < CDP_MIN_TRAINING_HOURS:
        found.append(make_finding("cdp-training-hours", {"hours": cdp.training_hours, "minimum": CDP_MIN_TRAINING_HOURS},
                                  anchor="cdp-hours", location=Location("cdp")))
    if cdp.assignment_months is not None and cdp.assignment_months < CDP_MIN_ASSIGNMENT_MONTHS:
        found.append(make_finding("cdp-assignment-months",
                                  {"months": cdp.assignment_months, "minimum": CDP_MIN_ASSIGNMENT_MONTHS},
                                  anchor="cdp-assignments", location=Location("cdp")))
    if not cdp.mentor.strip():
        found.append(make_finding("cdp-no-mentor", anchor="cdp-mentor", location=Location("cdp")))
    if cdp.erb_certification_date is None:
        found.append(make_finding("cdp-not-certified", anchor="cdp-erb", location=Location("cdp")))
    return found


def criterion_findings(package: Package, report) -> list[Finding]:
    if package.criterion == Criterion.C:
        return justification_findings(package) + idp_findings(package, report)
    if package.criterion == Criterion.B:
        return cdp_findings(package)
    return []


def checklist(package: Package, framework: Framework, findings: list[Finding]) -> list[dict]:
    """Which parts the criterion needs, which are present and which complete."""
    def errors_at(part: str) -> bool:
        place = Location.parse(part)
        return any(f.severity == "error" and f.place().within(place) for f in findings)

    def issues_at(part: str) -> bool:
        place = Location.parse(part)
        return any(f.severity in ("error", "warning") and f.place().within(place) for f in findings)

    # every criterion needs evidence for every ECQ where the framework asks for narratives:
    # a Criterion C plan strengthens that evidence, it does not replace it
    narratives_required = framework.length.narratives_required
    items = [{"part": "Résumé", "where": "resume", "required": True, "present": bool(package.resume.strip())}]
    for ecq in framework.ecqs:
        narrative = package.narratives.get(ecq.id)
        present = bool(narrative and any(e.text.strip() for e in narrative.examples))
        items.append({"part": f"ECQ narrative: {ecq.name}", "where": str(Location.ecq(ecq.id)),
                      "required": narratives_required, "present": present})
    if package.criterion == Criterion.B:
        items.append({"part": "CDP record", "where": "cdp", "required": True,
                      "present": bool(package.cdp.program_name.strip())})
    if package.criterion == Criterion.C:
        items.append({"part": "Agency justification", "where": "justification", "required": True,
                      "present": bool(package.justification.strip())})
        items.append({"part": "Individual Development Plan", "where": "idp", "required": True,
                      "present": not DevelopmentPlan.from_dict(package.idp).empty})
    # where the résumé is the submission (no narratives go to the board), what the board would
    # read wrong on it blocks, warnings included; a story bank's findings stay advice
    resume_is_the_submission = not narratives_required
    for item in items:
        errors = errors_at(item["where"]) or (resume_is_the_submission and item["where"] == "resume"
                                              and issues_at("resume"))
        item["complete"] = item["present"] and not issues_at(item["where"])
        # an error anywhere blocks readiness, in an optional part too
        item["blocking"] = (item["required"] and not item["present"]) or errors
        item["state"] = item_state(item, errors)
    return items


def item_state(item: dict, errors: bool) -> str:
    """The one word the window, the report and the CLI use for a checklist item."""
    if not item["present"]:
        return "missing" if item["required"] else "optional, empty"
    if errors:
        return "needs work"
    if not item["complete"]:
        return "ready, with suggestions"
    return "complete"
