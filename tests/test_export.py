"""Export: golden DOCX structure, PDF facts, LibreOffice as a real client, bad input."""

import datetime as dt
import io
import os
import re
import subprocess
import zipfile

import pytest
from lxml import etree

from conftest import ROOT, libreoffice_or_skip, run_cli
from ecqwriter.core.idp import Activity, DevelopmentPlan, SignOff, Target
from ecqwriter.core.model import Example
from ecqwriter.core.samples import load_sample
from ecqwriter.storage.samples import materialise_sample
from ecqwriter.export import ExportOptions, export_package
from ecqwriter.export.service import ExportError

GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("ECQWRITER_UPDATE_GOLDEN") == "1"
OUR_STYLES = ("Normal", "Heading1", "Heading2", "Heading3", "Subtitle", "ECQTable", "Header", "Footer")


def pretty(xml: bytes) -> str:
    root = etree.fromstring(xml)
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def docx_parts(path) -> dict[str, str]:
    """The parts whose structure we own, pretty-printed; timestamps live elsewhere."""
    parts = {}
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if re.fullmatch(r"word/(document|header\d+|footer\d+)\.xml", name):
                parts[name.replace("/", "_")] = pretty(archive.read(name))
        styles = etree.fromstring(archive.read("word/styles.xml"))
        ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
        chosen = [s for s in styles.findall("w:style", ns)
                  if s.get("{%s}styleId" % ns["w"]) in OUR_STYLES]
        parts["word_styles-ours.xml"] = "".join(etree.tostring(s, pretty_print=True, encoding="unicode") for s in chosen)
    return parts


def c_package():
    package = load_sample("sample-opm-2006")
    package.criterion = package.criterion.__class__("C")
    package.justification = "The selectee led the agency's largest modernization.\n\nGaps will close within 12 months."
    plan = DevelopmentPlan(
        targets=[Target("business-acumen", "financial-management", "No budget formulation experience",
                        [Activity("Detail to the budget office", "developmental-assignment", dt.date(2026, 10, 1),
                                  dt.date(2027, 1, 31), "J. Rivera (SES)", "Leads one budget submission", "planned")])],
        mentor="J. Rivera (SES)", supervisor=SignOff("A. Chen", dt.date(2026, 9, 1)),
        erb=SignOff("NBS ERB", dt.date(2026, 9, 15)), review_dates=[dt.date(2027, 1, 15)],
        notes="Reviewed by the ERB quarterly.")
    package.idp = plan.to_dict()
    return package


def test_docx_matches_golden_structure(tmp_path):
    out = tmp_path / "sample.docx"
    export_package(c_package(), out)
    parts = docx_parts(out)
    folder = GOLDEN / "sample-criterion-c"
    if UPDATE:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.xml"):
            old.unlink()
        for name, text in parts.items():
            (folder / name).write_text(text, encoding="utf-8")
    expected = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.xml")}
    assert set(parts) == set(expected)
    for name, text in parts.items():
        assert text == expected[name], f"{name} differs from tests/golden (ECQWRITER_UPDATE_GOLDEN=1 to accept)"


def test_docx_uses_named_styles_and_has_the_idp_table(tmp_path):
    import docx

    out = tmp_path / "c.docx"
    export_package(c_package(), out)
    document = docx.Document(out)
    used = {p.style.name for p in document.paragraphs}
    assert used <= {"Normal", "Heading 1", "Heading 2", "Subtitle"}
    assert document.styles["Normal"].font.name == "Times New Roman"
    [idp] = document.tables
    assert idp.style.name == "ECQ Table"
    header = [c.text for c in idp.rows[0].cells]
    assert header == ["Activity", "Dates", "Mentor or coach", "Measure of success", "Status"]
    row = [c.text for c in idp.rows[1].cells]
    assert row == ["Detail to the budget office (developmental assignment or detail)", "2026-10-01 to 2027-01-31",
                   "J. Rivera (SES)", "Leads one budget submission", "planned"]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["Target: Business Acumen / Financial Management"]
    assert "Gap: No budget formulation experience" in [p.text for p in document.paragraphs]
    section = document.sections[1]
    assert abs(section.left_margin.inches - 1.0) < 0.01 and abs(section.page_width.inches - 8.5) < 0.01
    assert "Leading Change" in section.header.paragraphs[0].text
    footer_xml = etree.tostring(section.footer._element).decode()
    assert "NUMPAGES" in footer_xml and 'instr="PAGE"' in footer_xml
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Challenge:" not in text and "Consolidating claims intake" not in text  # no labels, no titles
    assert document.core_properties.title.startswith("Dana R. Whitfield")


