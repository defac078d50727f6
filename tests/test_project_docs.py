"""The README's promises stay true: its test command is what CI runs, its rules documented."""

import re

from conftest import ROOT


def readme_commands():
    return re.findall(r"```\n(python3 -m venv[^\n]+)\n```", (ROOT / "README.md").read_text())


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_test_one():
    commands = readme_commands()
    assert len(commands) == 2
    assert "ecqwriter --sample" in commands[0]
    ci = (ROOT / ".ci" / "run").read_text()
    assert commands[1] in ci.splitlines()


def test_every_rule_is_documented():
    from ecqwriter.analysis.rules import RULES

    rules_doc = (ROOT / "resources" / "help" / "rules.md").read_text()
    for rule in RULES:
        assert f"## `{rule}`" in rules_doc


def test_version_matches_pyproject():
    import tomllib

    from ecqwriter import __version__

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["version"] == __version__
