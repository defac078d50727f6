import datetime as dt
import shutil

import pytest

from ecqwriter.core.errors import FrameworkError
from ecqwriter.core.frameworks import (
    available_framework_ids,
    load_framework,
    load_framework_file,
)

CONTRACT_ECQS = {
    "opm-2006": ["leading-change", "leading-people", "results-driven", "business-acumen", "building-coalitions"],
    "opm-2025": ["rule-of-law", "driving-efficiency", "merit-competence", "leading-people", "achieving-results"],
}


def test_both_packs_are_bundled():
    assert set(available_framework_ids()) >= set(CONTRACT_ECQS)


@pytest.mark.parametrize("framework_id", sorted(CONTRACT_ECQS))
def test_ecq_ids_and_order_match_the_contract(framework_id):
    assert load_framework(framework_id).ecq_ids == CONTRACT_ECQS[framework_id]


def test_opm_2006_has_22_competencies_plus_6_fundamental():
    framework = load_framework("opm-2006")
    assert sum(len(e.competencies) for e in framework.ecqs) == 22
    assert framework.fundamental is not None and framework.fundamental.id == "fundamental"
    assert len(framework.fundamental.competencies) == 6
    ids = {c.id for c in framework.all_competencies()}
    assert {"creativity-innovation", "external-awareness", "influencing-negotiating",
            "financial-management", "human-capital-management", "technology-management"} <= ids
    assert framework.length.total_pages == 10 and framework.length.pages_per_ecq == 2
    assert framework.effective_from == dt.date(2006, 10, 1)
    assert not framework.has_unconfirmed_facts()


def test_opm_2025_has_15_unconfirmed_subcompetencies():
    framework = load_framework("opm-2025")
    competencies = [c for e in framework.ecqs for c in e.competencies]
    assert len(competencies) == 15
    assert all(c.unconfirmed for c in competencies)
    assert all(len(e.competencies) == 3 for e in framework.ecqs)
    assert framework.fundamental is None
    assert framework.length.resume_pages == 2
    assert framework.effective_from == dt.date(2025, 10, 1)
    assert framework.in_force_on(dt.date(2026, 1, 1))
    assert not load_framework("opm-2006").in_force_on(dt.date(2026, 1, 1))


def test_every_competency_has_evidence_and_meaning():
    for framework_id in CONTRACT_ECQS:
        for competency in load_framework(framework_id).all_competencies():
            assert competency.meaning and len(competency.evidence) >= 5, competency.id


def test_unknown_framework_is_refused_clearly():
    with pytest.raises(FrameworkError, match="unknown framework 'opm-1999'.*opm-2006"):
        load_framework("opm-1999")
    with pytest.raises(FrameworkError, match="not a framework id"):
        load_framework("../etc/passwd")


BROKEN = [
    ("id = 'x'\nschema = ", "not valid TOML"),
    ("schema = 'other/1'\nid = 'x'", "'schema' must be"),
    ("schema = 'ecqwriter.framework/1'\nid = 'Bad Id'", "lowercase words"),
]


@pytest.mark.parametrize("text, problem", BROKEN)
def test_broken_pack_names_file_and_problem(tmp_path, text, problem):
    path = tmp_path / "broken.toml"
    path.write_text(text)
    with pytest.raises(FrameworkError) as info:
        load_framework_file(path)
    assert problem in str(info.value) and str(path) in str(info.value)


def test_pack_with_duplicate_competency_or_missing_evidence_is_refused(tmp_path, framework_2006):
    original = framework_2006.path.read_text()
    duplicate = original.replace('id = "flexibility"', 'id = "resilience"')
    path = tmp_path / "dup.toml"
    path.write_text(duplicate)
    with pytest.raises(FrameworkError, match="duplicate competency ids of leading-change: 'resilience'"):
        load_framework_file(path)
    at = original.index('id = "flexibility"')
    cut = original.index("evidence = [", at)
    no_evidence = original[:cut] + "evidence_x = [" + original[cut + len("evidence = ["):]
    path.write_text(no_evidence)
    with pytest.raises(FrameworkError, match=r"ecqs\[0\]\.competencies\[2\]: missing 'evidence'"):
        load_framework_file(path)


def test_binary_pack_is_refused(tmp_path):
    path = tmp_path / "bin.toml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(FrameworkError, match="not UTF-8"):
        load_framework_file(path)
