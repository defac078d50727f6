"""Package -> ExportDocument: what goes into the QRB package, in which order.

Example titles and CCAR labels are working aids and are never exported.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from ecqwriter.core.formats import package_format
from ecqwriter.core.frameworks import Framework
from ecqwriter.core.idp import ACTIVITY_TYPES, DevelopmentPlan
from ecqwriter.core.layout import RESUME_TITLE_SIZE, PageLayout
from ecqwriter.core.model import Criterion, Package
from ecqwriter.core.comments import Comment, example_target
from ecqwriter.core.paragraphs import paragraph_spans, split_paragraphs
from ecqwriter.export.document import ExportDocument, Heading, Note, Paragraph, Section, Table

EXAMPLE_GAP_POINTS = 12.0
# the activities of one target; the target and its gap head the table, so the columns get
# the width to keep every word whole
IDP_COLUMNS = ("Activity", "Dates", "Mentor or coach", "Measure of success", "Status")
IDP_WIDTHS = (2.1, 1.15, 1.15, 1.75, 0.75)
# checks' figures older plans may carry in a gap ("weakly (score 0.00)"): not for the board
_SCORE = re.compile(r"\s*\(score \d+(?:\.\d+)?\)")


def _paragraphs(text: str, comments: list[Comment] = ()) -> list[Paragraph]:
    if not comments:
        return [Paragraph(p) for p in split_paragraphs(text)]
    spans = paragraph_spans(text)
    notes: list[list[Note]] = [[] for _ in spans]
    for comment in comments:
        # the paragraph holding the comment's start (or, for deleted words, the next one)
        index = next((i for i, (a, b) in enumerate(spans) if comment.start < b or (comment.start == b and a < b)),
                     len(spans) - 1)
        if index < 0:
            continue
        a, b = spans[index]
        start = max(comment.start, a) - a
        end = min(max(comment.end, comment.start), b) - a
        if end <= start:  # a point: mark the word there so Word has something to anchor to
            start = min(start, b - a - 1)
            end = start + 1
        notes[index].append(Note(start, end, comment.author, comment.body, _utc(comment.created),
                                 tuple((r.author, r.body, _utc(r.created)) for r in comment.replies),
                                 comment.resolved))
    return [Paragraph(text[a:b], notes=tuple(sorted(n, key=lambda x: (x.start, x.end))))
            for (a, b), n in zip(spans, notes)]


def _without_repeated_name(paragraphs: list[Paragraph], name: str) -> list[Paragraph]:
    """The résumé without its opening name line: the heading already names the candidate,
    and a name printed twice is the first thing a board notices. (Kept when a review
    comment sits on that paragraph: its offsets must stay true.)"""
    if not paragraphs or paragraphs[0].notes:
        return paragraphs
    first, _, rest = paragraphs[0].text.partition("\n")
    if " ".join(first.split()).casefold() != " ".join(name.split()).casefold():
        return paragraphs
    if not rest.strip():
        return paragraphs[1:]
    return [dataclasses.replace(paragraphs[0], text=rest)] + paragraphs[1:]


def _utc(when) -> str:
    return when.astimezone(dt.timezone.utc).isoformat()


def _review_comments(package: Package, which: str):
    """The comments a reviewer's copy carries, by target: "none", "open" or "all"."""
    def on(target: str) -> list[Comment]:
        if which == "none":
            return []
        return [c for c in package.comments_on(target) if which == "all" or not c.resolved]
    return on


