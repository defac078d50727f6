"""Package <-> plain JSON-compatible dicts (recovery journals, tests, exchange)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ecqwriter.core.comments import Comment, Reply
from ecqwriter.core.model import CdpRecord, Candidate, Criterion, Example, Narrative, Package

FORMAT = "ecqwriter.package-json/1"


def _d(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _pd(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def package_to_dict(package: Package) -> dict[str, Any]:
    cdp = package.cdp
    return {
        "format": FORMAT,
        "criterion": package.criterion.value,
        "framework_id": package.framework_id,
        "application_format": package.application_format,
        "candidate": {"name": package.candidate.name, "current_position": package.candidate.current_position,
                      "agency": package.candidate.agency},
        "target_position": package.target_position,
        "announcement_number": package.announcement_number,
        "resume": package.resume,
        "resume_record": package.resume_record,
        "practice_log": package.practice_log,
        "justification": package.justification,
        "idp": package.idp,
        "as_of": _d(package.as_of),
        "created": package.created.isoformat(),
        "modified": package.modified.isoformat(),
        "cdp": {"program_name": cdp.program_name, "agency": cdp.agency,
                "opm_approval_date": _d(cdp.opm_approval_date), "completion_date": _d(cdp.completion_date),
                "erb_certification_date": _d(cdp.erb_certification_date), "start_date": _d(cdp.start_date),
                "training_hours": cdp.training_hours, "assignment_months": cdp.assignment_months,
                "mentor": cdp.mentor},
        "narratives": [
            {"ecq_id": n.ecq_id,
             "examples": [{"id": e.id, "title": e.title, "paragraphs": list(e.paragraphs), "facts": e.facts}
                          for e in n.examples]}
            for n in package.narratives.values()
        ],
        "dismissed": sorted(list(d) for d in package.dismissed),
        "comments": [comment_to_dict(c) for c in package.comments],
    }


def comment_to_dict(comment: Comment) -> dict[str, Any]:
    return {"id": comment.id, "target": comment.target, "start": comment.start, "end": comment.end,
            "quote": comment.quote, "author": comment.author, "body": comment.body,
            "created": comment.created.isoformat(), "resolved_by": comment.resolved_by,
            "resolved_at": comment.resolved_at.isoformat() if comment.resolved_at else None,
            "replies": [{"id": r.id, "author": r.author, "body": r.body, "created": r.created.isoformat()}
                        for r in comment.replies]}


def comment_from_dict(data: dict[str, Any]) -> Comment:
    return Comment(
        data["target"], int(data["start"]), int(data["end"]), data["author"], data["body"], data.get("quote", ""),
        dt.datetime.fromisoformat(data["created"]),
        [Reply(r["author"], r["body"], dt.datetime.fromisoformat(r["created"]), r["id"]) for r in data["replies"]],
        data.get("resolved_by", ""),
        dt.datetime.fromisoformat(data["resolved_at"]) if data.get("resolved_at") else None,
        data["id"],
    )


def package_from_dict(data: dict[str, Any]) -> Package:
    if data.get("format") != FORMAT:
        raise ValueError("not an ecqwriter package document")
    c = data["cdp"]
    package = Package(
        criterion=Criterion(data["criterion"]),
        framework_id=data["framework_id"],
        application_format=data.get("application_format", ""),
        candidate=Candidate(**data["candidate"]),
        target_position=data["target_position"],
        announcement_number=data["announcement_number"],
        resume=data["resume"],
        resume_record=dict(data.get("resume_record") or {}),
        practice_log=list(data.get("practice_log") or []),
        justification=data["justification"],
        idp=dict(data["idp"]),
        as_of=_pd(data["as_of"]),
        created=dt.datetime.fromisoformat(data["created"]),
        modified=dt.datetime.fromisoformat(data["modified"]),
        cdp=CdpRecord(
            program_name=c["program_name"], agency=c["agency"],
            opm_approval_date=_pd(c["opm_approval_date"]), completion_date=_pd(c["completion_date"]),
            erb_certification_date=_pd(c["erb_certification_date"]), start_date=_pd(c["start_date"]),
            training_hours=c["training_hours"], assignment_months=c["assignment_months"], mentor=c["mentor"],
        ),
    )
    for n in data["narratives"]:
        package.narratives[n["ecq_id"]] = Narrative(
            n["ecq_id"], [Example(e["title"], list(e["paragraphs"]), e["id"], dict(e.get("facts") or {}))
                          for e in n["examples"]]
        )
    package.dismissed = {tuple(d) for d in data.get("dismissed", [])}
    package.comments = [comment_from_dict(c) for c in data.get("comments", [])]
    return package
