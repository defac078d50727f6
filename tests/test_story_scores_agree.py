"""One story, one score: the ECQ score the check reports (and the window shows beside the
ECQ) is the score `ecqwriter analyze` gives the same narrative text, and every story keeps
its findings in its own place, whether its examples were found inside it or not."""

import json

import pytest

from conftest import run_cli
from ecqwriter.analysis.engine import Analyzer
from ecqwriter.analysis.package_check import check_package
from ecqwriter.core.samples import load_sample, sample_ids
from ecqwriter.storage.packagefile import PackageFile

ANALYZER = Analyzer()


@pytest.mark.parametrize("sample", sample_ids())
def test_check_and_analyze_give_a_narrative_the_same_score(tmp_path, sample):
    package = load_sample(sample)
    report = check_package(package, analyzer=ANALYZER)
    narratives = [e for e in report.ecqs if e.analysis is not None]
    assert narratives or not package.narratives
    for ecq in narratives:
        path = tmp_path / f"{ecq.ecq}.txt"
        path.write_text(package.narratives[ecq.ecq].joined().text, encoding="utf-8")
        result = run_cli("analyze", path, "--framework", package.framework_id, "--ecq", ecq.ecq, "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["ecq_scores"][ecq.ecq] == pytest.approx(ecq.score, abs=0.005)
        # the check JSON says the same
    path = tmp_path / "package.ecq"
    PackageFile.create(path, package, lock=False).close()
    check = run_cli("check", path, "--json")
    data = json.loads(check.stdout)[0]
    assert {e["ecq"]: e["score"] for e in data["ecqs"] if e["words"]} == pytest.approx(
        {e.ecq: e.score for e in narratives}, abs=0.005)


def test_findings_inside_a_story_of_two_examples_name_that_story():
    package = load_sample("sample-opm-2025")
    ecq_id, narrative = next((k, n) for k, n in package.narratives.items() if len([e for e in n.examples if e.text.strip()]) >= 1)
    story = next(e for e in narrative.examples if e.text.strip())
    # the story gets a second example told inside it, with a "we" to be found there
    story.paragraphs = list(story.paragraphs) + [
        "Example 2: Keeping claimants paid",
        "In 2023 a ransomware attack took our case management system offline for nine days.",
        "We set up a paper-based fallback and I briefed the Commissioner twice a day.",
        "All 31,000 claimants due a payment were paid within four days.",
    ]
    report = check_package(package, analyzer=ANALYZER)
    story_number = [e for e in narrative.examples if e.text.strip()].index(story) + 1
    stories = len([e for e in narrative.examples if e.text.strip()])
    found = [f for f in report.findings if f.rule == "first-person-plural" and f.where.startswith(f"ecq:{ecq_id}/")]
    assert found, [f.where for f in report.findings]
    for finding in found:
        number = int(finding.where.split("/")[1].split(":")[1])
        assert 1 <= number <= stories
    assert any(f.where.startswith(f"ecq:{ecq_id}/example:{story_number}") for f in found)