def build_document(package: Package, framework: Framework, layout: PageLayout, *, scope: str = "package",
                   comments: str = "none") -> ExportDocument:
    """``scope`` is "package" (everything the criterion needs), "narratives" (the ECQs only)
    or one ECQ id. ``comments`` ("none", "open", "all") makes a reviewer's copy."""
    on = _review_comments(package, comments)
    name = package.candidate.name.strip() or "Candidate"
    sections: list[Section] = []
    left_out: list[str] = []
    whole = scope == "package"
    if whole:
        title_lines = [package.target_position, package.announcement_number and f"Announcement {package.announcement_number}",
                       package.criterion.title]
        blocks = [Heading(f"{name}: Résumé", 1)]
        blocks += [Paragraph(line, "Subtitle") for line in title_lines if line]
        blocks += _without_repeated_name(_paragraphs(package.resume, on("resume")), name)
        sections.append(Section("resume", "Résumé", f"{name} | Résumé", blocks, framework.length.resume_pages))
    # a résumé-based application holds no ECQ narratives: its stories are exported on their
    # own ("narratives" or one ECQ), never as part of the package
    with_narratives = not whole or package_format(package).exports_narratives
    for ecq in framework.ecqs:
        if not with_narratives or (scope not in ("package", "narratives") and scope != ecq.id):
            continue
        narrative = package.narratives.get(ecq.id)
        told = [e for e in (narrative.examples if narrative else []) if e.text.strip()]
        if not told and scope != ecq.id:
            left_out.append(ecq.name)  # a blank page would cost the page limit and say nothing
            continue
        blocks = [Heading(ecq.name, 1)]
        for index, example in enumerate(told):
            paragraphs = _paragraphs(example.text, on(example_target(example.id)))
            if index and paragraphs:
                paragraphs[0] = Paragraph(paragraphs[0].text, space_before=EXAMPLE_GAP_POINTS, notes=paragraphs[0].notes)
            blocks += paragraphs
        sections.append(Section(f"ecq:{ecq.id}", ecq.name, f"{name} | {ecq.name}", blocks,
                                framework.length.pages_per_ecq, counts_toward_total=True))
    if whole and package.criterion == Criterion.B:
        cdp = package.cdp
        rows = [("Program", cdp.program_name), ("Sponsoring agency", cdp.agency),
                ("OPM approval", _date(cdp.opm_approval_date)), ("Start", _date(cdp.start_date)),
                ("Completion", _date(cdp.completion_date)), ("ERB certification", _date(cdp.erb_certification_date)),
                ("Formal training hours", _number(cdp.training_hours)),
                ("Developmental assignments (months)", _number(cdp.assignment_months)), ("SES mentor", cdp.mentor)]
        sections.append(Section("cdp", "Candidate Development Program", f"{name} | Candidate Development Program",
                                [Heading("Candidate Development Program", 1),
                                 Table(("Item", "Record"), tuple(rows), (0.4, 0.6))]))
    if whole and package.criterion == Criterion.C:
        sections.append(Section("justification", "Agency justification", f"{name} | Agency justification",
                                [Heading("Agency justification", 1)] + _paragraphs(package.justification, on("justification"))))
        sections.append(Section("idp", "Individual Development Plan", f"{name} | Individual Development Plan",
                                [Heading("Individual Development Plan", 1)] + _idp_blocks(package.idp, framework)))
    return writable(ExportDocument(
        title=f"{name}: SES qualifications ({framework.short_name})",
        author=name,
        subject=f"{package.criterion.title}; {package.target_position}".strip("; "),
        sections=sections,
        layout=layout,
        total_limit_pages=framework.length.total_pages,
        left_out=tuple(left_out),
    ))


_CAPITALS = re.compile(r"^[A-Z][A-Z &/,-]{2,}$")


_SMALL_WORDS = {"and", "of", "for", "the", "in", "to", "a", "an", "on"}


def _headline(line: str) -> str:
    """"CERTIFICATIONS AND TRAINING" -> "Certifications and Training"."""
    words = line.strip().lower().split()
    return " ".join(w if i and w in _SMALL_WORDS else w.capitalize() for i, w in enumerate(words))


def build_resume_document(package: Package, framework: Framework, layout: PageLayout) -> ExportDocument:
    """The résumé alone, as an application: the name as the title, its all-capital lines
    (SUMMARY, PROFESSIONAL EXPERIENCE...) as headings, "- " lines as bullets, no tables,
    images or links."""
    name = package.candidate.name.strip() or "Candidate"
    blocks: list = []
    paragraphs = split_paragraphs(package.resume)
    first_lines = paragraphs[0].split("\n") if paragraphs else []
    if first_lines and " ".join(first_lines[0].split()).casefold() == " ".join(name.split()).casefold():
        paragraphs[0] = "\n".join(first_lines[1:])  # the title names the candidate already
    blocks.append(Heading(name, 1))
    for text in paragraphs:
        lines = [line.rstrip() for line in text.split("\n")]
        if lines and _CAPITALS.match(lines[0].strip()):
            blocks.append(Heading(_headline(lines[0]), 2))
            lines = lines[1:]
        bullets = [line.startswith(("- ", "* ")) for line in lines]
        if len(lines) > 1 and any(bullets) and not bullets[0]:
            blocks.append(Heading(lines[0].strip(), 3))  # a job's title, above its facts and bullets
            lines = lines[1:]
        lines = [f"\u2022 {line[2:].strip()}" if line.startswith(("- ", "* ")) else line for line in lines]
        if any(line.strip() for line in lines):
            blocks.append(Paragraph("\n".join(line for line in lines if line.strip())))
    section = Section("resume", "Résumé", f"{name} | Résumé", blocks, framework.length.resume_pages)
    return writable(ExportDocument(
        title=f"{name}: résumé", author=name, subject=package.target_position, sections=[section],
        layout=layout, typeface="sans", title_size=RESUME_TITLE_SIZE))


