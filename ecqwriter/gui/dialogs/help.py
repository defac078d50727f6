"""The guide to ECQs, CCAR and the checks (the bundled help files)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
)

from ecqwriter.application.checking import RULES
from ecqwriter.core.resources import resource_path


def help_markdown(anchor_rule: str | None = None) -> str:
    guide = resource_path("help", "user-guide.md").read_text(encoding="utf-8")
    reviewing = resource_path("help", "reviewing.md").read_text(encoding="utf-8")
    rules = resource_path("help", "rules.md").read_text(encoding="utf-8")
    # the reviewers' page is a chapter of the guide here: one heading level down
    reviewing = reviewing.replace("\n## ", "\n### ").replace("# Reviewing a package", "## Reviewing a package", 1)
    return guide + "\n\n" + reviewing + "\n\n" + rules


class HelpDialog(QDialog):
    def __init__(self, parent=None, rule: str | None = None):
        super().__init__(parent)
        self.setWindowTitle("ecqwriter guide")
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Guide")
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(help_markdown())
        layout.addWidget(self.browser)
        if rule == "reviewing":
            self.browser.find("Reviewing a package")
        elif rule in RULES:
            # the rendered heading of the rule's section: "passive-voice (info)" (the
            # backticks of the Markdown are gone once it is rendered)
            self.browser.find(f"{rule} ({RULES[rule].severity})")
        self._scrolled = False
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._scrolled and self.browser.textCursor().hasSelection():
            self._scrolled = True
            self._section_to_top()
            # a long guide is laid out in steps after the first paint, which moves the section:
            # place it again once the layout has settled
            QTimer.singleShot(0, self._section_to_top)
            QTimer.singleShot(100, self._section_to_top)

    def _section_to_top(self) -> None:
        """The section found opens at the top of the view, not at its bottom edge."""
        bar = self.browser.verticalScrollBar()
        bar.setValue(bar.value() + self.browser.cursorRect().top())
