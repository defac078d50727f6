"""The structured SES résumé (shared/contracts.md 6.4, ``ecqwriter.resume/1``).

A résumé read from its JSON interchange form is checked field by field; a problem names the
exact field ("experience[1].start: ..."). Fields this version does not know are kept, never
dropped, and written back. ``render_text`` gives the plain text the checks read and the
export prints, so one résumé feeds both.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ecqwriter.core.display_text import hidden_character_problem
from ecqwriter.core.errors import EcqError

SCHEMA = "ecqwriter.resume/1"
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MAX_ITEMS = 200  # jobs, bullets, degrees...: bounded, whatever a file says
MAX_TEXT = 20_000


class ResumeError(EcqError):
    """A résumé document that cannot be read; the message names the field."""


@dataclass
class Accomplishment:
    text: str
    ecqs: list[str] = field(default_factory=list)
    story: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Job:
    title: str
    organization: str
    location: str = ""
    start: str | None = None  # YYYY-MM
    end: str | None = None  # YYYY-MM; None: present
    hours_per_week: float | None = None
    grade: str = ""
    supervisor: str | None = None
    duties: str = ""
    accomplishments: list[Accomplishment] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def ended(self) -> dt.date | None:
        return month_start(self.end) if self.end else None


@dataclass
class Resume:
    name: str
    contact: dict[str, str] = field(default_factory=dict)
    citizenship: str = ""
    status: str = ""
    summary: str = ""
    experience: list[Job] = field(default_factory=list)
    education: list[dict[str, Any]] = field(default_factory=list)
    certifications: list[str] = field(default_factory=list)
    training: list[str] = field(default_factory=list)
    awards: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def current_job(self) -> Job | None:
        """The job held now: of those with a start and no end, the latest started."""
        open_jobs = [job for job in self.experience if job.end is None and job.start]
        return max(open_jobs, key=lambda job: job.start) if open_jobs else None

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA, **self.extra, "name": self.name, "contact": dict(self.contact),
            "citizenship": self.citizenship, "status": self.status, "summary": self.summary,
            "experience": [{
                **job.extra, "title": job.title, "organization": job.organization, "location": job.location,
                "start": job.start, "end": job.end, "hours_per_week": job.hours_per_week, "grade": job.grade,
                "supervisor": job.supervisor, "duties": job.duties,
                "accomplishments": [{**a.extra, "text": a.text, "ecqs": list(a.ecqs), "story": a.story}
                                    for a in job.accomplishments],
            } for job in self.experience],
            "education": [dict(e) for e in self.education],
            "certifications": list(self.certifications), "training": list(self.training), "awards": list(self.awards),
        }

    def render_text(self) -> str:
        """The résumé as the plain text the checks read and the export prints: one column,
        paragraphs separated by blank lines, bullets as "- " lines."""
        blocks = [self.name.upper()]
        contact = " | ".join(v for v in (self.contact.get("location", ""), self.contact.get("email", ""),
                                          self.contact.get("phone", "")) if v)
        facts = " ".join(f"{label}: {value}." for label, value in
                         (("Citizenship", self.citizenship), ("Status", self.status)) if value)
        blocks[0] = "\n".join(line for line in (blocks[0], contact, facts) if line)
        if self.summary:
            blocks.append(f"SUMMARY\n{self.summary}")
        if self.experience:
            blocks.append("PROFESSIONAL EXPERIENCE")
        for job in self.experience:
            when = f"{month_words(job.start)} to {month_words(job.end) if job.end else 'present'}" if job.start else ""
            hours = f"{job.hours_per_week:g} hours per week" if job.hours_per_week is not None else ""
            facts = ". ".join(x for x in (", ".join(x for x in (job.organization, job.location) if x), when, hours,
                                         job.grade) if x)
            lines = [job.title, facts + "." if facts else ""]
            if job.supervisor:
                lines.append(f"Supervisor: {job.supervisor}.")
            if job.duties:
                lines.append(job.duties)
            lines += [f"- {a.text}" for a in job.accomplishments]
            blocks.append("\n".join(line for line in lines if line))
        if self.education:
            blocks.append("EDUCATION\n" + "\n".join(
                ", ".join(str(e[k]) for k in ("degree", "school", "year") if e.get(k)) + "." for e in self.education))
        for title, items in (("CERTIFICATIONS", self.certifications), ("TRAINING", self.training),
                             ("AWARDS", self.awards)):
            if items:
                blocks.append(f"{title}\n" + "\n".join(items))
        return "\n\n".join(blocks)


def month_start(value: str) -> dt.date:
    year, month = value.split("-")
    return dt.date(int(year), int(month), 1)


def month_words(value: str | None) -> str:
    return month_start(value).strftime("%B %Y") if value else ""


class _Reader:
    def __init__(self, source: str, typed_in: bool):
        self.source = source
        self.typed_in = typed_in

    def fail(self, where: str, problem: str):
        raise ResumeError(f"{where}: {problem}", self.source)

    def one_line(self, value: str, where: str) -> None:
        """A field shown on one line (a name, a title) takes no control or direction character
        from a file being imported; one already stored is read as it is."""
        problem = hidden_character_problem(value) if self.typed_in else None
        if problem:
            self.fail(where, problem)

    def text(self, data: dict, key: str, where: str, *, required: bool = False, default: str = "",
             multiline: bool = False) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(f"{where}{key}", "is required")
            return default
        if not isinstance(value, str):
            self.fail(f"{where}{key}", f"must be text, not {type(value).__name__}")
        if len(value) > MAX_TEXT:
            self.fail(f"{where}{key}", f"is longer than {MAX_TEXT} characters")
        if not multiline:
            self.one_line(value, f"{where}{key}")
        return value

    def items(self, data: dict, key: str, where: str) -> list:
        value = data.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"{where}{key}", "must be a list")
        if len(value) > MAX_ITEMS:
            self.fail(f"{where}{key}", f"has more than {MAX_ITEMS} items")
        return value

    def month(self, data: dict, key: str, where: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not _MONTH.match(value):
            self.fail(f"{where}{key}", f"must be a month as YYYY-MM (or null), not {value!r}"[:200])
        return value


def resume_from_json(data: Any, source: str = "résumé", ecq_ids: list[str] | None = None, *,
                     typed_in: bool = False) -> Resume:
    """Read an ``ecqwriter.resume/1`` document; ``ecq_ids``: the package framework's ECQs, which
    accomplishment tags must name. ``typed_in``: a file being imported, whose one-line fields
    must hold no control or direction characters."""
    r = _Reader(source, typed_in)
    if not isinstance(data, dict):
        r.fail("the document", "must be a JSON object")
    if data.get("schema") != SCHEMA:
        r.fail("schema", f"must be {SCHEMA!r}")
    known = {"schema", "name", "contact", "citizenship", "status", "summary", "experience", "education",
             "certifications", "training", "awards"}
    contact = data.get("contact") or {}
    if not isinstance(contact, dict) or not all(isinstance(v, str) for v in contact.values()):
        r.fail("contact", "must be an object of text fields (email, phone, location)")
    for key, value in contact.items():
        r.one_line(value, f"contact.{key}")
    resume = Resume(
        name=r.text(data, "name", "", required=True), contact=dict(contact),
        citizenship=r.text(data, "citizenship", ""), status=r.text(data, "status", ""),
        summary=r.text(data, "summary", "", multiline=True),
        extra={k: v for k, v in data.items() if k not in known})
    for i, job in enumerate(r.items(data, "experience", "")):
        where = f"experience[{i}]."
        if not isinstance(job, dict):
            r.fail(f"experience[{i}]", "must be an object")
        hours = job.get("hours_per_week")
        if hours is not None and (isinstance(hours, bool) or not isinstance(hours, (int, float)) or not 0 < hours <= 100):
            r.fail(f"{where}hours_per_week", f"must be a number of hours from 1 to 100 (or null), not {hours!r}"[:200])
        start, end = r.month(job, "start", where), r.month(job, "end", where)
        if start and end and end < start:
            r.fail(f"{where}end", f"{end} is before the start, {start}")
        bullets = []
        for j, item in enumerate(r.items(job, "accomplishments", where)):
            at = f"{where}accomplishments[{j}]."
            if not isinstance(item, dict):
                r.fail(at.rstrip("."), "must be an object")
            tags = r.items(item, "ecqs", at)
            for tag in tags:
                if not isinstance(tag, str) or (ecq_ids is not None and tag not in ecq_ids):
                    r.fail(f"{at}ecqs", f"{tag!r} is not an ECQ of the package's framework"
                                        + (f" ({', '.join(ecq_ids)})" if ecq_ids else ""))
            story = item.get("story")
            if story is not None and not isinstance(story, str):
                r.fail(f"{at}story", "must be a story's title (text) or null")
            text = r.text(item, "text", at, required=True, multiline=True)
            bullets.append(Accomplishment(text, list(tags), story,
                                          {k: v for k, v in item.items() if k not in {"text", "ecqs", "story"}}))
        job_known = {"title", "organization", "location", "start", "end", "hours_per_week", "grade", "supervisor",
                     "duties", "accomplishments"}
        supervisor = job.get("supervisor")
        if supervisor is not None and not isinstance(supervisor, str):
            r.fail(f"{where}supervisor", "must be text or null")
        if supervisor:
            r.one_line(supervisor, f"{where}supervisor")
        resume.experience.append(Job(
            title=r.text(job, "title", where, required=True), organization=r.text(job, "organization", where),
            location=r.text(job, "location", where), start=start, end=end,
            hours_per_week=float(hours) if hours is not None else None, grade=r.text(job, "grade", where),
            supervisor=supervisor, duties=r.text(job, "duties", where, multiline=True), accomplishments=bullets,
            extra={k: v for k, v in job.items() if k not in job_known}))
    for i, entry in enumerate(r.items(data, "education", "")):
        if not isinstance(entry, dict):
            r.fail(f"education[{i}]", "must be an object")
        resume.education.append(dict(entry))
    for key in ("certifications", "training", "awards"):
        values = r.items(data, key, "")
        for i, value in enumerate(values):
            if not isinstance(value, str):
                r.fail(f"{key}[{i}]", "must be text")
            r.one_line(value, f"{key}[{i}]")
        setattr(resume, key, list(values))
    return resume


FREE_TEXT_FIELDS_NOTE = ("The résumé is free text, so the fields USAJOBS asks for (month and year dates, hours a "
                         "week, citizenship) were not checked: structure it in the window to have them checked.")


def usajobs_gaps(resume: Resume) -> list[str]:
    """What a structured résumé lacks of the fields USAJOBS asks every federal résumé to
    give: a month and year for the start and end of each job, the hours a week, and
    citizenship."""
    gaps = []
    if not resume.citizenship.strip():
        gaps.append("citizenship is missing")
    current = resume.current_job()
    for number, job in enumerate(resume.experience, 1):
        name = f"job {number} ({job.title or 'no title'})"
        if not job.start:
            gaps.append(f"{name} has no start month and year")
        elif job.end is None and job is not current:
            gaps.append(f"{name} has no end month and year")
        if job.hours_per_week is None:
            gaps.append(f"{name} does not say its hours a week")
    return gaps


def readable_resume(record: dict) -> Resume | None:
    """A package's stored structured résumé, or None when there is none or this version
    cannot read it (the résumé's text is then what is checked and printed)."""
    if not record:
        return None
    try:
        return resume_from_json(record, "résumé")
    except ResumeError:
        return None