def build_interview_document(package: Package, framework: Framework, layout: PageLayout, plan) -> ExportDocument:
    """Outline cards to carry into a structured interview: one page per ECQ with its stories
    (challenge, actions, result, figures, likely follow-ups) and practice questions.
    ``plan``: core.interview.EcqCards of each ECQ, made by the analysis."""
    from ecqwriter.core.interview import practice_note

    name = package.candidate.name.strip() or "Candidate"
    sections = []
    for ecq in plan:
        blocks: list = [Heading(ecq.ecq_name, 1)]
        if not ecq.cards:
            blocks.append(Paragraph("No story yet: write one under this ECQ, then print the cards again."))
        for card in ecq.cards:
            blocks.append(Heading(card.story, 2))
            blocks += [Paragraph(f"Challenge: {card.challenge}"), Paragraph(f"Action: {card.action}"),
                       Paragraph(f"Result: {card.result}")]
            if card.figures:
                blocks.append(Paragraph("Figures to remember: " + " \u00b7 ".join(card.figures)))
            if card.follow_ups:
                blocks.append(Paragraph("Likely follow-ups:\n" + "\n".join(f"\u2022 {q}" for q in card.follow_ups)))
        if ecq.practice:
            blocks.append(Heading(f"Practice questions ({practice_note()})", 3))
            blocks.append(Paragraph("\n".join(f"\u2022 {q}" for q in ecq.practice)))
        sections.append(Section(f"ecq:{ecq.ecq_id}", ecq.ecq_name, f"{name} | Interview cards | {ecq.ecq_name}",
                                blocks, 1.0))
    return writable(ExportDocument(
        title=f"{name}: interview cards ({framework.short_name})", author=name, subject="Structured interview preparation",
        sections=sections, layout=layout, typeface="sans"))


# characters XML (so Word) cannot hold: C0 controls but tab, newline and return, lone
# surrogates, U+FFFE/U+FFFF. They come with pastes (Word's vertical tab is a line break).
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_char(match: re.Match) -> str:
    return "\n" if match.group() in "\x0b\x0c" else " "


def writable(value):
    """The document with every string made writable by both writers, one character for
    one, so comment offsets stay true."""
    if isinstance(value, str):
        return _NOT_IN_XML.sub(_xml_char, value)
    if isinstance(value, (list, tuple)):
        return type(value)(writable(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: writable(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    return value


def _idp_blocks(idp: dict, framework: Framework) -> list:
    plan = DevelopmentPlan.from_dict(idp)
    blocks = []
    rows = []
    for target in plan.targets:
        label = framework.ecq(target.ecq_id).name if target.ecq_id in framework.ecq_ids else target.ecq_id
        if target.competency_id:
            try:
                label += " / " + framework.ecq(target.ecq_id).competency(target.competency_id).name
            except KeyError:
                label += " / " + target.competency_id
        blocks.append(Heading(f"Target: {label}", 2))
        gap = _SCORE.sub("", target.gap).strip()
        if gap:
            blocks.append(Paragraph(f"Gap: {gap}"))
        rows = tuple(
            (f"{activity.description} ({ACTIVITY_TYPES.get(activity.kind, activity.kind).lower()})",
             _dates(activity.start, activity.end), activity.mentor or plan.mentor, activity.measure,
             activity.status)
            for activity in target.activities)
        if rows:
            blocks.append(Table(IDP_COLUMNS, rows, IDP_WIDTHS))
        else:
            blocks.append(Paragraph("No activity planned yet."))
    facts = [f"Planned horizon: {plan.horizon_months} months."]
    if plan.mentor:
        facts.append(f"SES mentor or coach: {plan.mentor}.")
    for who, signoff in (("Supervisor", plan.supervisor), ("Executive Resources Board", plan.erb)):
        if signoff.name or signoff.date:
            facts.append(f"{who} sign-off: {signoff.name} {_date(signoff.date)}".rstrip() + ".")
    if plan.review_dates:
        facts.append("Reviews: " + ", ".join(d.isoformat() for d in plan.review_dates) + ".")
    if plan.targets or plan.mentor or plan.review_dates:
        blocks.append(Paragraph(" ".join(facts), space_before=6))
    blocks += _paragraphs(plan.notes)
    return blocks


def _dates(start, end) -> str:
    if start and end:
        return f"{_date(start)} to {_date(end)}"
    return _date(start) or _date(end)


def _date(value) -> str:
    return value.isoformat() if value else ""


def _number(value) -> str:
    return "" if value is None else f"{value:g}"
