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


def test_reviewers_guide_names_real_rules_and_its_first_tier_are_errors():
    from ecqwriter.analysis.rules import ERROR, RULES

    guide = (ROOT / "resources" / "help" / "reviewing.md").read_text()
    named = re.findall(r"`([a-z][a-z0-9-]+)`", guide)
    assert len(set(named)) >= 20
    assert not [name for name in named if name not in RULES]
    first_tier = guide.split("1. **Errors")[1].split("2. **")[0]
    tier_rules = re.findall(r"`([a-z][a-z0-9-]+)`", first_tier)
    assert tier_rules and all(RULES[name].severity == ERROR for name in tier_rules)
    # every error-level rule a package check can raise is in the first tier, or is about the data itself
    errors = {name for name, rule in RULES.items() if rule.severity == ERROR} - {"unknown-framework"}
    assert errors <= set(tier_rules)
    from ecqwriter.gui.dialogs.help import help_markdown

    assert "## Reviewing a package" in help_markdown()
