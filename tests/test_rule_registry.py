"""One registry of rules (analysis/rules.py): what every check says comes from it."""

import ast
import string

from conftest import ROOT

from ecqwriter.analysis.rules import CATEGORIES, RULES


def test_every_rule_has_a_category_a_message_and_a_help_section():
    guide = (ROOT / "resources" / "help" / "rules.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert rule.category in CATEGORIES, rule.id
        assert rule.severity in ("error", "warning", "info")
        assert rule.message.strip() and rule.title and rule.why
        fields = [name for _, name, _, _ in string.Formatter().parse(rule.message) if name is not None]
        assert all(name.isidentifier() for name in fields), (rule.id, fields)
        assert f"## `{rule.help_anchor}` ({rule.severity})" in guide, rule.id


def test_detectors_never_write_their_own_messages():
    """make_finding's second argument is the values for the template, never a text."""
    for path in (ROOT / "ecqwriter").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "make_finding":
                assert isinstance(node.args[0], (ast.Constant, ast.Name)), f"{path}:{node.lineno}"
                if len(node.args) > 1:
                    assert not isinstance(node.args[1], (ast.Constant, ast.JoinedStr, ast.BinOp)), \
                        f"{path}:{node.lineno} writes its own message"
