"""The narrative editor: plain paragraphs, a CCAR gutter and findings underlined.

The highlighter never analyses: it paints the findings of the last analysis, mapped from
Python string offsets to Qt's UTF-16 positions.
"""

from __future__ import annotations

import bisect

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QPainter, QSyntaxHighlighter, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from ecqwriter.core.severity import SEVERITY_ORDER
from ecqwriter.gui.theme import SEVERITY_COLOURS, ccar_colour

CCAR_SCAFFOLD = (
    "Challenge: what problem or goal did you face, and when? (one short paragraph)\n\n"
    "Context: who and what was involved: people, budget, politics, deadlines.\n\n"
    "Action: what did you do? Write \"I ...\" for each decision and step.\n\n"
    "Result: what changed, in numbers: money, percentages, time, people."
)
GUTTER_LABELS = {"challenge": "Challenge", "context": "Context", "action": "Action",
                 "result": "Result", "mixed": "Mixed", "none": "Belief"}


def utf16_offsets(text: str):
    """A function mapping Python str offsets to Qt (UTF-16) positions in ``text``."""
    if all(ord(ch) <= 0xFFFF for ch in text):
        return lambda i: i
    prefix = [0]
    for ch in text:
        prefix.append(prefix[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return lambda i: prefix[max(0, min(i, len(text)))]


def python_offsets(text: str):
    """The inverse: Qt (UTF-16) positions to Python str offsets in ``text``."""
    if all(ord(ch) <= 0xFFFF for ch in text):
        return lambda q: max(0, min(q, len(text)))
    import bisect

    prefix = [0]
    for ch in text:
        prefix.append(prefix[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return lambda q: bisect.bisect_right(prefix, q) - 1


@dataclass
class PaintedFinding:
    start: int  # Qt positions
    end: int
    severity: str
    rule: str
    message: str
    fingerprint: str


SPELLING_COLOUR = "#c2185b"
COMMENT_COLOUR = "#fff0a0"
COMMENT_RESOLVED_COLOUR = "#ececec"


class FindingsHighlighter(QSyntaxHighlighter):
    def __init__(self, document):
        super().__init__(document)
        self.findings: list[PaintedFinding] = []
        self.misspelled: list[tuple[int, int, str]] = []  # Qt positions
        self.comments: list[tuple[int, int, bool]] = []  # Qt positions, resolved
        self._comments_by_start: list[tuple[int, int, bool]] = []
        self._comment_starts: list[int] = []
        self._longest_comment = 0
        self.show_info = True

    def set_comments(self, ranges: list[tuple[int, int, bool]], *, repaint: bool = True) -> None:
        """Comment ranges to paint; without ``repaint`` only blocks Qt re-highlights use them
        (after a keystroke, the edited block: the others keep their formats as they move)."""
        self.comments = ranges
        # sorted by start, so a block finds its comments by bisection (thousands of comments)
        self._comments_by_start = sorted((a, max(b, a + 1), resolved) for a, b, resolved in ranges)
        self._comment_starts = [a for a, _b, _r in self._comments_by_start]
        self._longest_comment = max((b - a for a, b, _r in self._comments_by_start), default=0)
        if repaint:
            self.rehighlight()

    def set_findings(self, findings: list[PaintedFinding], misspelled=None) -> None:
        self.findings = findings
        if misspelled is not None:
            self.misspelled = misspelled
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        if not self.findings and not self.misspelled and not self.comments:
            return
        block = self.currentBlock()
        start = block.position()
        end = start + block.length()
        marks = self._marks(text, start, end)
        if not marks:
            return
        # one format per stretch between mark boundaries, so a comment's background and a
        # finding's underline combine instead of the later replacing the earlier
        marks = [(a, b, paint) for a, b, paint in marks if b > a]
        cuts = sorted({0, len(text) + 1, *(a for a, _b, _f in marks), *(b for _a, b, _f in marks)})
        opening: dict[int, list[int]] = {}
        closing: dict[int, list[int]] = {}
        for index, (a, b, _paint) in enumerate(marks):
            opening.setdefault(a, []).append(index)
            closing.setdefault(b, []).append(index)
        active: set[int] = set()
        for x, y in zip(cuts, cuts[1:]):  # one sweep: linear in marks, whatever their number
            active.difference_update(closing.get(x, ()))
            active.update(opening.get(x, ()))
            if active:
                fmt = QTextCharFormat()
                for index in sorted(active):  # in the order marked: later paints win
                    marks[index][2](fmt)
                self.setFormat(x, y - x, fmt)

    def _marks(self, text: str, start: int, end: int) -> list:
        """(from, to, paint) in block positions; later paints win where they conflict."""
        marks = []

        def underline(style, colour):
            def paint(fmt):
                fmt.setUnderlineStyle(style)
                fmt.setUnderlineColor(colour)
            return paint

        for a, b, _word in self.misspelled:
            if start <= a < end:
                marks.append((a - start, min(b, end) - start,
                              underline(QTextCharFormat.WaveUnderline, QColor(SPELLING_COLOUR))))
        for finding in self.findings:
            if finding.severity == "info" and not self.show_info:
                continue
            if finding.end <= start or finding.start >= end:
                continue
            a = max(finding.start, start) - start
            b = min(finding.end, end) - start
            # a finding spanning a whole paragraph is marked on its first line only
            if finding.end - finding.start > 300:
                b = min(b, a + len(text.split(".")[0]) + 1)
            style = QTextCharFormat.SpellCheckUnderline if finding.severity != "info" else QTextCharFormat.DotLine
            marks.append((a, a + max(1, b - a), underline(style, QColor(SEVERITY_COLOURS[finding.severity]))))
        first = bisect.bisect_left(self._comment_starts, start - self._longest_comment)
        last = bisect.bisect_left(self._comment_starts, end)
        # a == b (the commented words were deleted) was widened to mark the place
        for a, b, resolved in self._comments_by_start[first:last]:
            if b <= start or a >= end:
                continue
            colour = QColor(COMMENT_RESOLVED_COLOUR if resolved else COMMENT_COLOUR)
            marks.append((max(a, start) - start, min(b, end) - start, lambda fmt, c=colour: fmt.setBackground(c)))
        return marks


class CcarGutter(QWidget):
    def __init__(self, editor: "NarrativeEditor"):
        super().__init__(editor)
        self.editor = editor
        self.setAccessibleName("CCAR labels of the paragraphs")

    def sizeHint(self) -> QSize:
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event) -> None:
        self.editor.paint_gutter(self, event)


class NarrativeEditor(QPlainTextEdit):
    """Editor for one example (or the résumé and other text parts)."""

    dismissRequested = Signal(str, str)  # rule, fingerprint
    commentRequested = Signal()
    helpRequested = Signal(str)  # rule
    addWordRequested = Signal(str)

    def __init__(self, parent=None, *, with_gutter: bool = True):
        super().__init__(parent)
        self.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.setTabChangesFocus(True)
        self.highlighter = FindingsHighlighter(self.document())
        self.paragraph_labels: list[tuple[int, str]] = []  # (Qt position, label)
        self.gutter = CcarGutter(self) if with_gutter else None
        if self.gutter is not None:
            self.blockCountChanged.connect(self._update_margins)
            self.updateRequest.connect(self._update_gutter)
            self._update_margins()
        self.setMouseTracking(True)
        self.speller = None  # set by the window once the spelling dictionary has loaded

    # ------------------------------------------------------------------ gutter

    def gutter_width(self) -> int:
        return self.fontMetrics().horizontalAdvance("Challenge") + 18 if self.gutter else 0

    def _update_margins(self, *_):
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _update_gutter(self, rect, dy):
        if self.gutter is None:
            return
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.gutter is not None:
            rect = self.contentsRect()
            self.gutter.setGeometry(QRect(rect.left(), rect.top(), self.gutter_width(), rect.height()))

    def set_paragraph_labels(self, labels: list[tuple]) -> None:
        """(position, label) or (position, label, parts) of each paragraph; ``parts`` are
        (position, part) of its sentences. A mixed paragraph shows its parts sentence by
        sentence, each beside the line where it starts."""
        self.paragraph_labels = [(entry[0], entry[1], entry[2] if len(entry) > 2 else []) for entry in labels]
        if self.gutter is not None:
            self.gutter.update()

    def gutter_marks(self) -> list[tuple[int, str]]:
        """(position, label) of every mark the margin shows, in order."""
        marks = []
        for position, label, parts in self.paragraph_labels:
            if parts and all(part == "none" for _, part in parts):
                marks.append((position, "none"))  # beliefs only, whatever the JSON label
                continue
            if label != "mixed" or not parts:
                marks.append((position, label))
                continue
            previous = None
            for start, part in parts:
                if part != previous:
                    marks.append((start, part))
                previous = part
        return marks

    def paint_gutter(self, gutter: QWidget, event) -> None:
        painter = QPainter(gutter)
        painter.fillRect(event.rect(), self.palette().alternateBase())
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        document = self.document()
        offset = self.contentOffset()
        line_height = self.fontMetrics().height()
        last_top = None
        dark = self.palette().alternateBase().color().lightness() < 128
        for position, label in self.gutter_marks():
            block = document.findBlock(position)
            if not block.isValid() or not block.isVisible():
                continue
            top = self.blockBoundingGeometry(block).translated(offset).top()
            line = block.layout().lineForTextPosition(position - block.position())
            if line.isValid():
                top += line.y()
            if last_top is not None and top < last_top + line_height:
                continue  # two sentences start on one line: the first one's mark stays
            last_top = top
            if top > event.rect().bottom() or top + line_height < event.rect().top():
                continue
            painter.setPen(QColor(ccar_colour(label, dark)))
            painter.drawText(4, int(top), gutter.width() - 8, line_height,
                             Qt.AlignRight | Qt.AlignVCenter, GUTTER_LABELS.get(label, label))
        painter.end()

    # ------------------------------------------------------------------ findings

    def finding_at(self, position: int) -> PaintedFinding | None:
        hits = [f for f in self.highlighter.findings if f.start <= position < max(f.end, f.start + 1)]
        if not hits:
            return None
        return min(hits, key=lambda f: (SEVERITY_ORDER[f.severity], f.end - f.start))

    def event(self, event):
        if event.type() == event.Type.ToolTip:
            cursor = self.cursorForPosition(event.pos() - self.viewport().pos())
            finding = self.finding_at(cursor.position())
            if finding is not None:
                QToolTip.showText(event.globalPos(), f"<b>{finding.rule}</b> ({finding.severity})<br>{finding.message}", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def misspelling_at(self, position: int):
        return next(((a, b, w) for a, b, w in self.highlighter.misspelled if a <= position < b), None)

    def contextMenuEvent(self, event):
        menu = self.createStandardContextMenu()
        position = self.cursorForPosition(event.pos()).position()
        wrong = self.misspelling_at(position)
        if wrong is not None and self.speller is not None:
            first = menu.actions()[0]
            a, b, word = wrong
            for suggestion in self.speller.suggestions(word):
                action = QAction(suggestion, menu)
                action.triggered.connect(lambda _=False, s=suggestion, a=a, b=b: self._replace_range(a, b, s))
                menu.insertAction(first, action)
            add = QAction(f"Add \"{word}\" to my dictionary", menu)
            add.triggered.connect(lambda _=False, w=word: self.addWordRequested.emit(w))
            menu.insertAction(first, add)
            menu.insertSeparator(first)
        comment = menu.addAction("Add comment…")
        comment.triggered.connect(self.commentRequested.emit)
        finding = self.finding_at(position)
        if finding is not None:
            menu.insertSeparator(menu.actions()[0])
            explain = menu.addAction(f"Explain \"{finding.rule}\"")
            explain.triggered.connect(lambda: self.helpRequested.emit(finding.rule))
            if finding.severity != "error":
                dismiss = menu.addAction("Dismiss this finding")
                dismiss.triggered.connect(lambda: self.dismissRequested.emit(finding.rule, finding.fingerprint))
        menu.exec(event.globalPos())

    def _replace_range(self, start: int, end: int, text: str) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.KeepAnchor)
        cursor.insertText(text)

    def select_range(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(max(0, min(start, self.document().characterCount() - 1)))
        cursor.setPosition(max(0, min(end, self.document().characterCount() - 1)), QTextCursor.KeepAnchor)
        self.setTextCursor(cursor)
        self.centerCursor()
        self.setFocus()

    def replace_all_text(self, text: str) -> None:
        """Replace the whole text as one undoable edit."""
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
