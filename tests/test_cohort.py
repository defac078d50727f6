"""Many packages at once (issue 17): folders and --jobs for check, the report in three forms
with the same numbers, and the submission bundle with its attachments."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import time

import pytest

from cohort_builders import make_cohort
from conftest import run_cli


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cohort")
    return folder, make_cohort(folder, 9)


def test_check_takes_a_folder_and_jobs_give_the_same_reports_in_the_same_order(cohort, tmp_path):
    folder, expected = cohort
    one = run_cli("check", folder, "--json", "--jobs", "1", timeout=300)
    two = run_cli("check", folder, "--json", "--jobs", "2", timeout=300)
    assert one.returncode == two.returncode == 1  # some are not ready
    first, second = json.loads(one.stdout), json.loads(two.stdout)
    assert [r["package"] for r in first] == [str(folder / name) for name in sorted(expected)]
    assert first == second
    assert {r["package"].rsplit("/", 1)[-1]: r["ready"] for r in first} == expected
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = run_cli("check", empty)
    assert refused.returncode == 2 and "holds no .ecq packages" in refused.stderr
    assert run_cli("check", folder, "--jobs", "0").returncode == 2


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_report_as_csv_html_and_pdf_gives_the_same_numbers(cohort, tmp_path):
    folder, expected = cohort
    (folder / "broken.ecq").write_bytes(b"not a package")
    try:
        outputs = {}
        for suffix in ("csv", "html", "pdf"):
            out = tmp_path / f"report.{suffix}"
            done = run_cli("report", folder, "-o", out, timeout=300)
            assert done.returncode == 2, done.stderr  # one package could not be read
            assert "broken.ecq" in done.stderr and out.stat().st_mode & 0o077 == 0
            outputs[suffix] = out
    finally:
        (folder / "broken.ecq").unlink()
    rows = list(csv.DictReader(io.StringIO(outputs["csv"].read_text(encoding="utf-8-sig"))))
    assert len(rows) == len(expected) + 1
    by_name = {r["file"].rsplit("/", 1)[-1]: r for r in rows}
    assert by_name["broken.ecq"]["problem"] and by_name["broken.ecq"]["ready"] == ""
    for name, ready in expected.items():
        assert by_name[name]["ready"] == ("yes" if ready else "no")
    page = outputs["html"].read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=|@import|url\(|<script""", page, re.I)  # self-contained
    pdf = _pdf_text(outputs["pdf"])
    for row in rows:
        name = row["file"].rsplit("/", 1)[-1]
        for text in (page, pdf):
            assert name in text
        if row["problem"]:
            continue
        cells = re.search(re.escape(name) + r".*", pdf).group(0).split()
        # the same candidate, readiness, errors and warnings in the PDF's row and in the HTML's
        assert row["candidate"].split()[0] in cells
        assert [row["ready"], row["errors"], row["warnings"]] == cells[cells.index(row["ready"]):][:3]
        html_row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*" + re.escape(name) + r".*?</tr>", page).group(0)
        assert f">{row['errors']}</td><td class=\"num\">{row['warnings']}</td>" in html_row
    summary = f"{len(expected) + 1} packages: {sum(expected.values())} ready, " \
              f"{len(expected) - sum(expected.values())} not ready, 1 could not be read"
    assert summary in page and summary in " ".join(pdf.split())


def _attachment(path, pages: int):
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(path))
    for number in range(pages):
        drawing.drawString(72, 720, f"{path.stem} page {number + 1}")
        drawing.showPage()
    drawing.save()
    return path