def test_pdf_pages_fonts_bookmarks_and_metadata(tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "sample.pdf"
    report = export_package(load_sample("sample-opm-2006"), out)
    reader = PdfReader(out)
    assert len(reader.pages) == report.total_pages == 9  # résumé 1, narratives 8
    assert report.narrative_pages <= 10 and report.within_limits
    assert reader.metadata.title.startswith("Dana R. Whitfield") and reader.metadata.author == "Dana R. Whitfield"
    assert reader.trailer["/Root"]["/Lang"] == "en-US"
    titles = [o.title for o in reader.outline]
    assert titles == ["Résumé", "Leading Change", "Leading People", "Results Driven", "Business Acumen", "Building Coalitions"]
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object() if "/FontDescriptor" in font else {}
            fonts.add((font["/BaseFont"], "/FontFile2" in descriptor))
    assert fonts and all(embedded for _, embedded in fonts)
    assert all("LiberationSerif" in name for name, _ in fonts)
    page2 = reader.pages[1].extract_text()
    assert "Leading Change" in page2 and "Page 2 of 9" in page2 and "Dana R. Whitfield" in page2


def test_idp_table_in_the_pdf_with_every_field(tmp_path):
    from pypdf import PdfReader

    export_package(c_package(), tmp_path / "c.pdf")
    reader = PdfReader(tmp_path / "c.pdf")
    # narrow table cells wrap words; compare without white space
    last = re.sub(r"\s+", "", reader.pages[-1].extract_text())
    for value in ("Individual Development Plan", "Target: Business Acumen / Financial Management", "No budget formulation",
                  "Detail to the budget office", "developmental assignment", "2026-10-01 to 2027-01-31",
                  "J. Rivera (SES)", "Leads one budget submission", "planned", "A. Chen", "NBS ERB"):
        assert value.replace(" ", "") in last, value
    assert [o.title for o in reader.outline][-2:] == ["Agency justification", "Individual Development Plan"]


def test_docx_and_pdf_agree_on_content_and_order(tmp_path):
    import docx
    from pypdf import PdfReader

    package = c_package()
    export_package(package, tmp_path / "a.docx")
    export_package(package, tmp_path / "a.pdf")
    paragraphs = [p.text for p in docx.Document(tmp_path / "a.docx").paragraphs if p.text.strip()]
    pdf_text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "a.pdf").pages)
    pdf_flat = re.sub(r"\s+", " ", pdf_text)
    position = 0
    for paragraph in paragraphs:
        words = " ".join(paragraph.split()[:6])
        found = pdf_flat.find(words, position)
        assert found >= 0, f"not in PDF, or out of order: {words!r}"
        position = found


