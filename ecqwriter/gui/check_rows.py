"""Check results turned into what the panels show: rows, navigator statuses, jump targets.

Plain functions of the results and the package, with no widgets, so each is tested on its
own (tests/test_check_rows.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from ecqwriter.core.location import Location
from ecqwriter.core.paragraphs import paragraph_spans
from ecqwriter.core.severity import SEVERITY_ORDER, worst as worst_of
from ecqwriter.core.wording import plural
from ecqwriter.gui.panels.navigator import Node

# the checklist's words for a part, shortened for the navigator's column
SHORT_STATE = {"complete": "", "ready, with suggestions": "suggestions", "optional, empty": "empty"}


def worst(findings) -> str | None:
    return worst_of(f.severity for f in findings)


def example_rows(result, show_info: bool) -> list[dict]:
    """Rows for the findings of the example on screen, worst first, then in reading order."""
    rows = []
    for f in result.findings if result is not None else []:
        if f.severity == "info" and not show_info:
            continue
        rows.append({"rule": f.rule, "severity": f.severity, "message": f.message, "location": None,
                     "where_label": f"¶{f.paragraph + 1}" if f.paragraph is not None else "",
                     "start": f.start, "end": f.end, "fingerprint": f.fingerprint, "source": "example"})
    rows.sort(key=lambda r: (SEVERITY_ORDER[r["severity"]], r["start"] or 0))
    return rows


def report_rows(report, framework, show_info: bool, ecq_id: str | None = None) -> list[dict]:
    """Rows for a package report's findings: all of them, or those of one ECQ."""
    rows = []
    if report is None:
        return rows
    for finding in report.findings:
        place = finding.place()
        if ecq_id is not None and place.ecq_id != ecq_id:
            continue
        if finding.severity == "info" and not show_info:
            continue
        rows.append({"rule": finding.rule, "severity": finding.severity, "message": finding.message,
                     "location": place, "where_label": place.label(framework, short=True),
                     "where_full": place.label(framework),
                     "paragraph": finding.paragraph, "start": finding.start, "end": finding.end,
                     "fingerprint": finding.fingerprint, "source": "package"})
    return rows


@dataclass
class NavigatorStatus:
    node: Node
    text: str
    worst: str | None
    tip: str = ""


def navigator_statuses(report, package, framework) -> list[NavigatorStatus]:
    """The status column of the navigator: words, pages and the worst finding of each part."""
    if report is None or report.framework is None:
        return []
    out = []
    for ecq in report.ecqs:
        findings = [f for f in report.findings if f.place().ecq_id == ecq.ecq]
        # stories of a résumé-based application have no page limit of their own
        size = f"{ecq.words} w · {ecq.est_pages:.1f}/{ecq.limit_pages:g} p" if ecq.limit_pages else f"{ecq.words} w"
        out.append(NavigatorStatus(Node("ecq", ecq.ecq), size,
                                   worst(findings), f"score {ecq.score:.2f}; {plural(len(findings), 'finding')}"))
        examples = [e for e in package.narrative(ecq.ecq).examples if e.text.strip()]
        for index, example in enumerate(examples, 1):
            mine = [f for f in findings if f.place().example == index]
            out.append(NavigatorStatus(Node("example", ecq.ecq, example.id), f"{example.word_count()} w",
                                       worst(mine), plural(len(mine), "finding")))
    resume = [f for f in report.findings if f.place().part == "resume"]
    out.append(NavigatorStatus(Node("resume"), f"{report.resume_pages:.1f}/{framework.length.resume_pages:g} p",
                               worst(resume)))
    # a part that is missing says so (the checklist's word); otherwise the status says what is
    # wrong ("2 warnings"), never "missing" for a part that is there
    states = {item["where"]: item["state"] for item in report.checklist}
    for kind in ("justification", "idp", "cdp"):
        mine = [f for f in report.findings if f.place().part == kind]
        state = states.get(kind, "")
        text = state if state in ("missing", "optional, empty") else _counted(mine)
        out.append(NavigatorStatus(Node(kind), SHORT_STATE.get(text, text), worst(mine), state))
    return out


def _counted(findings) -> str:
    """"1 error, 2 warnings" (information notes are not counted)."""
    parts = [plural(sum(1 for f in findings if f.severity == severity), severity)
             for severity in ("error", "warning") if any(f.severity == severity for f in findings)]
    return ", ".join(parts)


def resume_line_notes(report) -> dict[tuple[int, int], list[str]]:
    """What the checks say of each résumé bullet, by (job, bullet), 1-based: the notes the
    résumé editor shows beside the selected bullet, worst first."""
    notes: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for finding in report.findings if report is not None else []:
        place = finding.place()
        if place.part == "resume" and place.job is not None:
            notes.setdefault((place.job, place.bullet), []).append(
                (SEVERITY_ORDER[finding.severity], f"{finding.severity.capitalize()}: {finding.message}"))
    return {key: [text for _, text in sorted(found)] for key, found in notes.items()}


@dataclass
class JumpTarget:
    node: Node
    start: int | None = None  # offsets in the example's own text
    end: int | None = None


def jump_target(row: dict, package, shown_text: str | None = None) -> JumpTarget | None:
    """Where a package finding's row leads: the part to show and, for a finding in an
    example, the words to select in that example's text. ``shown_text`` is the example's
    text as the editor has it, if it differs from the saved one (typed since the check)."""
    # a checklist entry names its part as the check JSON does; a finding carries its place
    place = row["location"] if row.get("location") is not None else Location.parse(row["where"])
    if place.part == "ecq":
        if place.example is None:
            return JumpTarget(Node("ecq", place.ecq_id))
        index = place.example - 1
        joined = package.narrative(place.ecq_id).joined()
        if not 0 <= index < len(joined.examples):
            return None
        example = joined.examples[index]
        target = JumpTarget(Node("example", place.ecq_id, example.id))
        if row.get("start") is None:
            return target
        # package offsets are into the ECQ's joined text; translate into this example
        prefix = joined.char_starts[index]
        start, end = row["start"] - prefix, row["end"] - prefix
        if shown_text is not None and shown_text != example.text:
            for (a, b), (c, _) in zip(paragraph_spans(example.text), paragraph_spans(shown_text)):
                if a <= start <= b:
                    start, end = start - a + c, end - a + c
                    break
        target.start, target.end = start, end
        return target
    if place.part in ("resume", "justification", "idp", "cdp", "package"):
        return JumpTarget(Node("details") if place.part == "package" else Node(place.part))
    return None
