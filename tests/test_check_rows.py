"""What the checks panel and the navigator show, computed without any widget."""

import pytest

from ecqwriter.analysis.engine import Analyzer
from ecqwriter.application.checking import check_package
from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.samples import load_sample
from ecqwriter.gui import check_rows
from ecqwriter.gui.panels.navigator import Node


@pytest.fixture(scope="module")
def checked():
    package = load_sample("sample-opm-2006")
    report = check_package(package, analyzer=Analyzer())
    return package, report, load_framework(package.framework_id)


def test_report_rows_name_places_in_words_and_filter_by_ecq(checked):
    package, report, framework = checked
    every = check_rows.report_rows(report, framework, show_info=True)
    assert len(every) == len(report.findings)
    mine = check_rows.report_rows(report, framework, show_info=True, ecq_id="business-acumen")
    assert mine and all(str(r["location"]).startswith("ecq:business-acumen") for r in mine)
    assert all(r["where_label"].startswith("Business Acumen") for r in mine)
    quiet = check_rows.report_rows(report, framework, show_info=False)
    assert all(r["severity"] != "info" for r in quiet) and len(quiet) <= len(every)


def test_navigator_statuses_cover_every_ecq_and_example(checked):
    package, report, framework = checked
    statuses = {s.node: s for s in check_rows.navigator_statuses(report, package, framework)}
    for ecq_id in framework.ecq_ids:
        assert Node("ecq", ecq_id) in statuses
        for example in package.narrative(ecq_id).examples:
            if example.text.strip():
                assert statuses[Node("example", ecq_id, example.id)].text.endswith(" w")
    assert statuses[Node("resume")].text.endswith(" p")


def test_a_package_finding_leads_to_its_example_and_words(checked):
    package, report, framework = checked
    row = next(r for r in check_rows.report_rows(report, framework, True, "business-acumen")
               if r["rule"] == "acronym-undefined" and str(r["location"]).endswith("/example:1"))
    target = check_rows.jump_target(row, package)
    example = package.narrative("business-acumen").examples[0]
    assert target.node == Node("example", "business-acumen", example.id)
    assert example.text[target.start:target.end] == "OMB"
    # typed since the check (a paragraph grew): the words are found where the editor has them
    paragraphs = example.text.split("\n\n")
    paragraphs[0] += " I also wrote a longer summary for the board."
    edited = "\n\n".join(paragraphs)
    moved = check_rows.jump_target(row, package, edited)
    assert edited[moved.start:moved.end] == "OMB"


def test_example_rows_put_the_worst_first():
    class F:
        def __init__(self, severity, start):
            self.rule, self.severity, self.message, self.fingerprint = "r", severity, "m", severity + str(start)
            self.start, self.end, self.paragraph = start, start + 1, 0

    class Result:
        findings = [F("info", 1), F("warning", 9), F("error", 20), F("warning", 2)]

    rows = check_rows.example_rows(Result(), show_info=True)
    assert [r["severity"] for r in rows] == ["error", "warning", "warning", "info"]
    assert [r["start"] for r in rows][1:3] == [2, 9]
    assert all(r["severity"] != "info" for r in check_rows.example_rows(Result(), show_info=False))


def test_counts_read_as_english():
    from ecqwriter.core.wording import number, plural

    assert plural(1, "error") == "1 error" and plural(2, "error") == "2 errors" and plural(0, "warning") == "0 warnings"
    assert plural(1, "activity", "activities") == "1 activity" and plural(3, "activity", "activities") == "3 activities"
    assert number(10.0) == "10" and number(2.5) == "2.5"


def test_a_part_that_is_there_says_what_is_wrong_not_missing():
    from ecqwriter.analysis.engine import Analyzer
    from ecqwriter.application.checking import check_package

    package = load_sample("sample-opm-2006-criterion-c")
    framework = load_framework(package.framework_id)
    package.justification = "Short."  # present, but thin and without the rest
    report = check_package(package, analyzer=Analyzer())
    statuses = {s.node: s for s in check_rows.navigator_statuses(report, package, framework)}
    justification = statuses[Node("justification")].text
    assert "missing" not in justification and "warning" in justification
    assert statuses[Node("idp")].text == ""  # the sample's plan is complete
    package.idp = {}
    report = check_package(package, analyzer=Analyzer())
    statuses = {s.node: s for s in check_rows.navigator_statuses(report, package, framework)}
    assert statuses[Node("idp")].text == "missing"