@pytest.mark.slow
def test_libreoffice_opens_the_docx_and_pages_agree(tmp_path):
    office = libreoffice_or_skip()
    report = export_package(load_sample("sample-opm-2006"), tmp_path / "sample.docx")
    export_package(load_sample("sample-opm-2006"), tmp_path / "sample.pdf")
    done = subprocess.run([office, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"),
                           str(tmp_path / "sample.docx")], capture_output=True, timeout=300,
                          env=dict(os.environ, HOME=str(tmp_path)))
    assert done.returncode == 0, done.stderr
    info = subprocess.run(["pdfinfo", str(tmp_path / "lo" / "sample.pdf")], capture_output=True, text=True).stdout
    lo_pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert abs(lo_pages - report.total_pages) <= 1
    resume_pages = report.sections[0].pages
    assert lo_pages - resume_pages <= 10  # the sample's narratives fit the 10-page limit in Word's route too
    fonts = subprocess.run(["pdffonts", str(tmp_path / "sample.pdf")], capture_output=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all("yes" == row[-5] for row in rows), fonts  # the "emb" column
    # Word's route sets every heading, the title and the subtitle in the PDF's own family:
    # no theme font (it came out as a sans-serif before), no other family at all
    ours = {row[0].split("+")[-1].split("-")[0] for row in rows}
    word = subprocess.run(["pdffonts", str(tmp_path / "lo" / "sample.pdf")], capture_output=True, text=True).stdout
    families = {line.split()[0].split("+")[-1].split("-")[0] for line in word.splitlines()[2:] if line.strip()}
    assert families == ours == {"LiberationSerif"}, word


def test_one_ecq_alone_and_font_size(tmp_path):
    small = export_package(load_sample("sample-opm-2006"), tmp_path / "s.pdf", ExportOptions(font_size=10, scope="narratives"))
    large = export_package(load_sample("sample-opm-2006"), tmp_path / "l.pdf", ExportOptions(font_size=12, scope="narratives"))
    assert small.total_pages <= large.total_pages
    one = export_package(load_sample("sample-opm-2006"), tmp_path / "one.pdf", ExportOptions(scope="leading-people"))
    assert [s.key for s in one.sections] == ["ecq:leading-people"]
    with pytest.raises(ExportError, match="font size"):
        export_package(load_sample("sample-opm-2006"), tmp_path / "x.pdf", ExportOptions(font_size=9))
    with pytest.raises(ExportError, match="not an ECQ"):
        export_package(load_sample("sample-opm-2006"), tmp_path / "x.pdf", ExportOptions(scope="rule-of-law"))


def test_empty_package_exports_cleanly(tmp_path):
    from ecqwriter.core.frameworks import load_framework
    from ecqwriter.core.model import Package
    from pypdf import PdfReader

    # a narrative application (the 2025 default, résumé only, exports no narratives at all)
    empty = Package.new("B", load_framework("opm-2025"), application_format="narratives")
    for suffix in ("pdf", "docx"):
        report = export_package(empty, tmp_path / f"e.{suffix}")
        # empty ECQs are left out, not printed as blank pages, and the report says so
        assert [s.key for s in report.sections] == ["resume", "cdp"]
        assert any("Left out, with no example yet" in note and "Leading People" in note for note in report.notes)
    assert len(PdfReader(tmp_path / "e.pdf").pages) == 2  # résumé, CDP
    one = export_package(empty, tmp_path / "one.pdf", ExportOptions(scope="leading-people"))
    assert [s.key for s in one.sections] == ["ecq:leading-people"]  # asked for by name: printed


def test_200_page_narrative_exports_and_is_reported_over(tmp_path):
    package = load_sample("sample-opm-2006")
    story = package.narrative("leading-change").examples[0]
    story.paragraphs = story.paragraphs * 320
    report = export_package(package, tmp_path / "long.pdf")
    assert report.total_pages >= 200
    assert not report.within_limits and any("Leading Change" in p for p in report.over_limits)


def test_characters_outside_the_font_fall_back_and_stay_in_word(tmp_path):
    import docx
    from pypdf import PdfReader

    package = load_sample("sample-opm-2006")
    package.narrative("leading-change").examples[0].paragraphs.append("Résultat 🚀 成功 naïve café — “quotes” ✓")
    pdf = export_package(package, tmp_path / "u.pdf")
    assert pdf.replaced_characters >= 3 and any("'?'" in note for note in pdf.notes)
    text = PdfReader(tmp_path / "u.pdf").pages[1].extract_text() + PdfReader(tmp_path / "u.pdf").pages[2].extract_text()
    assert "naïve café" in text
    export_package(package, tmp_path / "u.docx")
    assert any("🚀 成功" in p.text for p in docx.Document(tmp_path / "u.docx").paragraphs)


def test_failed_export_leaves_the_old_file_untouched(tmp_path, monkeypatch):
    out = tmp_path / "keep.docx"
    out.write_bytes(b"the good old export")
    import ecqwriter.export.docx_writer as writer

    def broken(document):
        raise RuntimeError("disk exploded")

    monkeypatch.setattr(writer, "write_docx", broken)
    with pytest.raises(RuntimeError):
        export_package(load_sample("sample-opm-2006"), out)
    assert out.read_bytes() == b"the good old export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.docx"]


