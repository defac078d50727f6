"""QRB readiness of a whole package: every narrative, the résumé and the criterion's parts.

The report is what ``ecqwriter check`` prints and what the GUI's checks panel shows.
Findings carry ``where`` (shared/contracts.md section 4) so users can find the part.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ecqwriter.analysis.detectors import acronym_base
from ecqwriter.analysis.criteria import checklist, criterion_findings, weak_ecqs
from ecqwriter.analysis.coverage import measure_coverage
from ecqwriter.analysis.engine import Analyzer, NarrativeAnalysis, get_analyzer
from ecqwriter.analysis.findings import Finding, make_finding
from ecqwriter.analysis.resume_lines import resume_line_findings
from ecqwriter.core.errors import FrameworkError
from ecqwriter.core.formats import framework_for, package_format
from ecqwriter.core.resume import readable_resume
from ecqwriter.core.frameworks import Framework
from ecqwriter.core.gc_pause import collection_paused
from ecqwriter.core.layout import RESUME_LAYOUT, RESUME_TITLE_SIZE, PageLayout
from ecqwriter.core.location import Location
from ecqwriter.core.model import Criterion, Package
from ecqwriter.core.severity import SEVERITY_ORDER

CHECK_SCHEMA = "ecqwriter.check/1"
STORY_REUSE_SIMILARITY = 0.2
COMPETENCY_SHOWN = 0.45


@dataclass
class EcqReport:
    ecq: str
    name: str
    examples: int
    words: int
    est_pages: float
    printed_pages: int
    limit_pages: float
    # how likely the narrative shows its ECQ (the ECQ model): the score `analyze` gives it
    score: float
    competencies_shown: list[str]
    competencies_missing: list[str]
    analysis: NarrativeAnalysis | None
    # how strongly the pack's evidence terms show it (coverage): what finds weak ECQs
    evidence: float = 0.0

    def to_json(self) -> dict:
        return {
            "ecq": self.ecq,
            "examples": self.examples,
            "words": self.words,
            "est_pages": self.est_pages,
            "printed_pages": self.printed_pages,
            "limit_pages": self.limit_pages,
            "score": self.score,
            "evidence": self.evidence,
            "competencies_shown": self.competencies_shown,
            "competencies_missing": self.competencies_missing,
        }


@dataclass
class PackageReport:
    package_label: str
    package: Package
    framework: Framework | None
    ecqs: list[EcqReport] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    matrix: dict[str, dict[str, float]] = field(default_factory=dict)
    # the same ECQ x competency scores for what the board reads of the résumé (its first
    # pages), in an application whose résumé must show every ECQ; empty otherwise
    resume_matrix: dict[str, dict[str, float]] = field(default_factory=dict)
    fundamental_shown: list[str] = field(default_factory=list)
    resume_pages: float = 0.0
    dismissed: int = 0
    checklist: list[dict] = field(default_factory=list)
    weak_ecqs: list[str] = field(default_factory=list)
    application_format: str = ""

    @property
    def ready(self) -> bool:
        """The one verdict: `check`, the window's headline and the checklist all read it.
        Ready means no error anywhere and no checklist item that blocks."""
        return not any(f.severity == "error" for f in self.findings) and not any(
            item.get("blocking") for item in self.checklist)

    @property
    def narrative_pages(self) -> float:
        return round(sum(e.est_pages for e in self.ecqs), 2)

    @property
    def printed_pages(self) -> int:
        return sum(e.printed_pages for e in self.ecqs)

    def to_json(self) -> dict:
        framework = self.framework
        return {
            "schema": CHECK_SCHEMA,
            "package": self.package_label,
            "criterion": self.package.criterion.value,
            "framework": self.package.framework_id,
            "format": self.application_format,
            "ready": self.ready,
            "pages": {
                "narratives": self.narrative_pages,
                "printed": self.printed_pages,
                "limit": framework.length.total_pages if framework else None,
                "resume": self.resume_pages,
                "resume_limit": framework.length.resume_pages if framework else None,
            },
            "ecqs": [e.to_json() for e in self.ecqs],
            "findings": [f.to_json(with_where=True) for f in self.findings],
            "coverage_matrix": self.matrix,
            "resume_coverage_matrix": self.resume_matrix,
            "fundamental_shown": self.fundamental_shown,
            "checklist": self.checklist,
            "weak_ecqs": self.weak_ecqs,
            "dismissed_findings": self.dismissed,
        }


def _place(finding: Finding, ecq_id: str, starts: list[int], story_of: list[int]) -> None:
    """Set a narrative finding's location: the package story it is in, and its paragraph
    within that story. ``story_of``: the story of each of the analysis's examples (a story
    may tell two examples, found inside it)."""
    if finding.example is None:
        finding.location = Location.ecq(ecq_id)
    else:
        story = story_of[finding.example] if finding.example < len(story_of) else finding.example
        paragraph = None
        if finding.paragraph is not None and story < len(starts):
            paragraph = finding.paragraph - starts[story] + 1
        finding.location = Location.ecq(ecq_id, story + 1, paragraph)


# the evidence an ECQ needs in a résumé that must show every ECQ: one term specific to it
RESUME_EVIDENCE_MIN = 1.0

_EVERY_ECQ = {
    Criterion.A: "A Criterion A package must show every ECQ.",
    Criterion.B: "The QRB reads evidence for every ECQ, also from a CDP graduate.",
    Criterion.C: "A Criterion C package must still show every ECQ: the development plan "
                 "strengthens the evidence, it does not replace it.",
}


def check_package(package: Package, *, label: str = "", analyzer: Analyzer | None = None) -> PackageReport:
    with collection_paused():
        return _check_package(package, label, analyzer or get_analyzer())


def _check_package(package: Package, label: str, analyzer: Analyzer) -> PackageReport:
    report = PackageReport(package_label=label, package=package, framework=None)
    try:
        # the framework with the page rules of the package's application format in force
        framework = framework_for(package)
        application_format = package_format(package)
        report.application_format = application_format.id
    except FrameworkError as exc:
        report.findings.append(make_finding(
            "unknown-framework", {"problem": exc.message},
            anchor=package.framework_id, location=Location("package")))
        return report
    report.framework = framework
    dismissed = {fp for _, _, fp in package.dismissed}
    as_of = package.reference_date()
    layout = analyzer.layout
    findings: list[Finding] = []
    all_examples: list[tuple[str, int, frozenset, str]] = []  # ECQ, index, phrases, title

    joined = {ecq.id: package.narratives[ecq.id].joined() for ecq in framework.ecqs
              if ecq.id in package.narratives}
    # the résumé's sentences are read in the same batch as the narratives (one spaCy pass)
    resume_prose = _resume_prose(package.resume)
    analyzer.read_ahead(framework, [j.text for j in joined.values()] + ["\n\n".join(resume_prose)])
    for ecq in framework.ecqs:
        narrative = package.narratives.get(ecq.id)
        examples = [e for e in (narrative.examples if narrative else []) if e.text.strip()]
        if not examples:
            if application_format.holds_narratives:
                rule = "ecq-missing" if framework.length.narratives_required else "ecq-empty-optional"
                findings.append(make_finding(
                    rule, {"ecq": ecq.name, "need": _EVERY_ECQ[package.criterion]},
                    anchor=ecq.id, location=Location.ecq(ecq.id)))
            report.ecqs.append(EcqReport(ecq.id, ecq.name, 0, 0, 0.0, 0, framework.length.pages_per_ecq,
                                         0.0, [], [c.id for c in ecq.competencies], None))
            continue
        starts, text = joined[ecq.id].paragraph_starts, joined[ecq.id].text
        analysis = analyzer.analyze_text(text, framework, ecq.id, as_of=as_of,
                                         dismissed=dismissed, example_starts=starts)
        report.dismissed += analysis.dismissed
        story_of = [example.story for example in analysis.examples]
        for finding in analysis.findings:
            _place(finding, ecq.id, starts, story_of)
            findings.append(finding)
        if len(examples) > framework.length.examples_per_ecq:
            findings.append(make_finding(
                "too-many-examples",
                {"ecq": ecq.name, "count": len(examples), "keep": framework.length.examples_per_ecq},
                anchor=f"{ecq.id}|{len(examples)}", location=Location.ecq(ecq.id)))
        height = sum(p.height for p in analysis.paragraphs) + layout.heading_height
        pages = layout.pages_for_height(height)
        coverage = analysis.coverage
        report.ecqs.append(EcqReport(
            ecq=ecq.id, name=ecq.name, examples=len(examples), words=analysis.stats["words"],
            est_pages=pages, printed_pages=max(1, math.ceil(pages - 0.005)),
            limit_pages=framework.length.pages_per_ecq,
            score=round((analysis.ecq_probabilities or coverage.ecq_scores).get(ecq.id, 0.0), 3),
            competencies_shown=coverage.shown(ecq.id),
            competencies_missing=coverage.missing(framework, ecq.id),
            analysis=analysis,
            evidence=coverage.ecq_scores.get(ecq.id, 0.0),
        ))
        report.matrix[ecq.id] = {
            c.id: coverage.competencies[(ecq.id, c.id)].score for c in ecq.competencies
        }
        # a story is compared as a whole, whatever examples were found inside it
        story_shingles: dict[int, frozenset] = {}
        for group in analysis.examples:
            story_shingles[group.story] = story_shingles.get(group.story, frozenset()).union(
                *(analysis.paragraphs[i].signals.shingles for i in group.paragraphs))
        for index, shingles in story_shingles.items():
            title = examples[index].title if index < len(examples) else ""
            all_examples.append((ecq.id, index, shingles, " ".join(title.casefold().split())))

    if framework.fundamental is not None:
        best: dict[str, float] = {}
        for e in report.ecqs:
            if e.analysis is None:
                continue
            for c in framework.fundamental.competencies:
                score = e.analysis.coverage.competencies[("fundamental", c.id)].score
                best[c.id] = max(best.get(c.id, 0.0), score)
        report.fundamental_shown = [c for c, s in best.items() if s >= COMPETENCY_SHOWN]
        report.matrix["fundamental"] = {c.id: round(best.get(c.id, 0.0), 3) for c in framework.fundamental.competencies}
        if any(e.analysis for e in report.ecqs):
            for c in framework.fundamental.competencies:
                if c.id not in report.fundamental_shown:
                    findings.append(make_finding(
                        "fundamental-not-shown", {"name": c.name, "meaning": c.meaning.rstrip('.').lower()},
                        anchor=c.id, location=Location("package")))

    findings.extend(_story_reuse(all_examples, framework))
    if application_format.exports_narratives:
        findings.extend(_length_findings(report, framework))
    findings.extend(_resume_findings(package, framework, analyzer, report))
    findings.extend(_structured_resume_findings(package, framework, as_of, analyzer))
    if application_format.resume_evidences_ecqs and package.resume.strip():
        findings.extend(_resume_evidence(package, framework, analyzer, report))
    findings.extend(criterion_findings(package, report))
    findings.extend(_open_comments(package))
    kept = [f for f in findings if not (f.fingerprint in dismissed and f.severity != "error")]
    report.dismissed += len(findings) - len(kept)
    report.findings = sorted(kept, key=lambda f: (SEVERITY_ORDER[f.severity], f.where, f.start or 0))
    report.checklist = checklist(package, framework, report.findings)
    report.weak_ecqs = [w.ecq_id for w in weak_ecqs(report)]
    return report


def _open_comments(package: Package) -> list[Finding]:
    """One reminder per text that still has open review comments."""
    places: dict[str, Location] = {"resume": Location("resume"), "justification": Location("justification")}
    for ecq_id, narrative in package.narratives.items():
        for number, example in enumerate((e for e in narrative.examples if e.text.strip()), 1):
            places[f"example:{example.id}"] = Location.ecq(ecq_id, number)
    open_by_place: dict[Location, list] = {}
    for comment in package.comments:
        if not comment.resolved and comment.target in places:
            open_by_place.setdefault(places[comment.target], []).append(comment)
    found = []
    for place, comments in open_by_place.items():
        people = ", ".join(sorted({c.author for c in comments}))
        count = len(comments)
        found.append(make_finding(
            "review-comments-open",
            {"count": count, "comments": "comments are" if count != 1 else "comment is", "people": people},
            anchor="|".join(sorted(c.id for c in comments)), location=place))
    return found


def _story_reuse(examples, framework) -> list[Finding]:
    """A story told for two ECQs: much the same phrases, or the same story (by its title) made
    the primary example of both."""
    found = []
    for i, (ecq_a, index_a, a, title_a) in enumerate(examples):
        for ecq_b, index_b, b, title_b in examples[i + 1 :]:
            if ecq_a == ecq_b:
                continue
            why = "the same story title" if title_a and title_a == title_b else ""
            if a and b:
                # |a ∪ b| = |a| + |b| - |a ∩ b|: one set operation per pair, not two
                shared = len(a & b)
                similarity = shared / (len(a) + len(b) - shared)
                if similarity >= STORY_REUSE_SIMILARITY:
                    why = f"{similarity:.0%} of phrases shared"
            if why:
                found.append(make_finding(
                    "story-reused",
                    {"other_example": index_a + 1, "other_ecq": framework.ecq_name(ecq_a), "why": why},
                    anchor=f"{ecq_a}|{index_a}|{ecq_b}|{index_b}",
                    location=Location.ecq(ecq_b, index_b + 1)))
    return found


def _length_findings(report: PackageReport, framework: Framework) -> list[Finding]:
    limit = framework.length.total_pages
    if report.printed_pages <= limit:
        return []
    severity = None if framework.length.narratives_required else "warning"
    return [make_finding(
        "package-over-length", {"pages": report.printed_pages, "limit": limit},
        anchor="package-length", location=Location("package"), severity=severity)]


def _structured_resume_findings(package: Package, framework: Framework, as_of, analyzer: Analyzer) -> list[Finding]:
    """Dates, hours and age of each job of a structured résumé (core/resume.py), and the
    writing checks of each of its lines (analysis/resume_lines.py)."""
    resume = readable_resume(package.resume_record)
    if resume is None:
        return []  # free text, or a record this version cannot read: the text is still checked
    found = resume_line_findings(analyzer, framework, resume, as_of)
    for number, job in enumerate(resume.experience, 1):
        name = f"Job {number} ({job.title[:60]})"
        anchor = f"{number}|{job.title[:60]}"
        if not job.start or (job.end is None and job is not resume.current_job()):
            missing = "start month" if not job.start else "end month"
            found.append(make_finding("resume-missing-dates", {"job": name, "missing": missing},
                                      anchor=f"dates|{anchor}", location=Location("resume")))
        if job.hours_per_week is None:
            found.append(make_finding("resume-missing-hours", {"job": name}, anchor=f"hours|{anchor}", location=Location("resume")))
        ended = job.ended()
        if ended is not None and (as_of - ended).days > 3653:
            found.append(make_finding("resume-older-than-10-years",
                                      {"job": name, "ended": ended.strftime("%B %Y"), "as_of": as_of.isoformat()},
                                      anchor=f"old|{anchor}", location=Location("resume")))
    return found


def _resume_layout(package: Package, analyzer: Analyzer) -> PageLayout:
    """The page the résumé is printed on: a résumé-based application exports it as USAJOBS
    asks (a sans-serif at 10.5 pt, 0.5-inch margins); a narrative package as one of its parts."""
    return analyzer.layout if package_format(package).exports_narratives else RESUME_LAYOUT


def _resume_evidence(package: Package, framework: Framework, analyzer: Analyzer,
                     report: PackageReport) -> list[Finding]:
    """``resume-ecq-not-evidenced`` for each ECQ the résumé's first pages do not show. Each
    evidence term found counts once, by its weight: 1 for a term of one ECQ, a share for a
    term several ECQs list (analysis/lexicon.py)."""
    layout = _resume_layout(package, analyzer)
    limit = framework.length.resume_pages
    read, height = [], 0.0
    for paragraph in (p.strip() for p in package.resume.split("\n\n")):
        if not paragraph:
            continue
        if layout.pages_for_height(height) >= limit:
            break  # what starts past the limit is not read
        read.append(paragraph)
        height += layout.paragraph_height(paragraph)
    lexicon = analyzer.lexicon(framework)
    weight: dict[str, float] = {}
    counted: set[str] = set()
    read_signals = analyzer.paragraphs(framework, read)
    hits = [hit for signals in read_signals for hit in signals.evidence]
    coverage = measure_coverage(framework, lexicon, hits, sum(len(p.split()) for p in read))
    report.resume_matrix = {ecq.id: {c.id: coverage.competencies[(ecq.id, c.id)].score for c in ecq.competencies}
                            for ecq in framework.ecqs}
    for signals in read_signals:
        for hit in signals.evidence:
            info = lexicon.terms.get(hit.term)
            if info is None or hit.term in counted:
                continue
            counted.add(hit.term)
            for ecq_id in {ecq for ecq, _ in info.competencies if ecq != "fundamental"}:
                weight[ecq_id] = weight.get(ecq_id, 0.0) + info.weight
    return [make_finding("resume-ecq-not-evidenced", {"pages": limit, "ecq": ecq.name},
                         anchor=ecq.id, location=Location("resume"))
            for ecq in framework.ecqs if weight.get(ecq.id, 0.0) < RESUME_EVIDENCE_MIN]


def _resume_findings(package: Package, framework: Framework, analyzer: Analyzer, report: PackageReport) -> list[Finding]:
    if not package.resume.strip():
        return [make_finding("resume-missing", anchor="resume", location=Location("resume"))]
    layout = _resume_layout(package, analyzer)
    paragraphs = [p for p in package.resume.split("\n\n") if p.strip()]
    height = sum(layout.paragraph_height(p) for p in paragraphs)
    if layout is RESUME_LAYOUT:
        height += _resume_headings_height(layout, paragraphs)
    report.resume_pages = layout.pages_for_height(height)
    found = []
    if report.resume_pages > framework.length.resume_pages:
        found.append(make_finding(
            "resume-over-length", {"pages": report.resume_pages, "limit": framework.length.resume_pages},
            anchor="resume-length", location=Location("resume")))
    pronouns = sum(1 for w in package.resume.split() if w.strip(".,;:()") == "I")
    if pronouns:
        found.append(make_finding(
            "resume-first-person", {"count": pronouns},
            anchor="resume-i", location=Location("resume")))
    found.extend(_resume_acronyms(package, framework, analyzer))
    return found


def _resume_headings_height(layout: PageLayout, paragraphs: list[str]) -> float:
    """What a résumé set as a résumé (export/builder.py) adds to its lines: the 14 pt name,
    a larger heading with space above for each all-capital line (SUMMARY...), and the space
    after each job's title, which stands as its own paragraph."""
    size, factor, after = layout.font_size, layout.line_factor, layout.paragraph_space_after
    # the name line becomes the title
    extra = RESUME_TITLE_SIZE * factor + after - layout.line_height
    for block in paragraphs[1:]:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines and lines[0].isupper() and len(lines[0]) > 2:
            extra += (size + 1) * factor - layout.line_height + 2 * after + (after if len(lines) > 1 else 0)
            lines = lines[1:]
        if len(lines) > 1 and not lines[0].startswith(("- ", "* ")) and any(x.startswith(("- ", "* ")) for x in lines):
            extra += after
    return extra


