"""The résumé read as the submission: each bullet and the summary get the writing checks a
narrative's sentences get, every finding names its line (resume/job:N/bullet:M), and where
the résumé is all the board reads, what is wrong on it keeps the package from being ready."""

import json

from conftest import run_cli
from ecqwriter.core.resume import resume_from_json
from ecqwriter.core.samples import load_sample
from ecqwriter.storage.packagefile import PackageFile

WE_BULLET = "We improved patient satisfaction significantly through a team effort."
BUZZ_BULLET = "Leveraged synergy across service lines as a results-oriented leader to drive transformational change."
PLAIN_BULLET = "Cut the average wait for a claims decision from 118 to 61 days across 212 field offices."


def package_with_bullets(tmp_path, bullets, name="p.ecq"):
    """The 2025 sample (a résumé-only application) with its first job's first bullets replaced."""
    package = load_sample("sample-opm-2025")
    record = json.loads(json.dumps(package.resume_record))
    for number, text in enumerate(bullets):
        record["experience"][0]["accomplishments"][number]["text"] = text
    package.resume_record = record
    package.resume = resume_from_json(record).render_text()
    path = tmp_path / name
    PackageFile.create(path, package, lock=False).close()
    return path


def check(path) -> dict:
    done = run_cli("check", path, "--json")
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)[0]


def test_the_two_bullets_draw_their_findings_on_their_own_lines(tmp_path):
    report = check(package_with_bullets(tmp_path, [WE_BULLET, BUZZ_BULLET]))
    on = {}
    for finding in report["findings"]:
        on.setdefault(finding["where"], set()).add(finding["rule"])
    assert {"first-person-plural", "result-without-measure"} <= on["resume/job:1/bullet:1"]
    assert "buzzword" in on["resume/job:1/bullet:2"]
    # offsets are within the line: the "We" of the first bullet
    we = next(f for f in report["findings"] if f["where"] == "resume/job:1/bullet:1" and f["rule"] == "first-person-plural")
    assert WE_BULLET[we["start"]:we["end"]] == "We"
    # a measured bullet draws none of them
    clean = check(package_with_bullets(tmp_path, [PLAIN_BULLET, PLAIN_BULLET], "clean.ecq"))
    assert not [f for f in clean["findings"] if f["where"].startswith("resume/job:1/bullet:")
                and f["severity"] != "info"]


def test_a_resume_only_package_with_a_we_bullet_is_not_ready(tmp_path):
    clean = check(package_with_bullets(tmp_path, [PLAIN_BULLET], "clean.ecq"))
    assert clean["format"] == "resume-only" and clean["ready"] is True
    with_we = check(package_with_bullets(tmp_path, ["We cut the average wait for a decision from 118 to 61 days."],
                                         "we.ecq"))
    assert with_we["ready"] is False
    resume_item = next(item for item in with_we["checklist"] if item["where"] == "resume")
    assert resume_item["blocking"] and resume_item["state"] == "needs work"
    # the story bank is not what the board reads: its findings stay advice
    assert all(not item["blocking"] for item in with_we["checklist"] if item["where"].startswith("ecq:"))


def test_the_text_output_names_the_line_in_words(tmp_path):
    done = run_cli("check", package_with_bullets(tmp_path, [WE_BULLET]))
    assert "Résumé, job 1, bullet 1: first-person-plural" in done.stdout
