"""The résumé read as the submission it is: every writing check that applies to a line runs
on each bullet of the structured résumé and on its summary, and each finding names its line
(``resume/job:1/bullet:5``, ``resume/summary``).

In a résumé-only application the résumé is all the board reads, so its lines get the checks
a narrative's sentences get: "we", results without a measure (and vague amounts such as
"significantly"), buzzwords, claims instead of behaviour, beliefs, passive voice. Checks of a
story's shape (CCAR parts, ECQ fit, dates, "I") do not apply to a bullet, which by convention
has no "I" and tells one accomplishment. Acronyms are checked over the whole résumé text
(package_check), where a job's organisation line may define them.
"""

from __future__ import annotations

from ecqwriter.analysis.findings import Finding, make_finding
from ecqwriter.core.frameworks import Framework
from ecqwriter.core.location import Location
from ecqwriter.core.resume import Resume

# the narrative checks that read a single line as well as a story
LINE_RULES = ("first-person-plural", "buzzword", "claim-not-behaviour", "philosophy-statement", "passive-voice")
# a line that claims an outcome with one of these needs a figure the board can weigh
OUTCOME_LEMMAS = frozenset({
    "improve", "increase", "reduce", "decrease", "cut", "raise", "lower", "boost", "enhance", "grow", "expand",
    "save", "shorten", "accelerate", "strengthen", "streamline", "optimize", "optimise", "maximize", "minimize",
    "transform", "double", "triple", "halve", "eliminate",
})
# amounts that sound like a measure and are not one
VAGUE_AMOUNTS = frozenset({
    "significantly", "greatly", "dramatically", "substantially", "considerably", "markedly", "vastly",
    "tremendously", "enormously", "notably", "sharply", "hugely",
})


def resume_lines(resume: Resume) -> list[tuple[Location, str]]:
    """The lines the board reads as statements: the summary, then every job's bullets."""
    lines = []
    if resume.summary.strip():
        lines.append((Location.resume_summary(), " ".join(resume.summary.split())))
    for job_number, job in enumerate(resume.experience, 1):
        for bullet_number, bullet in enumerate(job.accomplishments, 1):
            if bullet.text.strip():
                lines.append((Location.resume_bullet(job_number, bullet_number), " ".join(bullet.text.split())))
    return lines


def resume_line_findings(analyzer, framework: Framework, resume: Resume, as_of) -> list[Finding]:
    """The writing findings of each résumé line, placed on it (offsets within the line)."""
    lines = resume_lines(resume)
    if not lines:
        return []
    # one analysis for all lines, each line its own paragraph and its own story
    analysis = analyzer.analyze_text("\n\n".join(text for _, text in lines), framework, None, as_of=as_of,
                                     example_starts=list(range(len(lines))), infer_examples=False)
    found = []
    for finding in analysis.findings:
        if finding.rule not in LINE_RULES or finding.paragraph is None:
            continue
        place(finding, analysis.paragraphs[finding.paragraph], lines[finding.paragraph][0])
        found.append(finding)
    for paragraph, (location, text) in zip(analysis.paragraphs, lines):
        if _claims_an_unmeasured_outcome(paragraph):
            finding = make_finding("result-without-measure", anchor=f"resume|{text[:200]}")
            finding.location = location
            found.append(finding)
    return found


def place(finding: Finding, paragraph, location: Location) -> None:
    finding.location = location
    if finding.start is not None:
        finding.start -= paragraph.start
        finding.end -= paragraph.start
    finding.paragraph = finding.example = None


def _claims_an_unmeasured_outcome(paragraph) -> bool:
    signals = paragraph.signals
    words = {word.lower().strip(".,;:") for word in signals.text.split()}
    claims = bool(OUTCOME_LEMMAS & set(signals.content_lemmas)) or bool(VAGUE_AMOUNTS & words)
    measured = any("measures=0" not in features for features in signals.sentence_features)
    return claims and not measured
