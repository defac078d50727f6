"""Showing a part of the package and editing it: texts, forms and the package's structure
(add, duplicate, rename, delete and move examples, each an undoable command)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog

from ecqwriter.application import stories
from ecqwriter.core.errors import EcqError
from ecqwriter.core.formats import framework_for
from ecqwriter.core.model import Example
from ecqwriter.core.paragraphs import paragraph_spans
from ecqwriter.gui import commands
from ecqwriter.gui.host import WindowHost
from ecqwriter.gui.panels.navigator import Node

PAGE_WELCOME, PAGE_EXAMPLE, PAGE_DETAILS, PAGE_TEXT, PAGE_CDP, PAGE_IDP, PAGE_RESUME = range(7)

TEXT_PART_TITLES = {
    "resume": "<h3>Résumé</h3><p>Limit: {resume_pages:g} pages. Use implied first person (no \"I\").</p>",
    "justification": "<h3>Agency justification (Criterion C)</h3><p>Why the selectee uniquely qualifies, and "
                     "how the ECQ gaps will be closed quickly.</p>",
    "idp": "<h3>Individual Development Plan (Criterion C)</h3><p>Until the structured IDP editor arrives, write "
           "the plan here: target ECQs and competencies, activities, dates, mentor, measures of success, "
           "sign-offs.</p>",
}


def ecq_page_html(ecq, examples: int) -> str:
    competencies = "".join(f"<li><b>{c.name}</b>{' (unconfirmed)' if c.unconfirmed else ''}: {c.meaning}</li>"
                           for c in ecq.competencies)
    return (f"<h3>{ecq.name}</h3><p>{ecq.meaning}</p><ul>{competencies}</ul>"
            f"<p>{examples} example(s). Add one with Package ▸ Add example (Ctrl+Shift+N).</p>")


class EditingController:
    def __init__(self, window: WindowHost, parent_widget):
        self.window = window
        self.parent = parent_widget
        self.loading = False  # filling the editors is not an edit
        self.editor_text = ""
        self.text_part_text = ""

    # ------------------------------------------------------------------ showing a part

    def show_node(self, node: Node) -> None:
        w = self.window
        if w.state.session is None:
            return
        w.state.current = node
        self.loading = True
        try:
            self._fill(node, w.state.session.package, self.text_locked())
        finally:
            self.loading = False
        w.update_actions()
        w.checking.show_checks()
        w.update_counts()
        w.review.text_shown()
        if node.kind == "example":
            w.checking.schedule(immediately=True)

    def _fill(self, node: Node, package, read_only: bool) -> None:
        w = self.window
        if node.kind == "example":
            example = self.example(node)
            ecq = w.state.framework.ecq(node.ecq_id)
            w.example_heading.setText(f"<b>{ecq.name}</b>: {ecq.meaning}")
            w.example_title.setText(example.title)
            w.example_title.setReadOnly(read_only)
            w.story_facts.load(example, read_only)
            w.editor.setPlainText(example.text)
            self.editor_text = w.editor.toPlainText()
            w.editor.setReadOnly(read_only)
            w.editor.highlighter.set_findings([])
            w.editor.set_paragraph_labels([])
            w.pages.setCurrentIndex(PAGE_EXAMPLE)
        elif node.kind == "ecq":
            ecq = w.state.framework.ecq(node.ecq_id)
            w.text_page.title.setText(ecq_page_html(ecq, len(package.narrative(node.ecq_id).examples)))
            w.text_editor.setVisible(False)
            w.text_page.structure_button.setVisible(False)
            w.pages.setCurrentIndex(PAGE_TEXT)
        elif node.kind == "details":
            w.details.load(package, w.state.framework, read_only)
            w.pages.setCurrentIndex(PAGE_DETAILS)
        elif node.kind == "cdp":
            w.cdp_form.load(package, read_only)
            w.pages.setCurrentIndex(PAGE_CDP)
        elif node.kind == "idp":
            w.idp_editor.load(package, w.state.framework, read_only)
            w.pages.setCurrentIndex(PAGE_IDP)
        elif node.kind == "resume" and package.resume_record:
            titles = [e.title for n in package.narratives.values() for e in n.examples if e.title.strip()]
            try:
                resume = stories.structured_resume(package)
            except EcqError as exc:  # a record this version cannot read: its text stays editable
                w.show_status(f"The structured résumé cannot be shown: {exc}", 10000)
                self._fill_text("resume", package, read_only)
                return
            w.resume_editor.load(resume, w.state.framework, titles, read_only, framework_for(package).length.resume_pages)
            w.pages.setCurrentIndex(PAGE_RESUME)
        else:
            self._fill_text(node.kind, package, read_only)

    def _fill_text(self, kind: str, package, read_only: bool) -> None:
        w = self.window
        texts = {"resume": package.resume, "justification": package.justification,
                 "idp": package.idp.get("notes", "") if isinstance(package.idp, dict) else ""}
        w.text_page.title.setText(TEXT_PART_TITLES[kind].format(
            resume_pages=framework_for(package).length.resume_pages))
        w.text_page.structure_button.setVisible(kind == "resume" and not read_only)
        w.text_editor.setVisible(True)
        w.text_editor.setPlainText(texts[kind])
        self.text_part_text = w.text_editor.toPlainText()
        w.text_editor.setReadOnly(read_only)
        w.pages.setCurrentIndex(PAGE_TEXT)

    def text_locked(self) -> bool:
        """The texts cannot be edited: a read-only package, or review mode."""
        w = self.window
        return w.state.session is None or w.state.session.read_only or w.review.review_mode

    def apply_editability(self) -> None:
        w = self.window
        locked = self.text_locked()
        for widget in (w.editor, w.text_editor, w.example_title):
            widget.setReadOnly(locked)
        if w.state.current is not None and w.state.current.kind in ("details", "cdp", "idp", "resume"):
            self.show_node(w.state.current)  # the forms load locked or unlocked
        w.update_title()
        w.update_actions()

    def example(self, node: Node) -> Example:
        for example in self.window.state.session.package.narrative(node.ecq_id).examples:
            if example.id == node.example_id:
                return example
        raise KeyError(node.example_id)

    def current_example(self) -> Example | None:
        w = self.window
        if w.state.session is None or w.state.current is None or w.state.current.kind != "example":
            return None
        try:
            return self.example(w.state.current)
        except KeyError:
            return None

    def target_ecq(self) -> str | None:
        current = self.window.state.current
        return current.ecq_id if current is not None and current.kind in ("ecq", "example") else None

    # ------------------------------------------------------------------ edits

    def example_text_changed(self) -> None:
        w = self.window
        if self.loading:
            return
        example = self.current_example()
        if example is None or w.state.session.read_only:
            return
        text = w.editor.toPlainText()
        # repainting findings makes Qt report a change of an unchanged text
        if text == self.editor_text:
            return
        w.review.text_edited(f"example:{example.id}", self.editor_text, text)
        self.editor_text = text
        example.text = text
        self.changed()

    def text_part_changed(self) -> None:
        w = self.window
        if self.loading or w.state.session is None or w.state.current is None or w.state.session.read_only:
            return
        text = w.text_editor.toPlainText()
        if text == self.text_part_text:
            return
        kind = w.state.current.kind
        if kind in ("resume", "justification"):
            w.review.text_edited(kind, self.text_part_text, text)
        self.text_part_text = text
        package = w.state.session.package
        if kind == "resume":
            package.resume = text
        elif kind == "justification":
            package.justification = text
        elif kind == "idp":
            package.idp = {**package.idp, "notes": text} if text.strip() else {
                k: v for k, v in package.idp.items() if k != "notes"}
        self.changed()

    def resume_edited(self) -> None:
        """The structured résumé changed: its record and its text are stored together."""
        w = self.window
        if self.loading or w.state.session is None or self.text_locked():
            return
        package = w.state.session.package
        before = package.resume
        stories.store_resume(package, w.resume_editor.resume)
        w.review.text_edited("resume", before, package.resume)
        self.changed()

    def start_structured_resume(self) -> None:
        """From a free-text résumé to fields; the free text is kept in the record to copy from."""
        w = self.window
        if w.state.session is None or self.text_locked():
            return
        package = w.state.session.package
        before = package.resume
        stories.start_structured_resume(package)
        w.review.text_edited("resume", before, package.resume)
        self.changed()
        self.show_node(Node("resume"))
        w.show_status("Your free text is kept under About you: copy its lines into the fields.", 8000)

    def part_changed(self) -> None:
        w = self.window
        if w.state.session is not None and not w.state.session.read_only:
            self.changed()

    def title_edited(self) -> None:
        w = self.window
        example = self.current_example()
        if example is None or self.text_locked():
            return
        title = w.example_title.text().strip()
        if title != example.title:
            w.undo_stack.push(commands.RenameExample(w, w.state.current.ecq_id, example, title))

    def changed(self) -> None:
        w = self.window
        w.state.session.changed()
        w.documents.set_save_state()
        w.checking.schedule()

    def structure_changed(self, select=None) -> None:
        """Called by undo commands after they change the package's structure."""
        w = self.window
        if w.state.session is None:
            return
        w.state.session.changed()
        node = Node(*select) if select else w.state.current
        w.navigator.rebuild(w.state.session.package, w.state.framework, node)
        w.documents.set_save_state()
        w.checking.schedule(immediately=True)

    # ------------------------------------------------------------------ structure commands

    def add_example(self) -> None:
        w = self.window
        ecq_id = self.target_ecq()
        if ecq_id is None or self.text_locked():
            return
        count = len(w.state.session.package.narrative(ecq_id).examples)
        w.undo_stack.push(commands.AddExample(w, ecq_id, Example(title=f"Example {count + 1}")))
        w.editor.setFocus()

    def duplicate_example(self) -> None:
        w = self.window
        example = self.current_example()
        if example is None or self.text_locked():
            return
        examples = w.state.session.package.narrative(w.state.current.ecq_id).examples
        w.undo_stack.push(commands.AddExample(w, w.state.current.ecq_id, commands.duplicate(example),
                                              examples.index(example) + 1, "Duplicate example"))

    def split_example(self) -> None:
        """Cut the story on screen in two: where the checks found a second example in it, or
        else before the paragraph holding the cursor."""
        w = self.window
        example = self.current_example()
        if example is None or self.text_locked():
            return
        text = w.editor.toPlainText()
        result = w.state.example_result
        at = stories.split_point(result) if result is not None and result.text == text else None
        if at is None:
            cursor = w.editor.textCursor().position()
            at = sum(1 for _, end in paragraph_spans(text) if end < cursor)
        if not 0 < at < len(example.paragraphs):
            w.show_status("Put the cursor in the paragraph that starts the second example, then split.")
            return
        w.undo_stack.push(commands.SplitExample(w, w.state.current.ecq_id, example, at))
        w.show_status("Split into two examples; Ctrl+Alt+Z joins them again.")

    def rename_example(self) -> None:
        w = self.window
        example = self.current_example()
        if example is None or self.text_locked():
            return
        title, ok = QInputDialog.getText(self.parent, "Rename example", "Title", text=example.title)
        if ok and title.strip() != example.title:
            w.undo_stack.push(commands.RenameExample(w, w.state.current.ecq_id, example, title.strip()))

    def delete_example(self) -> None:
        w = self.window
        example = self.current_example()
        if example is None or self.text_locked():
            return
        words = example.word_count()
        if words and not w.ask("Delete example", f"Delete \"{example.title or 'this example'}\" "
                               f"({words} words)? You can undo this with Ctrl+Alt+Z."):
            return
        w.undo_stack.push(commands.DeleteExample(w, w.state.current.ecq_id, example))

    def move_example(self, delta: int) -> None:
        w = self.window
        example = self.current_example()
        if example is not None and not self.text_locked():
            w.undo_stack.push(commands.MoveExample(w, w.state.current.ecq_id, example, delta))

    def move_by_id(self, example_id: str, delta: int) -> None:
        w = self.window
        if w.state.current is not None and w.state.current.example_id != example_id:
            w.navigator.setCurrentItem(w.navigator.item_for(Node("example", w.state.current.ecq_id, example_id)))
        self.move_example(delta)
