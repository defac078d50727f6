"""Criterion A, B and C packages: checklist, CDP facts, justification and the IDP tied to coverage."""

import datetime as dt
import json

import pytest

from conftest import run_cli
from ecqwriter.analysis.engine import Analyzer
from ecqwriter.analysis.package_check import check_package
from ecqwriter.core.idp import Activity, DevelopmentPlan, SignOff, Target, suggested_activities
from ecqwriter.core.model import CdpRecord, Criterion
from ecqwriter.core.samples import load_sample

JUSTIFICATION = (
    "The selectee brings a unique combination of qualifications that no other candidate offered: fifteen years "
    "leading field operations for a benefits program of two million claimants, and the agency's only record of "
    "consolidating regional claims systems without a service disruption. " * 3
    + "The development plan closes the gap in Business Acumen through a detail to the budget office, formal "
      "training in appropriations, and monthly mentoring by an SES member of the Executive Resources Board."
)


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


def rules(report):
    return {f.rule for f in report.findings}


def c_package(with_business_acumen: bool):
    package = load_sample("sample-opm-2006")
    package.criterion = Criterion.C
    package.justification = JUSTIFICATION
    if not with_business_acumen:
        package.narrative("business-acumen").examples = []
    return package


def good_plan(targets):
    start = dt.date(2026, 10, 1)
    return DevelopmentPlan(
        targets=[Target(ecq, "", "Gap in " + ecq, suggested_activities(ecq, start)) for ecq in targets],
        mentor="J. Rivera (SES)", supervisor=SignOff("A. Chen", dt.date(2026, 9, 1)),
        erb=SignOff("ERB chair", dt.date(2026, 9, 15)), review_dates=[dt.date(2027, 3, 1)])


def test_criterion_a_checklist(analyzer):
    report = check_package(load_sample("sample-opm-2006"), analyzer=analyzer)
    items = {i["where"]: i for i in report.checklist}
    assert set(items) == {"resume", "ecq:leading-change", "ecq:leading-people", "ecq:results-driven",
                          "ecq:business-acumen", "ecq:building-coalitions"}
    assert all(i["present"] and i["required"] and not i["blocking"] for i in items.values())
    incomplete = load_sample("sample-opm-2006")
    incomplete.narrative("leading-people").examples = []
    report = check_package(incomplete, analyzer=analyzer)
    item = next(i for i in report.checklist if i["where"] == "ecq:leading-people")
    assert item["blocking"] and not item["present"] and not report.ready


def test_criterion_b_record_and_cdp_facts(analyzer):
    package = load_sample("sample-opm-2006")
    package.criterion = Criterion.B
    assert "cdp-missing" in rules(check_package(package, analyzer=analyzer))
    package.cdp = CdpRecord("Fed CDP", "OPM", dt.date(2023, 1, 1), dt.date(2024, 6, 30), dt.date(2024, 8, 1),
                            start_date=dt.date(2023, 5, 1), training_hours=96, assignment_months=4.5, mentor="M. Ortiz")
    report = check_package(package, analyzer=analyzer)
    assert not {r for r in rules(report) if r.startswith("cdp-")}
    assert report.ready and {i["where"]: i for i in report.checklist}["cdp"]["complete"]
    package.cdp.training_hours = 40
    package.cdp.assignment_months = 2
    package.cdp.start_date = dt.date(2024, 1, 1)
    package.cdp.mentor = ""
    package.cdp.erb_certification_date = None
    assert {"cdp-training-hours", "cdp-assignment-months", "cdp-too-short", "cdp-no-mentor",
            "cdp-not-certified"} <= rules(check_package(package, analyzer=analyzer))


def test_weak_business_acumen_must_be_targeted_by_the_idp(analyzer):
    package = c_package(with_business_acumen=False)
    package.idp = good_plan(["leading-change"]).to_dict()
    report = check_package(package, analyzer=analyzer)
    assert "business-acumen" in report.weak_ecqs
    missing = [f for f in report.findings if f.rule == "idp-missing-target"]
    assert missing and missing[0].severity == "error" and "Business Acumen" in missing[0].message
    assert not report.ready
    package.idp = good_plan(["business-acumen"]).to_dict()
    fixed = check_package(package, analyzer=analyzer)
    assert "idp-missing-target" not in rules(fixed)
    assert not {r for r in rules(fixed) if r.startswith(("idp-", "justification-"))}


def test_idp_completeness_checks(analyzer):
    package = c_package(with_business_acumen=True)
    plan = DevelopmentPlan(targets=[Target("leading-change", "vision", "gap", [
        Activity("Read a book", "reading"),
        Activity("Long detail", "developmental-assignment", dt.date(2026, 1, 1), dt.date(2028, 1, 1), measure="m"),
    ]), Target("leading-people")])
    package.idp = plan.to_dict()
    found = rules(check_package(package, analyzer=analyzer))
    assert {"idp-activity-incomplete", "idp-too-long", "idp-no-mentor", "idp-not-signed",
            "idp-target-without-activity"} <= found
    package.idp = {}
    assert "idp-missing" in rules(check_package(package, analyzer=analyzer))


def test_justification_checks(analyzer):
    package = c_package(with_business_acumen=True)
    package.justification = "Good candidate."
    found = rules(check_package(package, analyzer=analyzer))
    assert {"justification-thin", "justification-no-unique-qualities", "justification-no-development"} <= found
    package.justification = ""
    assert "justification-missing" in rules(check_package(package, analyzer=analyzer))


def test_legacy_free_text_idp_still_reads():
    plan = DevelopmentPlan.from_dict({"notes": "Detail to budget office in 2027."})
    assert plan.notes and not plan.targets and not plan.empty
    assert DevelopmentPlan.from_dict({"targets": "garbage", "horizon_months": 999}).horizon_months == 12


def test_cli_check_reports_the_missing_idp_target(tmp_path):
    from ecqwriter.storage.packagefile import PackageFile

    package = c_package(with_business_acumen=False)
    package.idp = good_plan(["leading-change"]).to_dict()
    path = tmp_path / "c.ecq"
    PackageFile.create(path, package, lock=False).close()
    result = run_cli("check", path, "--json")
    assert result.returncode == 1
    [report] = json.loads(result.stdout)
    assert any(f["rule"] == "idp-missing-target" and f["severity"] == "error" and f["where"] == "idp"
               for f in report["findings"])
    assert {i["where"] for i in report["checklist"]} >= {"justification", "idp"}
