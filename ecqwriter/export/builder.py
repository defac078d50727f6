"""Package -> ExportDocument: what goes into the QRB package, in which order.

Example titles and CCAR labels are working aids and are never exported.
"""

from __future__ import annotations

from ecqwriter.core.frameworks import Framework
from ecqwriter.core.layout import PageLayout
from ecqwriter.core.model import Criterion, Package
from ecqwriter.core.paragraphs import split_paragraphs
from ecqwriter.export.document import ExportDocument, Heading, Paragraph, Section, Table

EXAMPLE_GAP_POINTS = 12.0
IDP_COLUMNS = ("ECQ / competency", "Gap", "Activity", "Type", "Start", "End", "Mentor or coach", "Measure of success", "Status")
IDP_FIELDS = ("target", "gap", "activity", "type", "start", "end", "mentor", "measure", "status")


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
                                [Heading("Individual Development Plan", 1)] + _idp_blocks(package.idp)))
    return ExportDocument(
        title=f"{name}: SES qualifications ({framework.short_name})",
        author=name,
        subject=f"{package.criterion.title}; {package.target_position}".strip("; "),
        sections=sections,
        layout=layout,
        total_limit_pages=framework.length.total_pages,
    )


def _idp_blocks(idp: dict) -> list:
    blocks = []
    activities = idp.get("activities") if isinstance(idp, dict) else None
    if isinstance(activities, list) and activities:
        rows = tuple(tuple(str(a.get(f, "") or "") for f in IDP_FIELDS) for a in activities if isinstance(a, dict))
        blocks.append(Table(IDP_COLUMNS, rows, (1.3, 1.3, 1.5, 0.9, 0.8, 0.8, 1.0, 1.3, 0.8)))
    notes = idp.get("notes", "") if isinstance(idp, dict) else ""
    blocks += _paragraphs(notes)
    return blocks


def _date(value) -> str:
    return value.isoformat() if value else ""


def _number(value) -> str:
    return "" if value is None else f"{value:g}"
