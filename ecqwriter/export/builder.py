"""Package -> ExportDocument: what goes into the QRB package, in which order.

Example titles and CCAR labels are working aids and are never exported.
"""

from __future__ import annotations

from ecqwriter.core.frameworks import Framework
from ecqwriter.core.idp import ACTIVITY_TYPES, DevelopmentPlan
from ecqwriter.core.layout import PageLayout
from ecqwriter.core.model import Criterion, Package
from ecqwriter.core.paragraphs import split_paragraphs
from ecqwriter.export.document import ExportDocument, Heading, Paragraph, Section, Table

EXAMPLE_GAP_POINTS = 12.0
IDP_COLUMNS = ("ECQ / competency", "Gap", "Activity", "Type", "Start", "End", "Mentor or coach", "Measure of success", "Status")


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(p) for p in split_paragraphs(text)]


def build_document(package: Package, framework: Framework, layout: PageLayout, *, scope: str = "package") -> ExportDocument:
    """``scope`` is "package" (everything the criterion needs), "narratives" (the ECQs only)
    or one ECQ id."""
    name = package.candidate.name.strip() or "Candidate"
    sections: list[Section] = []
    whole = scope == "package"
    if whole:
        title_lines = [package.target_position, package.announcement_number and f"Announcement {package.announcement_number}",
                       package.criterion.title]
        blocks = [Heading(f"{name}: Résumé", 1)]
        blocks += [Paragraph(line, "Subtitle") for line in title_lines if line]
        blocks += _paragraphs(package.resume)
        sections.append(Section("resume", "Résumé", f"{name} | Résumé", blocks, framework.length.resume_pages))
    for ecq in framework.ecqs:
        if scope not in ("package", "narratives") and scope != ecq.id:
            continue
        narrative = package.narratives.get(ecq.id)
        blocks = [Heading(ecq.name, 1)]
        for index, example in enumerate(e for e in (narrative.examples if narrative else []) if e.text.strip()):
            paragraphs = _paragraphs(example.text)
            if index and paragraphs:
                paragraphs[0] = Paragraph(paragraphs[0].text, space_before=EXAMPLE_GAP_POINTS)
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
                                [Heading("Agency justification", 1)] + _paragraphs(package.justification)))
        sections.append(Section("idp", "Individual Development Plan", f"{name} | Individual Development Plan",
                                [Heading("Individual Development Plan", 1)] + _idp_blocks(package.idp, framework)))
    return ExportDocument(
        title=f"{name}: SES qualifications ({framework.short_name})",
        author=name,
        subject=f"{package.criterion.title}; {package.target_position}".strip("; "),
        sections=sections,
        layout=layout,
        total_limit_pages=framework.length.total_pages,
    )


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
        for activity in target.activities or [None]:
            if activity is None:
                rows.append((label, target.gap, "", "", "", "", "", "", ""))
                continue
            rows.append((label, target.gap, activity.description, ACTIVITY_TYPES.get(activity.kind, activity.kind),
                         _date(activity.start), _date(activity.end), activity.mentor or plan.mentor,
                         activity.measure, activity.status))
    if rows:
        blocks.append(Table(IDP_COLUMNS, tuple(rows), (1.3, 1.3, 1.5, 0.9, 0.8, 0.8, 1.0, 1.3, 0.8)))
    facts = [f"Planned horizon: {plan.horizon_months} months."]
    if plan.mentor:
        facts.append(f"SES mentor or coach: {plan.mentor}.")
    for who, signoff in (("Supervisor", plan.supervisor), ("Executive Resources Board", plan.erb)):
        if signoff.name or signoff.date:
            facts.append(f"{who} sign-off: {signoff.name} {_date(signoff.date)}".rstrip() + ".")
    if plan.review_dates:
        facts.append("Reviews: " + ", ".join(d.isoformat() for d in plan.review_dates) + ".")
    if rows or plan.mentor or plan.review_dates:
        blocks.append(Paragraph(" ".join(facts), space_before=6))
    blocks += _paragraphs(plan.notes)
    return blocks


def _date(value) -> str:
    return value.isoformat() if value else ""


def _number(value) -> str:
    return "" if value is None else f"{value:g}"