def test_bundle_joins_cover_package_and_attachments_with_a_bookmark_for_each_part(tmp_path):
    from pypdf import PdfReader

    from ecqwriter.storage.samples import materialise_sample

    package = materialise_sample(tmp_path, "sample-opm-2006-criterion-c")
    sf50 = _attachment(tmp_path / "sf50.pdf", 2)
    erb = _attachment(tmp_path / "erb.pdf", 1)
    out = tmp_path / "submission.pdf"
    done = run_cli("bundle", package, "--attach", f"{sf50}=SF-50", "--attach", erb, "-o", out, timeout=300)
    assert done.returncode == 0, done.stderr
    exported = run_cli("export", package, "-o", tmp_path / "alone.pdf")
    package_pages = len(PdfReader(tmp_path / "alone.pdf").pages)
    reader = PdfReader(out)
    assert len(reader.pages) == 1 + package_pages + 3 and exported.returncode == 0
    marks = {}

    def walk(items, depth=0):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                marks[item.title] = (reader.get_destination_page_number(item) + 1, depth)

    walk(reader.outline)
    parts = ["Résumé", "Leading Change", "Leading People", "Results Driven", "Business Acumen",
             "Building Coalitions", "Agency justification", "Individual Development Plan"]
    assert set(parts) <= set(marks) and marks["Leading Change"][1] == 1  # ECQs under "ECQ narratives"
    assert marks["SF-50"][0] == 1 + package_pages + 1 and marks["erb"][0] == 1 + package_pages + 3
    assert "sf50 page 1" in reader.pages[marks["SF-50"][0] - 1].extract_text()
    cover = reader.pages[0].extract_text()
    assert "Contents" in cover and "SF-50" in cover and "Dana R. Whitfield" in cover
    assert f"SF-50 {marks['SF-50'][0]}" in " ".join(cover.split())


@pytest.mark.parametrize("kind", ["encrypted", "damaged", "not-a-pdf", "looped"])
def test_bundle_refuses_an_unusable_attachment_and_writes_nothing(tmp_path, kind):
    from pypdf import PdfWriter

    from ecqwriter.storage.samples import materialise_sample

    package = materialise_sample(tmp_path, "sample-opm-2025")
    bad = tmp_path / f"{kind}.pdf"
    if kind == "encrypted":
        writer = PdfWriter()
        writer.append(_attachment(tmp_path / "plain.pdf", 1))
        writer.encrypt("secret")
        writer.write(bad)
    elif kind == "damaged":
        bad.write_bytes(_attachment(tmp_path / "plain.pdf", 2).read_bytes()[:400])
    elif kind == "not-a-pdf":
        bad.write_text("a letter, not a PDF")
    else:  # a page tree that is its own kid, claiming a billion pages
        bad.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                        b"2 0 obj << /Type /Pages /Kids [2 0 R 2 0 R] /Count 1000000000 >> endobj\n"
                        b"trailer << /Root 1 0 R >>\n%%EOF\n")
    out = tmp_path / "submission.pdf"
    started = time.monotonic()
    done = run_cli("bundle", package, "--attach", bad, "-o", out, timeout=300)
    assert done.returncode == 2 and not out.exists()
    assert done.stderr.count("\n") == 1 and str(bad) in done.stderr and "Traceback" not in done.stderr
    assert time.monotonic() - started < 60
    assert not list(tmp_path.glob(".submission.pdf*"))  # no partial file either


def test_work_on_a_hostile_file_is_stopped_when_its_time_is_up():
    from ecqwriter.core.bounded import run_bounded
    from ecqwriter.core.errors import EcqError

    started = time.monotonic()
    with pytest.raises(EcqError, match="longer than 1 second and"):
        run_bounded(time.sleep, 30, seconds=1, what="reading the file")
    assert time.monotonic() - started < 10
    assert run_bounded(sum, [1, 2, 3]) == 6


def test_the_report_pdf_embeds_its_fonts_and_breaks_file_names_only_at_their_own_breaks(tmp_path):
    """For an Executive Resources Board: no font the reader's machine must supply (Helvetica
    was referenced, not embedded), a long file name wrapped after its hyphens, never mid-word,
    résumé pages as the window says them (1.6, not 1.63), and times said to be UTC."""
    from pypdf import PdfReader

    folder = tmp_path / "cohort"
    folder.mkdir()
    name = "sample-opm-2025-one-page-with-a-very-long-candidate-file-name"
    assert run_cli("sample", "sample-opm-2025-one-page", "-o", folder / f"{name}.ecq").returncode == 0
    out = tmp_path / "report.pdf"
    assert run_cli("report", folder, "-o", out).returncode in (0, 1)
    reader = PdfReader(str(out))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None and any(k in descriptor.get_object() for k in
                                                  ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
    text = reader.pages[0].extract_text()
    # a line may end after a hyphen, an underscore or a dot, and nowhere else in the name
    assert f"{name}.ecq" in re.sub(r"([-_.])\n", r"\1", text), text
    assert "1.6/2" in text and "1.63" not in text
    assert "UTC" in text
