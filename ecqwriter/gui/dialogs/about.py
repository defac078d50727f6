"""About ecqwriter: version, licences, privacy."""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
)

from ecqwriter import __version__
from ecqwriter.core.frameworks import load_all_frameworks


def about_text() -> str:
    lines = [f"<h3>ecqwriter {__version__}</h3>",
             "<p>An offline workbench for Senior Executive Service qualification packages. "
             "Your drafts never leave this computer.</p>",
             "<p>Licence: MIT. Third-party parts: Qt for Python (PySide6, LGPL-3.0), spaCy (MIT), "
             "python-docx (MIT), ReportLab (BSD), platformdirs (MIT), pyspellchecker (MIT), the English "
             "lemma table of spacy-lookups-data (MIT, from WordNet 3.0, Princeton licence), and the "
             "Liberation Serif and Liberation Sans fonts (SIL Open Font License 1.1).</p>",
             "<p><b>Framework packs and their sources</b></p><ul>"]
    for framework in load_all_frameworks():
        sources = "; ".join(f"{s.title} [{s.confidence}]" for s in framework.sources)
        lines.append(f"<li><b>{html.escape(framework.name)}</b>: {html.escape(sources)}</li>")
    lines.append("</ul>")
    return "".join(lines)


class AboutDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("About ecqwriter")
        layout = QVBoxLayout(self)
        text = QTextBrowser()
        text.setHtml(about_text())
        text.setAccessibleName("About ecqwriter")
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 420)
