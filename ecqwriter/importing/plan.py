"""What a Word draft would become in a package: a plan the user previews, then applies.

``plan_import`` only reads; nothing reaches the package until ``apply_plan`` runs after
the user confirmed the preview (where each part's destination can be changed).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ecqwriter.core.comments import Comment, Reply, example_target
from ecqwriter.core.frameworks import Framework
from ecqwriter.core.model import RECOMMENDED_MAX_EXAMPLES, Example, Package, now_utc
from ecqwriter.importing.docx_reader import PSEUDO_HEADING_LEVEL, WordDraft, read_docx

SKIP = "skip"
RESUME = "resume"
JUSTIFICATION = "justification"
CCAR_LABELS = {"challenge", "context", "action", "actions", "result", "results", "situation", "task"}
EXAMPLE_HEADING = re.compile(r"^(example|accomplishment|ccar|story|scenario)\b", re.IGNORECASE)
ECQ_NUMBER = re.compile(r"^ecq\s*#?\s*(\d)\b", re.IGNORECASE)


@dataclass
class PlannedComment:
    start: int  # offsets in the planned example's text
    end: int
    author: str
    body: str
    created: object  # datetime or None
    replies: list[tuple[str, str, object]] = field(default_factory=list)
    resolved: bool = False


@dataclass
class PlannedExample:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    comments: list[PlannedComment] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


@dataclass
class PlannedPart:
    """One part of the draft (an ECQ's narrative, the résumé, text before the first heading)."""

    heading: str  # as found in the draft ("" for the text before any heading)
    destination: str  # an ECQ id, RESUME, JUSTIFICATION or SKIP; the user may change it
    examples: list[PlannedExample] = field(default_factory=list)

    def word_count(self) -> int:
        return sum(e.word_count() for e in self.examples)


@dataclass
class ImportPlan:
    source: Path
    framework_id: str
    parts: list[PlannedPart]
    notes: list[str] = field(default_factory=list)

    def destinations(self) -> dict[str, list[PlannedPart]]:
        found: dict[str, list[PlannedPart]] = {}
        for part in self.parts:
            if part.destination != SKIP and part.word_count():
                found.setdefault(part.destination, []).append(part)
        return found

    def warnings(self, framework: Framework) -> list[str]:
        """Problems with the plan as the user has set it now (shown live in the preview)."""
        problems = []
        for destination, parts in self.destinations().items():
            if destination in framework.ecq_ids:
                count = sum(len(p.examples) for p in parts)
                if count > RECOMMENDED_MAX_EXAMPLES:
                    problems.append(f"{framework.ecq(destination).name}: {count} examples; a QRB expects one or two")
        if not any(d in framework.ecq_ids for d in self.destinations()):
            problems.append("No part goes to an ECQ yet: choose where each part goes")
        return problems


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def classify_heading(heading: str, framework: Framework) -> str | None:
    """An ECQ id, RESUME, JUSTIFICATION, "example", "ccar" or None (an unknown heading)."""
    folded = _fold(heading)
    if not folded:
        return None
    words = folded.split()
    if folded in {"curriculum vitae", "cv"} or "resume" in words[:1] + words[-1:]:
        return RESUME  # "Résumé", "Federal résumé", "Jane Doe: Résumé" (our own export's heading)
    if "justification" in folded:
        return JUSTIFICATION
    if folded.rstrip(":") in CCAR_LABELS:
        return "ccar"
    number = ECQ_NUMBER.match(folded)
    best, best_score = None, 0.0
    for position, ecq in enumerate(framework.ecqs, 1):
        names = [_fold(ecq.name), _fold(ecq.id.replace("-", " "))]
        for name in names:
            if name and (name in folded or (folded in name and len(folded.split()) >= 2)):
                score = len(name) / max(len(folded), 1)
                if score > best_score:
                    best, best_score = ecq.id, score
        if best is None and number and int(number.group(1)) == position:
            best, best_score = ecq.id, 0.01
    if best is not None:
        return best
    if EXAMPLE_HEADING.match(folded):
        return "example"
    return None


def plan_from_draft(draft: WordDraft, framework: Framework) -> ImportPlan:
    parts: list[PlannedPart] = [PlannedPart("", SKIP)]
    ecq_level: int | None = None
    pending_label = ""
    # (part, example, paragraph index, offset shift) of each block, for placing comments
    placed: dict[int, tuple[PlannedPart, PlannedExample, int, int]] = {}

    def current_example(part: PlannedPart, title: str = "") -> PlannedExample:
        if not part.examples or (title and part.examples[-1].paragraphs):
            part.examples.append(PlannedExample(title or f"Example {len(part.examples) + 1}"))
        elif title:
            part.examples[-1].title = title
        return part.examples[-1]

    for index, block in enumerate(draft.blocks):
        part = parts[-1]
        kind = classify_heading(block.text, framework) if block.heading_level else "text"
        if kind is None and block.heading_level == PSEUDO_HEADING_LEVEL:
            kind = "text"  # a short bold line we do not recognise is emphasis, not a heading
        if kind in framework.ecq_ids or kind in (RESUME, JUSTIFICATION):
            # a part's heading closes the part before it, whatever its level
            parts.append(PlannedPart(block.text, kind))
            ecq_level = block.heading_level
            pending_label = ""
            continue
        if kind == "ccar":
            pending_label = block.text.rstrip(":").strip()
            continue
        if kind != "text":  # an example's heading, or a heading we do not know
            inside = part.destination != SKIP or part.heading
            if inside and (kind == "example" or ecq_level is None or block.heading_level >= ecq_level):
                current_example(part, block.text)
                pending_label = ""
                continue
            parts.append(PlannedPart(block.text, SKIP))  # a part we do not know: the user decides
            continue
        example = current_example(part)
        text = block.text
        shift = 0
        if pending_label:
            text = f"{pending_label}: {text}"
            shift = len(pending_label) + 2
            pending_label = ""
        placed[index] = (part, example, len(example.paragraphs), shift)
        example.paragraphs.append(text)

    parts = [p for p in parts if p.word_count() or p.heading]
    plan = ImportPlan(draft.path, framework.id, parts)
    _place_comments(draft, placed)
    _notes(plan, draft)
    return plan


def _place_comments(draft: WordDraft, placed) -> None:
    threads = {c.id: c for c in draft.comments}
    planned: dict[str, PlannedComment] = {}
    order = sorted(placed)
    for comment in draft.comments:
        if comment.parent_id and comment.parent_id in threads:
            continue
        anchor = _locate(comment.start, placed, order) if comment.start else None
        if anchor is None:
            continue
        example, start = anchor
        end_anchor = _locate(comment.end, placed, order) if comment.end else None
        end = end_anchor[1] if end_anchor is not None and end_anchor[0] is example else len(example.text)
        planned[comment.id] = PlannedComment(start, max(start, end), comment.author, comment.body or "(empty comment)",
                                             comment.created, resolved=comment.done)
        example.comments.append(planned[comment.id])
    for comment in draft.comments:
        thread = planned.get(comment.parent_id or "")
        if thread is not None:
            thread.replies.append((comment.author, comment.body, comment.created))


def _locate(mark, placed, order: list[int]):
    """(example, offset in its text) of a comment mark; ``order`` is sorted(placed)."""
    block, offset = mark
    if block not in placed:
        # a mark on an empty or heading paragraph belongs to the next text paragraph
        following = bisect.bisect_left(order, block)
        if following == len(order):
            return None
        block, offset = order[following], 0
    part, example, paragraph, shift = placed[block]
    start = sum(len(p) + 2 for p in example.paragraphs[:paragraph]) + shift + offset
    return example, min(start, len(example.text))


def _notes(plan: ImportPlan, draft: WordDraft) -> None:
    if draft.insertions_accepted or draft.deletions_dropped:
        plan.notes.append(f"Tracked changes were taken as accepted ({draft.insertions_accepted} insertions kept, "
                          f"{draft.deletions_dropped} deletions left out). Check the text in the preview.")
    if draft.tables:
        plan.notes.append(f"{draft.tables} table(s) became {draft.table_rows} paragraph(s), one per row.")
    if draft.skipped_text_boxes:
        plan.notes.append(f"{draft.skipped_text_boxes} text box(es) were not imported.")
    comment_count = sum(len(e.comments) for p in plan.parts for e in p.examples)
    if draft.comments:
        plan.notes.append(f"{comment_count} Word comment thread(s) will come in as comments.")
    if not any(p.destination != SKIP for p in plan.parts):
        plan.notes.append("No ECQ headings were recognised; choose where each part goes.")


def plan_import(path: str | Path, framework: Framework) -> ImportPlan:
    """Read a Word draft and propose where each part goes; changes nothing."""
    return plan_from_draft(read_docx(path), framework)


@dataclass
class ImportOutcome:
    examples_added: int = 0
    comments_added: int = 0
    parts_skipped: int = 0
    replaced_examples: int = 0


def apply_plan(plan: ImportPlan, package: Package, framework: Framework, *, replace: bool = False,
               importer: str = "") -> ImportOutcome:
    """Put the planned parts into ``package`` (after the user confirmed the preview).

    With ``replace`` the examples of each ECQ that receives text are replaced; otherwise the
    imported examples come after the existing ones."""
    outcome = ImportOutcome()
    touched: set[str] = set()
    for part in plan.parts:
        if part.destination == SKIP or not part.word_count():
            outcome.parts_skipped += 1
            continue
        if part.destination in (RESUME, JUSTIFICATION):
            text = "\n\n".join(p for e in part.examples for p in e.paragraphs)
            old = getattr(package, part.destination)
            setattr(package, part.destination, text if replace or not old.strip() else f"{old}\n\n{text}")
            continue
        package.ensure_narratives(framework)
        narrative = package.narrative(part.destination)
        if replace and part.destination not in touched:
            outcome.replaced_examples += len(narrative.examples)
            removed = {example_target(e.id) for e in narrative.examples}
            package.comments = [c for c in package.comments if c.target not in removed]
            narrative.examples = []
        touched.add(part.destination)
        for planned in part.examples:
            if not planned.paragraphs:
                continue
            example = Example(planned.title, list(planned.paragraphs))
            narrative.examples.append(example)
            outcome.examples_added += 1
            for note in planned.comments:
                comment = Comment(example_target(example.id), note.start, note.end, note.author, note.body,
                                  example.text[note.start:note.end][:400], note.created or now_utc())
                comment.replies = [Reply(author, body, when or comment.created) for author, body, when in note.replies]
                if note.resolved:
                    comment.resolve(importer or note.author)
                package.comments.append(comment)
                outcome.comments_added += 1
    return outcome
