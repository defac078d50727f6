"""Golden files: what users and other programs read, pinned through the entry points they
use (tests/golden, as novelWriter keeps tests/reference).

- the analysis JSON of fixed texts (`ecqwriter analyze --json`);
- the check JSON of each bundled sample (`ecqwriter check --json`);
- the PDF of the 2006 and 2025 samples (`ecqwriter export`): its text page by page, and its
  outline with the page each bookmark opens;
- the cohort report as CSV and HTML (`ecqwriter report`).
(The Word export's structure is pinned in test_export.py.)

A change to any of them fails here with the file that differs. To accept a change on
purpose, refresh them and review the diff before committing:

    ECQWRITER_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py tests/test_export.py
    git diff tests/golden
"""

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest

from conftest import run_cli
from ecqwriter.core.samples import load_sample, sample_ids
from ecqwriter.storage.packagefile import PackageFile

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("ECQWRITER_UPDATE_GOLDEN") == "1"
# the day the samples are checked on: findings about an example's age must not move with the calendar
AS_OF = dt.date(2026, 12, 1)
PDF_SAMPLES = ("sample-opm-2006", "sample-opm-2025")


def compare(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")  # a CSV's CRLF kept as made
    assert path.exists(), f"{name} is missing from tests/golden (ECQWRITER_UPDATE_GOLDEN=1 to make it)"
    with path.open(encoding="utf-8", newline="") as file:
        expected = file.read()
    assert text == expected, f"{name} differs from tests/golden (ECQWRITER_UPDATE_GOLDEN=1 to accept, then review the diff)"


def as_json(data) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_sample(folder: Path, sample: str) -> Path:
    package = load_sample(sample)
    package.as_of = AS_OF
    path = folder / f"{sample}.ecq"
    PackageFile.create(path, package, lock=False).close()
    return path


@pytest.mark.parametrize("text_file", sorted((GOLDEN / "analysis").glob("*.txt")), ids=lambda p: p.stem)
def test_analysis_json_of_fixed_texts(text_file):
    result = run_cli("analyze", text_file.relative_to(GOLDEN.parent.parent), "--framework", "opm-2025", "--json")
    assert result.returncode == 0, result.stderr
    compare(f"analysis/{text_file.stem}.json", as_json(json.loads(result.stdout)))


def test_there_are_fixed_texts_to_analyse():
    assert len(list((GOLDEN / "analysis").glob("*.txt"))) >= 2


@pytest.mark.parametrize("sample", sample_ids())
def test_check_json_of_each_sample(tmp_path, sample):
    write_sample(tmp_path, sample)
    result = run_cli("check", f"{sample}.ecq", "--json", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    compare(f"check/{sample}.json", as_json(json.loads(result.stdout)))


def pdf_pages_and_outline(path: Path) -> str:
    """Each page's text, then each bookmark with the page it opens (read from the file)."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    lines = []
    for number, page in enumerate(reader.pages, 1):
        lines.append(f"=== page {number} ===")
        lines += [line.rstrip() for line in (page.extract_text() or "").splitlines()]
    lines.append("=== outline ===")

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                lines.append(f"{'  ' * depth}{item.title} -> page {reader.get_destination_page_number(item) + 1}")

    walk(reader.outline, 0)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("sample", PDF_SAMPLES)
def test_pdf_text_per_page_and_outline(tmp_path, sample):
    path = write_sample(tmp_path, sample)
    out = tmp_path / f"{sample}.pdf"
    result = run_cli("export", path, "-o", out)
    assert result.returncode in (0, 1), result.stderr
    compare(f"pdf/{sample}.txt", pdf_pages_and_outline(out))


def test_cohort_report_csv_and_html(tmp_path):
    folder = tmp_path / "cohort"
    folder.mkdir()
    for sample in sample_ids():
        write_sample(folder, sample)
    stamp = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d| UTC)?")
    for suffix in ("csv", "html"):
        out = tmp_path / f"report.{suffix}"
        result = run_cli("report", "cohort", "-o", out, "--jobs", "1", cwd=tmp_path)
        assert result.returncode in (0, 1), result.stderr
        # when the files were saved and the report made change with every run
        text = stamp.sub("<time>", out.read_bytes().decode("utf-8-sig"))
        compare(f"reports/cohort.{suffix}", text.replace(str(tmp_path), "<tmp>"))
