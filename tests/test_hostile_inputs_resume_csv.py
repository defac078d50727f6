"""Issue 24, N9 and N11: hostile résumé files, report cells a spreadsheet would run, and names
that hide or reorder what a reader sees. Every test here failed on the code before the fix:
the résumé inputs ended in "unexpected error ... please report this" (or were stored), the
cells reached the CSV unneutralised, and the names were printed raw."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile

import pytest

from conftest import run_cli

BIDI_OVERRIDE, BELL, NUL = "\u202e", "\x07", "\x00"


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def package(tmp_path):
    path = tmp_path / "X.ecq"
    done = run_cli("sample", "sample-opm-2025", "-o", path)
    assert done.returncode == 0, done.stderr
    return path


def _resume(**fields) -> dict:
    jobs = [{"title": f"Job {n}", "organization": "Agency", "hours_per_week": 40} for n in range(3)]
    return {"schema": "ecqwriter.resume/1", "name": "Pat Doe", "experience": jobs, **fields}


def _huge_hours() -> str:
    # the third job's hours as an integer of 4,301 digits, one more than int() converts
    text = json.dumps(_resume())
    last = text.rindex('"hours_per_week": 40')
    return text[:last] + '"hours_per_week": ' + "9" * 4301 + text[last + len('"hours_per_week": 40'):]


def _deep_notes() -> str:
    text = json.dumps(_resume())
    return text[:-1] + ', "notes": ' + '{"a": ' * 990 + "1" + "}" * 990 + "}"


HOSTILE_RESUMES = {
    "integer-of-4301-digits": (_huge_hours, "experience[2].hours_per_week", "4301 digits"),
    "lone-surrogate": (lambda: json.dumps(_resume(name="\ud800")), "name", "lone surrogate"),
    "key-nested-990-deep": (_deep_notes, "notes.a", "nested more than 32 levels"),
    "nul-in-the-name": (lambda: json.dumps(_resume(name="Pat\x00Doe")), "name", "control character"),
    "override-in-a-title": (lambda: json.dumps(_resume(experience=[{"title": "Chief\u202eOfficer"}])),
                            "experience[0].title", "direction control"),
}


def _one_clean_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "unexpected error" not in stderr and "Traceback" not in stderr, stderr
    return lines[0]


@pytest.mark.parametrize("kind", list(HOSTILE_RESUMES))
def test_import_resume_refuses_a_hostile_file_in_one_line_naming_the_field(package, tmp_path, kind):
    make_text, field_name, problem = HOSTILE_RESUMES[kind]
    resume = tmp_path / "resume.json"
    resume.write_text(make_text(), encoding="utf-8")
    before = digest(package)
    done = run_cli("import-resume", package, resume)
    assert done.returncode == 2, done.stdout
    line = _one_clean_line(done.stderr)
    assert line.startswith(f"ecqwriter: {resume}: {field_name}"), line
    assert problem in line
    assert digest(package) == before


def _word_resume_with(tmp_path, marker: str):
    """A Word résumé whose one paragraph holds ``marker`` (a character reference), written
    by hand into the XML as a hostile file would be."""
    from docx import Document

    path = tmp_path / "resume.docx"
    document = Document()
    document.add_paragraph("Pat Doe MARKER")
    document.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"MARKER", marker.encode())
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


@pytest.mark.parametrize("marker", ["&#0;", "&#xD800;", "&#7;"])
def test_a_word_resume_never_brings_a_nul_or_lone_surrogate_into_the_package(package, tmp_path, marker):
    from ecqwriter.storage.packagefile import read_package

    word = _word_resume_with(tmp_path, marker)
    before = digest(package)
    done = run_cli("import-resume", package, word)
    if done.returncode == 0:
        assert not any(ch == "\x00" or ch == "\x07" or "\ud800" <= ch <= "\udfff"
                       for ch in read_package(package).resume)
    else:
        assert done.returncode == 2
        _one_clean_line(done.stderr)
        assert digest(package) == before


def test_new_refuses_a_control_character_in_the_candidate_name(tmp_path):
    path = tmp_path / "new.ecq"
    done = run_cli("new", path, "--criterion", "A", "--framework", "opm-2025", "--candidate", f"Pat{BELL}Doe")
    assert done.returncode == 2
    line = _one_clean_line(done.stderr)
    assert "candidate's name" in line and "\\x07" in line and BELL not in line
    assert not path.exists()


FORMULA_NAMES = ["\t=1+1", "\r=cmd", ' =HYPERLINK("x")', "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)"]
HIDDEN_NAMES = {"override": f"Ann{BIDI_OVERRIDE}eB", "bell": f"Bell{BELL}Ringer", "nul": f"Nul{NUL}Name"}


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """Empty new packages (quick to check) under the hostile names, written through the API
    as a package from elsewhere could hold them; one file name holds an override and a BEL."""
    from ecqwriter.core.frameworks import load_framework
    from ecqwriter.core.model import Package
    from ecqwriter.storage.packagefile import PackageFile

    folder = tmp_path_factory.mktemp("hostile-cohort")
    framework = load_framework("opm-2025")
    names = FORMULA_NAMES + ["-12.5"] + list(HIDDEN_NAMES.values())
    for number, name in enumerate(names):
        package = Package.new("A", framework)
        package.candidate.name = name
        file_name = f"p{number:02d}{BIDI_OVERRIDE}fdp{BELL}.ecq" if number == 0 else f"p{number:02d}.ecq"
        PackageFile.create(folder / file_name, package, lock=False).close()
    return folder


@pytest.fixture(scope="module")
def reports(cohort, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    written = {}
    for suffix in ("csv", "html"):
        done = run_cli("report", cohort, "-o", out / f"report.{suffix}", "--jobs", "1")
        assert done.returncode in (0, 1), done.stderr
        written[suffix] = (out / f"report.{suffix}").read_bytes()
    return written


def _candidates_by_number(csv_bytes: bytes) -> dict[int, str]:
    """Each row's candidate cell by the number its file name starts with (pNN)."""
    rows = csv.DictReader(io.StringIO(csv_bytes.decode("utf-8-sig"), newline=""))
    return {int(row["file"].rsplit("/", 1)[-1][1:3]): row["candidate"] for row in rows}


