"""Examples found in any text: a statement of two examples, pasted or analysed whole, is read
as two, each decoded challenge -> ... -> result; a story of one example stays one; the
editor's split makes two stories and undo joins them.

The statements here were written for this test, in wording unlike the corpus's."""

import json

import pytest

from conftest import run_cli
from ecqwriter.analysis.engine import Analyzer
from ecqwriter.application.stories import split_point, split_story
from ecqwriter.core.model import Example

ROLE = ("As Deputy Director for Field Operations at a federal benefits agency, I oversee 14 district offices, "
        "900 staff and an operating budget of $85 million.")
FIRST = [
    "Our district offices were taking 41 days on average to decide disability claims, twice the national "
    "standard, and the backlog stood at 22,000 cases.",
    "I redesigned the intake process so that complete claims went straight to a decision team, and I moved "
    "60 examiners from two overstaffed offices to the four with the worst delays. I met each week with the "
    "district managers to review the numbers and remove whatever slowed them down.",
    "Within a year the average decision time fell to 19 days and the backlog dropped below 5,000 cases.",
]
SECOND_DATED = [
    "In 2023 a ransomware attack took our case management system offline for nine days, and claimants "
    "could not be paid.",
    "I set up a paper-based fallback with the regional finance office, assigned staff to issue emergency "
    "payments by hand, and briefed the Commissioner twice a day.",
    "All 31,000 claimants due a payment were paid within four days, and the fallback became the agency's "
    "standard continuity plan.",
]
SECOND_UNMARKED = [
    "The agency's telephone service was also failing: callers waited more than an hour and a third of "
    "calls were abandoned.",
    "I brought in a callback system, trained 120 staff from quieter units to answer calls at peak times, "
    "and published the waiting times on our website every week.",
    "Average waits fell to 12 minutes and abandoned calls to 6 percent within eight months.",
]


def _statement(second: list[str]) -> str:
    return "\n\n".join([ROLE, *FIRST, *second]) + "\n"


@pytest.mark.parametrize("second", [SECOND_DATED, SECOND_UNMARKED], ids=["dated", "unmarked"])
def test_analyze_reads_a_two_example_statement_as_two_examples(tmp_path, second):
    path = tmp_path / "statement.txt"
    path.write_text(_statement(second), encoding="utf-8")
    result = run_cli("analyze", path, "--framework", "opm-2025", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [e["paragraphs"] for e in data["examples"]] == [[0, 1, 2, 3], [4, 5, 6]]
    assert [p["example"] for p in data["paragraphs"]] == [0, 0, 0, 0, 1, 1, 1]
    # each example decoded challenge -> ... -> result, sentence by sentence (the statement's
    # role summary, before the first example's challenge, is context)
    decoded = [[part["ccar"] for p in data["paragraphs"] if p["example"] == e for part in p["parts"]]
               for e in (0, 1)]
    assert decoded[0][0] == "context" and decoded[0][1] == "challenge" and decoded[0][-1] == "result"
    assert "action" in decoded[0]
    if second is SECOND_DATED:
        assert decoded[1][0] == "challenge" and "action" in decoded[1] and decoded[1][-1] == "result"
    else:
        # known limit (evaluation/README.md): an undated second opening in plain words
        # ("The agency's telephone service was also failing: ...") reads as context to the
        # sentence model; the example is still found, and it still runs on to action and result
        assert decoded[1][0] in ("challenge", "context") and decoded[1][-2:] == ["action", "result"]
    # the margin: the role summary is context, the actions and results are what they are
    labels = [p["ccar"] for p in data["paragraphs"]]
    assert labels[0] == "context" and labels[2:4] == ["action", "result"] and labels[5:] == ["action", "result"]
    assert "story-holds-two-examples" in {f["rule"] for f in data["findings"]}
    # the second example's challenge was found: no warning that it has none
    assert "ccar-missing-challenge" not in {f["rule"] for f in data["findings"]}


def test_a_story_of_one_example_stays_one():
    text = "\n\n".join(FIRST) + "\n"
    result = Analyzer().analyze_text(text, "opm-2025")
    assert len(result.examples) == 1
    assert split_point(result) is None


def test_a_heading_or_an_explicit_turn_starts_an_example():
    analyzer = Analyzer()
    headed = "\n\n".join([*FIRST, "Example 2: Keeping claimants paid", *SECOND_DATED]) + "\n"
    result = analyzer.analyze_text(headed, "opm-2025")
    assert [e.paragraphs[0] for e in result.examples] == [0, 3]
    turned = "\n\n".join([*FIRST, "In another instance, " + SECOND_UNMARKED[0][0].lower() + SECOND_UNMARKED[0][1:],
                          *SECOND_UNMARKED[1:]]) + "\n"
    assert [e.paragraphs[0] for e in analyzer.analyze_text(turned, "opm-2025").examples] == [0, 3]


def test_known_boundaries_are_kept_and_not_inferred_when_told():
    analyzer = Analyzer()
    text = _statement(SECOND_DATED)
    gold = analyzer.analyze_text(text, "opm-2025", example_starts=[0], infer_examples=False)
    assert len(gold.examples) == 1
    # a package's story boundaries stay; a second example inside a story is found within it
    stories = analyzer.analyze_text(text, "opm-2025", example_starts=[0, 4])
    assert [(e.story, e.paragraphs[0]) for e in stories.examples] == [(0, 0), (1, 4)]
    assert "story-holds-two-examples" not in {f.rule for f in stories.findings}


def test_split_story_cuts_before_the_paragraph_and_keeps_the_facts():
    story = Example(title="Claims", paragraphs=[*FIRST, *SECOND_DATED], facts={"role": "Deputy Director"})
    second = split_story(story, 3)
    assert story.paragraphs == FIRST and second.paragraphs == SECOND_DATED
    assert second.facts == {"role": "Deputy Director"} and second.id != story.id
    with pytest.raises(ValueError):
        split_story(second, 0)
