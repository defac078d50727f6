"""A pasted statement of two examples, in the window: the checks offer to split it, Package >
Split example in two makes two stories, and undo joins them again."""

import pytest

from test_example_finding import FIRST, ROLE, SECOND_DATED
from test_gui_window import make_window, new_package, select  # noqa: F401 (the fixture)
from ecqwriter.gui.panels.navigator import Node

pytestmark = pytest.mark.gui


def test_a_pasted_two_example_statement_is_offered_a_split_that_undo_joins(qtbot, make_window, tmp_path):  # noqa: F811
    window = make_window()
    new_package(window, tmp_path, framework="opm-2025")
    select(window, Node("ecq", "achieving-results"))
    window.editing.add_example()
    statement = "\n\n".join([ROLE, *FIRST, *SECOND_DATED])
    window.editor.insertPlainText(statement)  # a paste
    messages = []
    window.statusBar().messageChanged.connect(messages.append)
    qtbot.waitUntil(lambda: any("Split example in two" in m for m in messages), timeout=30000)
    offer = next(m for m in messages if "Split example in two" in m)
    assert "2 examples" in offer and "paragraph 5" in offer
    assert window.split_action.isEnabled()
    window.split_action.trigger()
    examples = window.state.session.package.narrative("achieving-results").examples
    assert [e.paragraphs for e in examples] == [[ROLE, *FIRST], SECOND_DATED]
    # the second story is on screen, and the first keeps its own text
    assert window.state.current.example_id == examples[1].id
    assert window.editor.toPlainText() == "\n\n".join(SECOND_DATED)
    window.undo_stack.undo()
    joined = window.state.session.package.narrative("achieving-results").examples
    assert len(joined) == 1 and joined[0].paragraphs == [ROLE, *FIRST, *SECOND_DATED]
    assert window.editor.toPlainText() == statement
    window.undo_stack.redo()
    assert [e.paragraphs for e in window.state.session.package.narrative("achieving-results").examples] == [
        [ROLE, *FIRST], SECOND_DATED]
