import datetime as dt

import pytest

from ecqwriter.analysis.engine import Analyzer
from ecqwriter.analysis.package_check import check_package
from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.model import Criterion, Example, Package
from ecqwriter.core.samples import load_sample


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


def rules(report):
    return {f.rule for f in report.findings}


def test_sample_is_ready_with_full_coverage(analyzer):
    report = check_package(load_sample("sample-opm-2006"), analyzer=analyzer)
    assert report.ready
    assert report.printed_pages <= 10
    assert set(report.matrix) == {"leading-change", "leading-people", "results-driven",
                                  "business-acumen", "building-coalitions", "fundamental"}
    assert len(report.fundamental_shown) >= 4


def test_criterion_parts_are_required(analyzer):
    framework = load_framework("opm-2006")
    c_package = Package.new("C", framework)
    c_package.resume = "Director, 2020 to present."
    report = check_package(c_package, analyzer=analyzer)
    assert {"justification-missing", "idp-missing", "ecq-missing"} <= rules(report)
    assert not report.ready
    b_package = Package.new("B", framework)
    assert "cdp-missing" in rules(check_package(b_package, analyzer=analyzer))
    a_package = Package.new("A", framework)
    assert {"ecq-missing", "resume-missing"} <= rules(check_package(a_package, analyzer=analyzer))


def test_reused_story_and_too_many_examples(analyzer):
    package = load_sample("sample-opm-2006")
    story = package.narrative("leading-change").examples[0]
    package.narrative("building-coalitions").examples.append(Example("copy", list(story.paragraphs)))
    package.narrative("results-driven").examples.append(Example("third", ["In 2024 I cut errors by 5 percent."]))
    report = check_package(package, analyzer=analyzer)
    reused = [f for f in report.findings if f.rule == "story-reused"]
    assert reused and reused[0].where == "ecq:building-coalitions/example:3"
    assert any(f.rule == "too-many-examples" and f.where == "ecq:results-driven" for f in report.findings)
    assert "of phrases shared" in reused[0].message


def test_one_story_as_the_primary_example_of_two_ecqs_is_reused_even_when_retold(analyzer):
    """The story bank names a story by its title: the same story made the primary example of
    two ECQs is reused, however differently it is told the second time."""
    package = load_sample("sample-opm-2006")
    title = package.narrative("leading-change").examples[0].title
    retold = Example(title.upper(), ["In 2024 I chaired a working group of nine agencies and agreed one data standard."])
    package.narrative("building-coalitions").examples.append(retold)
    reused = [f for f in check_package(package, analyzer=analyzer).findings if f.rule == "story-reused"]
    assert [f.where for f in reused] == ["ecq:building-coalitions/example:3"]
    assert "the same story title" in reused[0].message
    retold.title = "A different story"
    assert not any(f.rule == "story-reused" for f in check_package(package, analyzer=analyzer).findings)


def test_over_length_blocks_readiness(analyzer):
    package = load_sample("sample-opm-2006")
    for narrative in package.narratives.values():
        for example in narrative.examples:
            example.paragraphs = example.paragraphs * 3
    report = check_package(package, analyzer=analyzer)
    assert {"narrative-over-length", "package-over-length"} <= rules(report)
    assert not report.ready


def test_dismissals_in_the_package_are_honoured(analyzer):
    package = load_sample("sample-opm-2006")
    first = check_package(package, analyzer=analyzer)
    warning = next(f for f in first.findings if f.severity == "warning")
    package.dismissed.add((warning.rule, warning.where, warning.fingerprint))
    second = check_package(package, analyzer=analyzer)
    assert warning.fingerprint not in {f.fingerprint for f in second.findings}
    assert second.dismissed == first.dismissed + 1


def test_unknown_framework_is_an_error_not_a_crash(analyzer):
    package = Package.new("A", load_framework("opm-2006"))
    package.framework_id = "opm-2031"
    report = check_package(package, analyzer=analyzer)
    assert rules(report) == {"unknown-framework"} and not report.ready


def test_criterion_c_with_empty_ecqs_is_not_ready_even_with_a_plan(analyzer, tmp_path):
    """The IDP strengthens the evidence; it does not replace it (issue 13)."""
    from conftest import run_cli
    from ecqwriter.storage.packagefile import PackageFile

    package = load_sample("sample-opm-2006")
    package.criterion = Criterion.C
    package.justification = "Uniquely qualified: led the agency's largest modernisation. " * 5
    package.idp = {"targets": [{"ecq": "business-acumen"}]}
    for ecq_id in ("leading-people", "results-driven", "business-acumen", "building-coalitions"):
        package.narrative(ecq_id).examples = []
    report = check_package(package, analyzer=analyzer)
    missing = [f for f in report.findings if f.rule == "ecq-missing"]
    assert sorted(f.where for f in missing) == ["ecq:building-coalitions", "ecq:business-acumen",
                                                 "ecq:leading-people", "ecq:results-driven"]
    assert all(f.severity == "error" for f in missing) and not report.ready
    blocking = {item["where"] for item in report.checklist if item["blocking"]}
    assert {f.where for f in missing} <= blocking
    path = tmp_path / "c.ecq"
    PackageFile.create(path, package, lock=False).close()
    result = run_cli("check", path, "--json")
    assert result.returncode == 1 and '"ready": false' in result.stdout


def test_the_verdict_and_the_checklist_always_agree(analyzer):
    from ecqwriter.core.frameworks import load_framework

    for criterion in "ABC":
        for sample in ("sample-opm-2006", "sample-opm-2025"):
            package = load_sample(sample)
            package.criterion = Criterion(criterion)
            for emptied in (0, 1, 5):
                for narrative in list(package.narratives.values())[:emptied]:
                    narrative.examples = []
                report = check_package(package, analyzer=analyzer)
                blocking = any(item["blocking"] for item in report.checklist)
                errors = any(f.severity == "error" for f in report.findings)
                assert report.ready == (not blocking and not errors)
                for item in report.checklist:
                    assert item["state"] != "needs work" or item["blocking"]
                    if report.ready:
                        assert item["state"] in ("complete", "ready, with suggestions", "optional, empty")
