"""The package as rows of its SQLite tables: read into the model with every value's type
checked, and written back whole. ``packagefile`` owns the file, the locks and the
transactions; this module only maps tables to the model and back."""

from __future__ import annotations

import datetime as dt
import json

from ecqwriter.core.comments import Comment, Reply, clamp_anchors
from ecqwriter.core.errors import EcqError
from ecqwriter.core.model import CdpRecord, Candidate, Criterion, Example, Narrative, Package
from ecqwriter.storage import values


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def read_rows(db) -> Package:
    """The package held in the working copy's tables, every value's type checked (``values``);
    a value that cannot be read raises ValueError (the caller names the file)."""
    row = db.execute(
        "SELECT criterion, framework_id, candidate_name, candidate_position, "
        "candidate_agency, target_position, announcement_number, resume, justification, "
        "idp_json, as_of, created, modified, application_format, resume_json, practice_json "
        "FROM package WHERE id = 1"
    ).fetchone()
    if row is None:
        raise ValueError("the package record is missing")
    criterion = values.text(row[0])
    if criterion not in {c.value for c in Criterion}:
        raise ValueError(f"the criterion '{criterion[:20]}' is not A, B or C")
    idp = json.loads(values.text(row[9]) or "{}")
    if not isinstance(idp, dict):
        raise ValueError("the development plan is not a JSON object")
    resume_record = json.loads(values.text(row[14]) or "{}")
    if not isinstance(resume_record, dict):
        raise ValueError("the structured résumé is not a JSON object")
    practice_log = json.loads(values.text(row[15]) or "[]")
    if not isinstance(practice_log, list) or not all(isinstance(e, dict) for e in practice_log):
        raise ValueError("the interview practice log is not a list of JSON objects")
    package = Package(
        criterion=Criterion(criterion),
        framework_id=values.text(row[1]),
        candidate=Candidate(name=values.text(row[2]), current_position=values.text(row[3]),
                            agency=values.text(row[4])),
        target_position=values.text(row[5]),
        announcement_number=values.text(row[6]),
        resume=values.text(row[7]),
        justification=values.text(row[8]),
        idp=idp,
        as_of=values.date(row[10]),
        created=values.moment(row[11]),
        modified=values.moment(row[12]),
        application_format=values.text(row[13]),
        resume_record=resume_record,
        practice_log=practice_log,
    )
    cdp = db.execute(
        "SELECT program_name, agency, opm_approval_date, completion_date, "
        "erb_certification_date, start_date, training_hours, assignment_months, mentor "
        "FROM cdp WHERE id = 1"
    ).fetchone()
    if cdp is not None:
        package.cdp = CdpRecord(
            program_name=values.text(cdp[0]),
            agency=values.text(cdp[1]),
            opm_approval_date=values.date(cdp[2]),
            completion_date=values.date(cdp[3]),
            erb_certification_date=values.date(cdp[4]),
            start_date=values.date(cdp[5]),
            training_hours=values.number(cdp[6]),
            assignment_months=values.number(cdp[7]),
            mentor=values.text(cdp[8]),
        )
    paragraphs: dict[str, list[str]] = {}
    for example_id, text in db.execute(
        "SELECT example_id, text FROM paragraphs ORDER BY example_id, position"
    ):
        paragraphs.setdefault(values.text(example_id), []).append(values.text(text))
    seen_ids: set[str] = set()
    for example_id, ecq_id, title, facts_json in db.execute(
        "SELECT id, ecq_id, title, facts_json FROM examples ORDER BY ecq_id, position"
    ):
        example_id = values.text(example_id)
        if example_id in seen_ids:  # ids are keys everywhere else; a duplicate would be lost there
            continue
        seen_ids.add(example_id)
        ecq_id = values.text(ecq_id)
        narrative = package.narratives.setdefault(ecq_id, Narrative(ecq_id))
        facts = json.loads(values.text(facts_json) or "{}")
        if not isinstance(facts, dict):
            raise ValueError("a story's facts are not a JSON object")
        narrative.examples.append(
            Example(title=values.text(title), paragraphs=paragraphs.get(example_id, []), id=example_id,
                    facts=facts)
        )
    package.comments = _load_comments(db)
    clamp_anchors(package.comments, package.texts())
    package.dismissed = {
        (values.text(rule), values.text(location), values.text(fingerprint))
        for rule, location, fingerprint in db.execute(
            "SELECT rule, location, fingerprint FROM dismissals"
        )
    }
    try:
        from ecqwriter.core.frameworks import load_framework

        package.ensure_narratives(load_framework(package.framework_id))
    except EcqError:
        pass  # an unknown framework is reported by the checks, not a reason to refuse
    return package


