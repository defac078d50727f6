"""The window's parts, built and connected: the docks (package, checks, comments), the pages
in the middle (a story, the details, a text part, the CDP record, the plan, the résumé) and
the status bar. ``main_window`` calls ``build_parts`` once; what each part does is in its
controller.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QLineEdit, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from ecqwriter.gui import check_rows
from ecqwriter.gui.editors.forms import CdpForm, DetailsForm
from ecqwriter.gui.editors.idp import IdpEditor
from ecqwriter.gui.editors.narrative import CCAR_SCAFFOLD, NarrativeEditor
from ecqwriter.gui.editors.resume import ResumeEditor
from ecqwriter.gui.editors.story_facts import StoryFactsPanel
from ecqwriter.gui.editors.text_part import TextPartPage
from ecqwriter.gui.panels.checks import ChecksPanel
from ecqwriter.gui.panels.navigator import NavigatorTree


def scrolling(page: QWidget) -> QScrollArea:
    """A form that scrolls rather than widen the window (it must fit a 1366-pixel screen)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.NoFrame)
    area.setWidget(page)
    return area


def _dock(window, title: str, name: str, widget: QWidget, area) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)  # the window's saved layout finds it by name
    dock.setWidget(widget)
    window.addDockWidget(area, dock)
    return dock


def build_parts(window) -> None:
    """Create the window's parts as attributes of ``window`` (gui/host.py names them) and
    connect their signals to the controllers that own what they do."""
    window.navigator = NavigatorTree()
    window.navigator.nodeActivated.connect(window.editing.show_node)
    window.navigator.moveRequested.connect(window.editing.move_by_id)
    window.navigator.setMinimumWidth(200)
    nav_dock = _dock(window, "Package", "navigator", window.navigator, Qt.LeftDockWidgetArea)
    window.checks = ChecksPanel()
    window.checks.findingActivated.connect(window.checking.jump_to_finding)
    window.checks.setMinimumWidth(280)
    checks_dock = _dock(window, "Checks", "checks", window.checks, Qt.RightDockWidgetArea)
    window.comments_dock = _dock(window, "Comments", "comments", window.review.panel, Qt.RightDockWidgetArea)
    window.tabifyDockWidget(checks_dock, window.comments_dock)
    checks_dock.raise_()
    window.side_docks = [nav_dock, checks_dock]

    window.pages = QStackedWidget()
    welcome = QLabel("<h2>ecqwriter</h2><p>Create a package (Ctrl+N) or open one (Ctrl+O).</p>"
                     "<p>New to it? Open a finished example: File \u25b8 Open a sample (a 2025 résumé-only "
                     "application, the classic 2006 package, Criterion B and C).</p>"
                     "<p>Your drafts stay on this computer.</p>")
    welcome.setWordWrap(True)
    welcome.setAlignment(Qt.AlignCenter)
    window.pages.addWidget(welcome)

    example_page = QWidget()
    layout = QVBoxLayout(example_page)
    window.example_heading = QLabel()
    window.example_heading.setWordWrap(True)
    window.example_title = QLineEdit()
    window.example_title.setPlaceholderText("Example title (for you; never exported)")
    window.example_title.setAccessibleName("Example title")
    window.example_title.editingFinished.connect(window.editing.title_edited)
    window.story_facts = StoryFactsPanel()
    window.story_facts.changed.connect(window.editing.part_changed)
    window.editor = NarrativeEditor()
    window.editor.setAccessibleName("Narrative example editor")
    window.editor.setPlaceholderText(CCAR_SCAFFOLD)
    window.editor.textChanged.connect(window.editing.example_text_changed)
    window.editor.dismissRequested.connect(window.checking.dismiss_finding)
    window.editor.helpRequested.connect(window.show_help)
    window.editor.addWordRequested.connect(window.checking.add_to_dictionary)
    window.editor.commentRequested.connect(window.review.add_comment)
    layout.addWidget(window.example_heading)
    layout.addWidget(window.example_title)
    layout.addWidget(window.story_facts)
    layout.addWidget(window.editor, 1)
    window.pages.addWidget(example_page)

    window.details = DetailsForm()
    window.details.changed.connect(window.editing.part_changed)
    window.details.formatChanged.connect(window.documents.format_changed)
    window.pages.addWidget(scrolling(window.details))

    window.text_editor = NarrativeEditor(with_gutter=False)
    window.text_editor.setAccessibleName("Text editor")
    window.text_editor.textChanged.connect(window.editing.text_part_changed)
    window.text_editor.commentRequested.connect(window.review.add_comment)
    window.text_page = TextPartPage(window.text_editor)
    window.text_page.structure_button.clicked.connect(window.editing.start_structured_resume)
    window.pages.addWidget(window.text_page)

    window.cdp_form = CdpForm()
    window.cdp_form.changed.connect(window.editing.part_changed)
    window.pages.addWidget(scrolling(window.cdp_form))
    window.idp_editor = IdpEditor()
    window.idp_editor.changed.connect(window.editing.part_changed)
    window.idp_editor.proposals_source = window.checking.weak_ecq_proposals
    window.pages.addWidget(scrolling(window.idp_editor))
    window.resume_editor = ResumeEditor()
    # the résumé editor follows the checks: each bullet's findings beside it
    window.state.reportChanged.connect(lambda: window.resume_editor.experience.set_line_notes(
        check_rows.resume_line_notes(window.state.report)))
    window.resume_editor.changed.connect(window.editing.resume_edited)
    window.resume_editor.bulletFromStoryRequested.connect(lambda: window.interview.add_bullet_from_a_story())
    window.pages.addWidget(scrolling(window.resume_editor))
    window.setCentralWidget(window.pages)
    window.apply_font_size(window.settings.font_size)

    window.save_state = QLabel("No package")
    window.save_state.setAccessibleName("Save state")
    window.analysis_state = QLabel("Loading checks…")
    window.analysis_state.setAccessibleName("Checks state")
    window.count_state = QLabel("")
    window.statusBar().addWidget(window.save_state)
    window.statusBar().addPermanentWidget(window.count_state)
    window.statusBar().addPermanentWidget(window.analysis_state)