def test_report_csv_neutralises_formulas_after_whitespace_and_in_full_width(reports):
    candidates = _candidates_by_number(reports["csv"])
    for number, name in enumerate(FORMULA_NAMES):
        assert candidates[number].startswith("'"), (name, candidates[number])
    assert candidates[len(FORMULA_NAMES)] == "-12.5"  # a real negative number stays a number


def test_report_csv_and_html_show_control_and_direction_characters_escaped(reports):
    csv_text = reports["csv"].decode("utf-8-sig")
    html_text = reports["html"].decode("utf-8")
    for text in (csv_text, html_text):
        assert BIDI_OVERRIDE not in text and BELL not in text and NUL not in text
        assert "Ann\\u202eeB" in text and "Bell\\x07Ringer" in text and "Nul\\x00Name" in text
        assert "p00\\u202efdp\\x07.ecq" in text  # the file name too


def test_check_prints_a_file_name_with_hidden_characters_escaped(cohort):
    done = run_cli("check", cohort / f"p00{BIDI_OVERRIDE}fdp{BELL}.ecq", "--jobs", "1")
    assert done.returncode in (0, 1), done.stderr
    assert BIDI_OVERRIDE not in done.stdout and BELL not in done.stdout
    assert "p00\\u202efdp\\x07.ecq: " in done.stdout


def test_an_error_naming_such_a_file_stays_one_line(tmp_path):
    broken = tmp_path / f"line\nbreak{BIDI_OVERRIDE}.ecq"
    broken.write_bytes(b"not a package")
    done = run_cli("check", broken)
    assert done.returncode == 2
    line = _one_clean_line(done.stderr)
    assert "line\\x0abreak\\u202e.ecq" in line