def test_cli_export_exit_codes(tmp_path):
    package = materialise_sample(tmp_path, "sample-opm-2006")
    ok = run_cli("export", package, "-o", tmp_path / "out.pdf")
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    assert run_cli("export", package, "-o", tmp_path / "out.odt").returncode == 2
    bad = tmp_path / "bad.ecq"
    bad.write_bytes(b"junk")
    assert run_cli("export", bad, "-o", tmp_path / "x.pdf").returncode == 2
    assert not (tmp_path / "x.pdf").exists()
    from ecqwriter.storage.packagefile import PackageFile

    with PackageFile.open(package) as opened:
        example = opened.package.narrative("results-driven").examples[0]
        example.paragraphs = example.paragraphs * 4
        opened.save(opened.package)
    over = run_cli("export", package, "-o", tmp_path / "over.docx", "--json")
    assert over.returncode == 1
    import json

    data = json.loads(over.stdout)
    assert data["within_limits"] is False and data["schema"] == "ecqwriter.export/1"


def test_control_characters_from_pastes_export_to_word_and_pdf(tmp_path):
    """Regression (found by fuzzing comment rows): a vertical tab pasted from Word or a stray
    control character made python-docx refuse the whole export."""
    from ecqwriter.core.comments import example_target, new_comment

    package = load_sample("sample-opm-2006")
    example = package.narrative("leading-change").examples[0]
    example.paragraphs[0] = "Line one\x0bline two \x08with a backspace and a NUL\x00."
    package.comments.append(new_comment(example_target(example.id), example.text, 0, 8, "Coach\x07", "Odd \x1f note"))
    for name in ("ctl.docx", "ctl.pdf"):
        export_package(package, tmp_path / name, ExportOptions(comments="all"))
    import docx

    texts = [p.text for p in docx.Document(tmp_path / "ctl.docx").paragraphs]
    assert "Line one\nline two  with a backspace and a NUL ." in texts


def test_the_resume_names_the_candidate_once(tmp_path):
    from pypdf import PdfReader

    package = load_sample("sample-opm-2006")
    assert package.resume.splitlines()[0].casefold() == package.candidate.name.casefold()
    export_package(package, tmp_path / "s.pdf")
    first = PdfReader(tmp_path / "s.pdf").pages[0].extract_text()
    assert f"{package.candidate.name}: Résumé" in first  # the heading names the candidate
    assert package.resume.splitlines()[0] not in first  # and the résumé's own name line is not repeated


def test_a_part_ending_in_a_line_or_two_on_its_own_page_is_reported_with_the_cut(tmp_path):
    """Results Driven is grown a line at a time until it spills onto a page of its own: the
    report names the page and the words to cut, and widow control never leaves one line."""
    from pypdf import PdfReader

    package = load_sample("sample-opm-2006")
    assert not [n for n in export_package(package, tmp_path / "s.pdf").notes if " ends with " in n]
    story = package.narrative("results-driven").examples[-1]
    for _ in range(120):
        story.text += " I also briefed the regional directors on the results every quarter."
        report = export_package(package, tmp_path / "s.pdf")
        tail = [note for note in report.notes if " ends with " in note]
        if tail:
            break
    assert tail and tail[0].startswith("Results Driven ends with 2 lines on page") and "cut about" in tail[0]
    page = int(tail[0].split(" on page ")[1].split(":")[0])
    text = PdfReader(tmp_path / "s.pdf").pages[page - 1].extract_text()
    body = [line for line in text.splitlines() if line.strip() and "|" not in line and not line.startswith("Page ")]
    assert len(body) == 2  # widow control: never a single line alone
    from docx import Document

    export_package(package, tmp_path / "s.docx")
    assert Document(tmp_path / "s.docx").styles["Normal"].paragraph_format.widow_control is True


