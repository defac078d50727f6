"""Undoable changes to the package's structure (examples added, moved, renamed, deleted)."""

from __future__ import annotations

import copy

from PySide6.QtGui import QUndoCommand

from ecqwriter.application import stories
from ecqwriter.core.model import Example, new_id
from ecqwriter.gui.host import WindowHost


class _PackageCommand(QUndoCommand):
    def __init__(self, window: WindowHost, text: str):
        super().__init__(text)
        self.window = window

    @property
    def package(self):
        return self.window.state.session.package

    def narrative(self, ecq_id):
        return self.package.narrative(ecq_id)

    def done(self, select=None):
        self.window.editing.structure_changed(select)


class AddExample(_PackageCommand):
    def __init__(self, window, ecq_id: str, example: Example, index: int | None = None, text: str = "Add example"):
        super().__init__(window, text)
        self.ecq_id, self.example = ecq_id, example
        self.index = len(window.state.session.package.narrative(ecq_id).examples) if index is None else index

    def redo(self):
        self.narrative(self.ecq_id).examples.insert(self.index, self.example)
        self.done(("example", self.ecq_id, self.example.id))

    def undo(self):
        self.narrative(self.ecq_id).examples.remove(self.example)
        self.done(("ecq", self.ecq_id, ""))


class DeleteExample(_PackageCommand):
    def __init__(self, window, ecq_id: str, example: Example):
        super().__init__(window, f"Delete \"{example.title or 'example'}\"")
        self.ecq_id, self.example = ecq_id, example
        self.index = window.state.session.package.narrative(ecq_id).examples.index(example)

    def redo(self):
        self.narrative(self.ecq_id).examples.remove(self.example)
        self.done(("ecq", self.ecq_id, ""))

    def undo(self):
        self.narrative(self.ecq_id).examples.insert(self.index, self.example)
        self.done(("example", self.ecq_id, self.example.id))


class MoveExample(_PackageCommand):
    def __init__(self, window, ecq_id: str, example: Example, delta: int):
        super().__init__(window, "Move example")
        self.ecq_id, self.example, self.delta = ecq_id, example, delta

    def _move(self, delta):
        examples = self.narrative(self.ecq_id).examples
        old = examples.index(self.example)
        new = max(0, min(len(examples) - 1, old + delta))
        examples.insert(new, examples.pop(old))
        self.done(("example", self.ecq_id, self.example.id))

    def redo(self):
        self._move(self.delta)

    def undo(self):
        self._move(-self.delta)


class RenameExample(_PackageCommand):
    def __init__(self, window, ecq_id: str, example: Example, title: str):
        super().__init__(window, "Rename example")
        self.ecq_id, self.example, self.title, self.old = ecq_id, example, title, example.title

    def redo(self):
        self.example.title = self.title
        self.done(("example", self.ecq_id, self.example.id))

    def undo(self):
        self.example.title = self.old
        self.done(("example", self.ecq_id, self.example.id))


class SplitExample(_PackageCommand):
    """One story cut in two before a paragraph (a pasted statement of two examples); undo
    joins them again exactly."""

    def __init__(self, window, ecq_id: str, example: Example, at: int):
        super().__init__(window, "Split example")
        self.ecq_id, self.example, self.at = ecq_id, example, at
        self.whole = list(example.paragraphs)
        self.second: Example | None = None

    def redo(self):
        if self.second is None:
            self.second = stories.split_story(self.example, self.at)
        else:
            self.example.paragraphs = self.whole[:self.at]
        examples = self.narrative(self.ecq_id).examples
        examples.insert(examples.index(self.example) + 1, self.second)
        self.done(("example", self.ecq_id, self.second.id))

    def undo(self):
        self.narrative(self.ecq_id).examples.remove(self.second)
        self.example.paragraphs = list(self.whole)
        self.done(("example", self.ecq_id, self.example.id))


def duplicate(example: Example) -> Example:
    twin = copy.deepcopy(example)
    twin.id = new_id()
    twin.title = f"{example.title or 'Example'} (copy)"
    return twin


_IMPORTED_FIELDS = ("narratives", "resume", "justification", "comments")


class ImportDraft(_PackageCommand):
    """An imported Word draft: the parts it changes are swapped whole, so undo is exact."""

    def __init__(self, window, apply):
        super().__init__(window, "Import Word draft")
        self.apply = apply
        self.before = self._state()
        self.after = None

    def _state(self):
        return {name: copy.deepcopy(getattr(self.package, name)) for name in _IMPORTED_FIELDS}

    def _restore(self, state):
        for name, value in state.items():
            setattr(self.package, name, copy.deepcopy(value))

    def redo(self):
        if self.after is None:
            self.apply(self.package)
            self.after = self._state()
        else:
            self._restore(self.after)
        self.done()

    def undo(self):
        self._restore(self.before)
        self.done()