def _resume_prose(resume_text: str) -> list[str]:
    """The résumé's sentences without its all-capital lines: the name and the headings
    (SUMMARY, AWARDS) are not acronyms."""
    blocks = []
    for block in resume_text.split("\n\n"):
        lines = [line for line in block.split("\n") if line.strip() and not line.strip().isupper()]
        if lines:
            blocks.append("\n".join(lines))
    return blocks


def _resume_acronyms(package: Package, framework: Framework, analyzer: Analyzer) -> list[Finding]:
    """``acronym-undefined`` for the résumé: a board member from another agency reads it
    first, so each acronym is spelled out where it is first used, in the order it is read."""
    signals = analyzer.paragraphs(framework, _resume_prose(package.resume))
    defined = {acronym_base(a) for s in signals for a, _, is_definition in s.acronyms if is_definition}
    seen: set[str] = set()
    found = []
    for paragraph in signals:
        for acronym, _, is_definition in paragraph.acronyms:
            base = acronym_base(acronym)
            if base in seen:
                continue
            seen.add(base)
            if not is_definition:
                later = " It is spelled out later: move that definition here." if base in defined else ""
                found.append(make_finding("acronym-undefined", {"acronym": acronym, "defined_later": later},
                                          anchor=f"resume|{acronym}", location=Location("resume")))
    return found
