import hashlib
import json
import time

import pytest

from conftest import run_cli

STORY = ("In 2024, I led the consolidation of four regional offices into one.\n\n"
         "I negotiated the move with the union and cut lease costs by $2 million a year.\n")


def test_analyze_json(tmp_path):
    text = tmp_path / "story.txt"
    text.write_text(STORY, encoding="utf-8")
    result = run_cli("analyze", text, "--framework", "opm-2006", "--ecq", "business-acumen", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "ecqwriter.analysis/1" and data["target_ecq"] == "business-acumen"
    assert data["framework"] == "opm-2006" and data["stats"]["paragraphs"] == 2


def test_analyze_defaults_and_plain_output(tmp_path):
    text = tmp_path / "story.txt"
    text.write_text(STORY, encoding="utf-8")
    data = json.loads(run_cli("analyze", text, "--json").stdout)
    assert data["target_ecq"] is None and data["framework"] == "opm-2025"
    plain = run_cli("analyze", text)
    assert plain.returncode == 0 and "best" in plain.stdout


def test_analyze_empty_file_gives_a_result(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run_cli("analyze", empty, "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["stats"]["words"] == 0 and data["paragraphs"] == [] and data["findings"] == []


@pytest.mark.parametrize("content, words", [
    (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00", "binary"),
    (b"\xff\xfeR\x00\x00\xd8", "not UTF-16"),  # a BOM, then half a surrogate pair
    (b"caf\xe9 au lait", "not UTF-8"),
])
def test_analyze_unreadable_file_exits_2(tmp_path, content, words):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run_cli("analyze", path, "--json")
    assert result.returncode == 2
    assert words in result.stderr and str(path) in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_analyze_reads_utf16_with_a_bom(tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes(STORY.encode("utf-16"))  # Windows Notepad's "Unicode"
    result = run_cli("analyze", path, "--json")
    assert result.returncode == 0, result.stderr


def test_analyze_bad_arguments_exit_2(tmp_path):
    text = tmp_path / "s.txt"
    text.write_text(STORY)
    assert run_cli("analyze", text, "--ecq", "results-driven", "--json").returncode == 2  # a 2006 ECQ
    assert run_cli("analyze", text, "--framework", "nope", "--json").returncode == 2
    missing = run_cli("analyze", tmp_path / "missing.txt", "--json")
    assert missing.returncode == 2 and "no such file" in missing.stderr


@pytest.mark.slow
def test_analyze_5mb_file_finishes_with_a_result(tmp_path):
    big = tmp_path / "big.txt"
    paragraph = ("In 2023 I led a team of 40 analysts and cut processing time by 30 percent. "
                 "We briefed OMB on the results. ") * 6
    with open(big, "w", encoding="utf-8") as handle:
        written = 0
        while written < 5 * 1024 * 1024:
            handle.write(paragraph + "\n\n")
            written += len(paragraph) + 2
    started = time.monotonic()
    result = run_cli("analyze", big, "--json", timeout=300)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-500:]
    data = json.loads(result.stdout)
    assert data["stats"]["words"] > 800_000
    assert elapsed < 240


def test_check_reports_and_exit_codes(tmp_path):
    from ecqwriter.storage.samples import materialise_sample

    ready = materialise_sample(tmp_path, "sample-opm-2006")
    empty = tmp_path / "empty.ecq"
    assert run_cli("new", empty, "--criterion", "A", "--framework", "opm-2006").returncode == 0
    digest = hashlib.sha256(ready.read_bytes()).hexdigest()
    one = run_cli("check", ready, "--json")
    assert one.returncode == 0, one.stderr
    [report] = json.loads(one.stdout)
    assert report["schema"] == "ecqwriter.check/1" and report["ready"] is True
    assert report["criterion"] == "A" and report["framework"] == "opm-2006"
    assert report["pages"]["limit"] == 10 and report["pages"]["narratives"] <= 10
    assert [e["ecq"] for e in report["ecqs"]][0] == "leading-change"
    assert {"ecq", "examples", "words", "est_pages", "limit_pages", "score",
            "competencies_shown", "competencies_missing"} <= set(report["ecqs"][0])
    for finding in report["findings"]:
        assert finding["where"].startswith(("resume", "ecq:", "justification", "idp", "cdp", "package"))
    both = run_cli("check", ready, empty, "--json")
    assert both.returncode == 1
    reports = json.loads(both.stdout)
    assert [r["ready"] for r in reports] == [True, False]
    assert "ecq-missing" in {f["rule"] for f in reports[1]["findings"]}
    assert hashlib.sha256(ready.read_bytes()).hexdigest() == digest  # check never writes


def test_check_unusable_package_exits_2(tmp_path):
    bad = tmp_path / "bad.ecq"
    bad.write_bytes(b"garbage")
    result = run_cli("check", bad, "--json")
    assert result.returncode == 2 and str(bad) in result.stderr
    assert json.loads(result.stdout)[0]["error"]
    assert bad.read_bytes() == b"garbage"
