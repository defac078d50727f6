"""The application layer: what the command line and the window both drive."""

import json

import pytest

from ecqwriter.application import checking, documents, exporting, text_import, word_import
from ecqwriter.application.validation import require_ecq
from ecqwriter.core.errors import EcqError
from ecqwriter.core.frameworks import load_framework


def test_an_unknown_ecq_is_one_message_naming_the_choices(tmp_path):
    with pytest.raises(EcqError) as caught:
        require_ecq(load_framework("opm-2006"), "leading-peple", tmp_path / "mine.ecq")
    text = str(caught.value)
    assert "'leading-peple' is not an ECQ of opm-2006" in text and "leading-people" in text and "mine.ecq" in text


def test_create_import_check_and_export_a_package(tmp_path):
    path = tmp_path / "mine.ecq"
    documents.create_package(path, "A", "opm-2006", "Pat Doe")
    draft = tmp_path / "story.txt"
    draft.write_text("In 2024 the office had a backlog of 9,000 claims.\n\nI set weekly targets.\n\n"
                     "The backlog fell by 60 percent.\n", encoding="utf-8")
    assert text_import.import_text_file(path, draft, "results-driven") == 1
    with pytest.raises(EcqError):
        text_import.import_text_file(path, draft, "no-such-ecq")
    outcomes = []
    bad = tmp_path / "broken.ecq"
    bad.write_bytes(b"not a package")
    count, all_ready = checking.check_paths([path, bad], outcomes.append)
    assert count == 1 and [o.path for o in outcomes] == [path, bad] and not all_ready
    assert outcomes[1].problem and str(bad) in outcomes[1].problem and outcomes[1].json is None
    assert outcomes[0].json["package"] == outcomes[0].row.file == str(path) and not outcomes[0].row.problem
    assert {e["ecq"]: e["examples"] for e in outcomes[0].json["ecqs"]}["results-driven"] == 1
    assert outcomes[0].text.startswith(f"{path}: NOT READY")
    out = tmp_path / "mine.pdf"
    report = exporting.export_file(path, out, exporting.ExportOptions(scope="results-driven"))
    data = exporting.report_to_json(report, str(path))
    assert data["schema"] == "ecqwriter.export/1" and data["output"] == str(out) and out.exists()
    json.dumps(data)
    with pytest.raises(EcqError, match="not an ECQ of opm-2006"):
        exporting.export_file(path, tmp_path / "x.pdf", exporting.ExportOptions(scope="leading-peple"))


def test_a_word_plan_takes_assignments_and_refuses_bad_ones(tmp_path):
    from docx import Document

    draft = tmp_path / "draft.docx"
    document = Document()
    document.add_heading("Leading Change", 1)
    document.add_paragraph("In 2023 I led the move to digital records.")
    document.save(draft)
    framework = load_framework("opm-2006")
    plan = word_import.plan_for(draft, framework, ["1=results-driven"])
    assert plan.parts[0].destination == "results-driven"
    with pytest.raises(EcqError, match="--assign 9=results-driven"):
        word_import.plan_for(draft, framework, ["9=results-driven"])
    data = word_import.plan_to_json(plan, framework, draft, applied=False)
    assert data["schema"] == "ecqwriter.import-plan/1" and data["parts"][0]["number"] == 1