def test_every_sample_exports_without_a_stray_tail_or_a_checks_figure(tmp_path):
    from ecqwriter.core.samples import sample_ids

    for name in sample_ids():
        report = export_package(load_sample(name), tmp_path / f"{name}.pdf")
        assert not [n for n in report.notes if " ends with " in n], name
        text = subprocess.run(["pdftotext", str(tmp_path / f"{name}.pdf"), "-"], capture_output=True, text=True).stdout
        assert "score 0." not in text and "(score" not in text, name


def test_a_twelve_activity_plan_is_typeset_for_the_board(tmp_path):
    """Words whole, no checks' figures, six activities or more to a page."""
    package = c_package()
    kinds = ["developmental-assignment", "formal-training", "mentoring-coaching", "action-learning"]
    ecqs = [("leading-change", "vision"), ("building-coalitions", "partnering"), ("business-acumen", "technology-management")]
    targets = []
    for number, (ecq, competency) in enumerate(ecqs):
        activities = [Activity(f"Commitment workshop on interagency negotiation, part {number * 4 + i + 1}",
                               kinds[i], dt.date(2026, 10, 1), dt.date(2027, 3, 31), "J. Rivera (SES)",
                               "Handles two interagency agreements without supervision", "planned")
                      for i in range(4)]
        targets.append(Target(ecq, competency, "Narratives show it weakly (score 0.00); more evidence needed.", activities))
    package.idp = DevelopmentPlan(targets=targets, mentor="J. Rivera (SES)").to_dict()
    report = export_package(package, tmp_path / "c.pdf")
    idp_pages = next(s.pages for s in report.sections if s.key == "idp")
    assert idp_pages <= 2  # 12 activities: at least six a page
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "c.pdf"), "-"], capture_output=True,
                          text=True).stdout
    idp = text[text.index("Target: "):]
    assert "score" not in idp
    words = set(re.findall(r"[A-Za-z]+", idp))
    for word in ("Commitment", "interagency", "negotiation", "Handles", "supervision", "planned",
                 "developmental", "assignment", "training", "mentoring", "coaching", "learning"):
        assert word in words, word  # never broken across lines ("Commitmen t")


@pytest.mark.parametrize("sample", ["sample-opm-2006", "sample-opm-2006-criterion-c", "sample-opm-2025-one-page"])
def test_every_bookmark_of_an_exported_pdf_opens_its_own_section(tmp_path, sample):
    """A QRB member navigates by the outline: each bookmark, read back from the file the
    user's `export` wrote, opens the page where its section's heading stands, and the
    bookmarks run in page order (they all opened page 1 once)."""
    from pypdf import PdfReader

    from conftest import run_cli

    package = tmp_path / "p.ecq"
    assert run_cli("sample", sample, "-o", package).returncode == 0
    out = tmp_path / "p.pdf"
    done = run_cli("export", package, "-o", out)
    assert done.returncode in (0, 1), done.stderr
    reader = PdfReader(str(out))
    pages = []
    for item in reader.outline:
        assert not isinstance(item, list)
        number = reader.get_destination_page_number(item)
        text = reader.pages[number].extract_text() or ""
        assert item.title.split(":")[0] in text, (item.title, number + 1)
        pages.append(number)
    assert len(pages) >= 4 and pages == sorted(pages) and len(set(pages)) > 1, pages
    assert pages[-1] > 0