def write_rows(db, package: Package) -> None:
    """Replace the working copy's tables with ``package`` (inside the caller's transaction)."""
    db.execute(
        "INSERT OR REPLACE INTO package (id, criterion, framework_id, candidate_name, "
        "candidate_position, candidate_agency, target_position, announcement_number, resume, "
        "justification, idp_json, as_of, created, modified, application_format, resume_json, practice_json) "
        "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            package.criterion.value,
            package.framework_id,
            package.candidate.name,
            package.candidate.current_position,
            package.candidate.agency,
            package.target_position,
            package.announcement_number,
            package.resume,
            package.justification,
            json.dumps(package.idp, ensure_ascii=False, sort_keys=True),
            _iso(package.as_of),
            package.created.isoformat(),
            package.modified.isoformat(),
            package.application_format,
            json.dumps(package.resume_record, ensure_ascii=False, sort_keys=True),
            json.dumps(package.practice_log, ensure_ascii=False, sort_keys=True),
        ),
    )
    cdp = package.cdp
    db.execute(
        "INSERT OR REPLACE INTO cdp (id, program_name, agency, opm_approval_date, "
        "completion_date, erb_certification_date, start_date, training_hours, "
        "assignment_months, mentor) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            cdp.program_name,
            cdp.agency,
            _iso(cdp.opm_approval_date),
            _iso(cdp.completion_date),
            _iso(cdp.erb_certification_date),
            _iso(cdp.start_date),
            cdp.training_hours,
            cdp.assignment_months,
            cdp.mentor,
        ),
    )
    db.execute("DELETE FROM paragraphs")
    db.execute("DELETE FROM examples")
    for narrative in package.narratives.values():
        for position, example in enumerate(narrative.examples):
            db.execute(
                "INSERT INTO examples (id, ecq_id, position, title, facts_json) VALUES (?, ?, ?, ?, ?)",
                (example.id, narrative.ecq_id, position, example.title,
                 json.dumps(example.facts, ensure_ascii=False, sort_keys=True)),
            )
            db.executemany(
                "INSERT INTO paragraphs (example_id, position, text) VALUES (?, ?, ?)",
                [(example.id, i, text) for i, text in enumerate(example.paragraphs)],
            )
    _write_comments(db, package.comments)
    db.execute("DELETE FROM dismissals")
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    db.executemany(
        "INSERT INTO dismissals (rule, location, fingerprint, created) VALUES (?, ?, ?, ?)",
        [(rule, location, fp, stamp) for rule, location, fp in sorted(package.dismissed)],
    )


def _load_comments(db) -> list[Comment]:
    """Comments as stored; a damaged field is repaired rather than costing the whole package."""
    replies: dict[str, list[Reply]] = {}
    for comment_id, reply_id, author, body, created in db.execute(
        "SELECT comment_id, id, author, body, created FROM comment_replies ORDER BY comment_id, position"
    ):
        replies.setdefault(values.text(comment_id), []).append(
            Reply(values.text(author), values.text(body), values.moment(created), values.text(reply_id)))
    return [
        Comment(values.text(target), values.integer(start), values.integer(end), values.text(author),
                values.text(body), values.text(quote), values.moment(created),
                replies.get(values.text(cid), []), values.text(resolved_by),
                values.moment(resolved_at) if resolved_at else None, values.text(cid))
        for cid, target, start, end, quote, author, body, created, resolved_by, resolved_at in db.execute(
            'SELECT id, target, start, "end", quote, author, body, created, resolved_by, resolved_at '
            "FROM comments ORDER BY created, id"
        )
    ]


def _write_comments(db, comments: list[Comment]) -> None:
    db.execute("DELETE FROM comment_replies")
    db.execute("DELETE FROM comments")
    for comment in comments:
        db.execute(
            'INSERT INTO comments (id, target, start, "end", quote, author, body, created, resolved_by, '
            "resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (comment.id, comment.target, comment.start, comment.end, comment.quote, comment.author,
             comment.body, comment.created.isoformat(), comment.resolved_by, _iso(comment.resolved_at)),
        )
        db.executemany(
            "INSERT INTO comment_replies (id, comment_id, position, author, body, created) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(r.id, comment.id, i, r.author, r.body, r.created.isoformat()) for i, r in enumerate(comment.replies)],
        )
