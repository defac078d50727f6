"""What a story gives the rest of the application: a résumé accomplishment bullet, and the
structured résumé it joins."""

from __future__ import annotations

import re

from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.model import Example, Package
from ecqwriter.core.resume import Accomplishment, Job, Resume, resume_from_json

# where a free-text résumé is kept when the candidate starts a structured one, so that not a
# word is lost and its lines can be copied into the fields
EARLIER_TEXT_KEY = "earlier_free_text"


TITLE_CHARS = 60


def title_from_text(paragraphs: list[str]) -> str:
    """A story's working title from its own words: a first line that reads as a heading
    (short, no sentence end), else the opening of its first sentence, cut at a word."""
    from ecqwriter.core.location import shorten

    first = paragraphs[0].strip() if paragraphs else ""
    line = first.splitlines()[0].strip() if first else ""
    if line and len(line.split()) <= 12 and line[-1] not in ".!?;,:":
        return shorten(line, TITLE_CHARS)
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0].rstrip(".!?")
    return shorten(sentence, TITLE_CHARS)


def resume_bullet(package: Package, ecq_id: str, story: Example) -> str:
    """A one-to-two-line accomplishment proposed from the story (analysis/outline.py), for
    the candidate to edit before it joins the résumé."""
    from ecqwriter.analysis.engine import get_analyzer
    from ecqwriter.analysis.outline import propose_bullet

    return propose_bullet(story.text, load_framework(package.framework_id), ecq_id, get_analyzer())


def structured_resume(package: Package) -> Resume | None:
    """The package's structured résumé, or None while the résumé is free text."""
    if not package.resume_record:
        return None
    return resume_from_json(package.resume_record, "the package's résumé")


def store_resume(package: Package, resume: Resume) -> None:
    """The record and the text the checks and the export read, always in step."""
    package.resume_record = resume.to_json()
    package.resume = resume.render_text()


def start_structured_resume(package: Package) -> Resume:
    """A structured résumé with the candidate's name; the free text it replaces is kept in
    the record (EARLIER_TEXT_KEY) for the candidate to copy from."""
    candidate = package.candidate
    resume = Resume(name=candidate.name.strip() or "Your name")
    if candidate.current_position.strip():
        resume.experience.append(Job(title=candidate.current_position.strip(), organization=candidate.agency.strip()))
    if package.resume.strip():
        resume.extra[EARLIER_TEXT_KEY] = package.resume
    store_resume(package, resume)
    return resume


def add_resume_bullet(package: Package, bullet: str, *, ecq_id: str | None = None,
                      story: Example | None = None, job_index: int | None = None) -> None:
    """The bullet joins the résumé. A structured résumé takes it as an accomplishment of the
    chosen job (else the job the story names as its role, else the first), tagged with the
    ECQ and linked to the story; a free-text résumé as its last line, to move under its job."""
    text = " ".join(bullet.split()).lstrip("-• ").strip()
    resume = structured_resume(package)
    if resume is None:
        line = "- " + text
        package.resume = f"{package.resume.rstrip()}\n\n{line}" if package.resume.strip() else line
        return
    if not resume.experience:
        resume.experience.append(Job(title=package.candidate.current_position.strip() or "Your current position",
                                     organization=package.candidate.agency.strip()))
    if job_index is None or not 0 <= job_index < len(resume.experience):
        role = (story.facts.get("role") or "").casefold().strip() if story is not None else ""
        job_index = next((i for i, job in enumerate(resume.experience) if role and job.title.casefold() == role), 0)
    resume.experience[job_index].accomplishments.append(
        Accomplishment(text, [ecq_id] if ecq_id else [], story.title if story is not None and story.title else None))
    store_resume(package, resume)


def split_point(analysis) -> int | None:
    """The paragraph where the checks found a second example inside one story (the text of a
    pasted statement of two examples), or None. ``analysis``: the story's NarrativeAnalysis."""
    later = [e for e in analysis.examples[1:] if e.story == analysis.examples[0].story]
    return later[0].paragraphs[0] if later else None


def split_story(story: Example, at: int) -> Example:
    """Cut ``story`` before its paragraph ``at``: it keeps the paragraphs before, and the new
    story returned holds the rest (with a copy of its facts, which the writer then corrects).
    Raises ValueError when ``at`` would leave either story empty."""
    if not 0 < at < len(story.paragraphs):
        raise ValueError(f"a story of {len(story.paragraphs)} paragraphs cannot be split before paragraph {at + 1}")
    second = Example(title=f"{story.title or 'Example'} (second example)", paragraphs=story.paragraphs[at:],
                     facts=dict(story.facts))
    story.paragraphs = story.paragraphs[:at]
    return second
