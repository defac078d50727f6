"""Application formats (shared/contracts.md 6.3): what an application holds, the page rules
that follow, and the résumé that must show every ECQ in a résumé-based application."""

from __future__ import annotations

import json
import re

import pytest

from conftest import FIXTURES, build_package_from_sql, libreoffice_or_skip, run_cli


def test_the_four_formats_are_data_with_their_page_rules():
    from ecqwriter.core.formats import all_formats, effective_length, load_format
    from ecqwriter.core.frameworks import load_framework

    assert [f.id for f in all_formats()] == ["resume-only", "one-page-ecqs", "narratives", "interview"]
    new, old = load_framework("opm-2025"), load_framework("opm-2006")
    resume_only = effective_length(new, load_format("resume-only"))
    assert (resume_only.resume_pages, resume_only.pages_per_ecq, resume_only.narratives_required) == (2, 0, False)
    one_page = effective_length(new, load_format("one-page-ecqs"))
    assert (one_page.resume_pages, one_page.pages_per_ecq, one_page.total_pages, one_page.narratives_required) == (
        2, 1, 5, True)
    assert effective_length(old, load_format("narratives")) == old.length  # the pack's own: 10 pages, 5 for the résumé
    assert load_format("interview").interview_stories == 2 and load_format("interview").resume_evidences_ecqs


def test_an_unknown_format_is_one_clear_message(tmp_path):
    from ecqwriter.core.errors import FrameworkError
    from ecqwriter.core.formats import load_format

    with pytest.raises(FrameworkError, match="unknown application format 'essay'.*resume-only"):
        load_format("essay")
    done = run_cli("new", tmp_path / "x.ecq", "--criterion", "A", "--framework", "opm-2025", "--format", "essay")
    assert done.returncode == 2 and "essay" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.ecq").exists()


def test_new_gives_each_framework_its_default_format_and_keeps_a_chosen_one(tmp_path):
    from ecqwriter.application.documents import read_package

    for framework, expected in (("opm-2025", "resume-only"), ("opm-2006", "narratives")):
        done = run_cli("new", tmp_path / f"{framework}.ecq", "--criterion", "A", "--framework", framework)
        assert done.returncode == 0 and f"format {expected}" in done.stdout
        assert read_package(tmp_path / f"{framework}.ecq").application_format == expected
    run_cli("new", tmp_path / "one.ecq", "--criterion", "B", "--framework", "opm-2025", "--format", "one-page-ecqs")
    assert read_package(tmp_path / "one.ecq").application_format == "one-page-ecqs"


def test_a_file_from_before_formats_opens_as_the_narrative_package_it_was(tmp_path):
    from ecqwriter.application.documents import read_package
    from ecqwriter.storage import schema

    path = build_package_from_sql(tmp_path / "v3.ecq", "package-schema-v3.sql", 3)
    package = read_package(path)
    assert package.framework_id == "opm-2025" and package.application_format == "narratives"
    assert schema.SCHEMA_VERSION == 4


def test_the_2025_sample_is_a_resume_only_application_that_is_ready():
    from ecqwriter.analysis.package_check import check_package
    from ecqwriter.core.samples import DEFAULT_SAMPLE, load_sample

    assert DEFAULT_SAMPLE == "sample-opm-2025"  # what --sample opens
    package = load_sample("sample-opm-2025")
    report = check_package(package)
    assert package.application_format == "resume-only" and report.application_format == "resume-only"
    assert report.ready, [f.rule for f in report.findings if f.severity == "error"]
    assert report.framework.length.resume_pages == 2 and report.resume_pages <= 2
    # its stories are the story bank, not narratives of the application: no page limit, no "missing"
    assert not any(f.rule in ("ecq-missing", "narrative-over-length", "package-over-length") for f in report.findings)


def test_a_resume_that_shows_four_ecqs_is_told_about_the_fifth(tmp_path):
    from ecqwriter.analysis.package_check import check_package
    from ecqwriter.core.samples import load_sample
    from ecqwriter.storage.packagefile import PackageFile

    package = load_sample("sample-opm-2025")
    package.resume = (FIXTURES / "resume-four-ecqs.txt").read_text(encoding="utf-8")
    report = check_package(package)
    missing = [f for f in report.findings if f.rule == "resume-ecq-not-evidenced"]
    assert [f.where for f in missing] == ["resume"] and len(missing) == 1
    assert "Commitment to the Rule of Law" in missing[0].message and missing[0].severity == "error"
    assert not report.ready
    path = tmp_path / "four.ecq"
    PackageFile.create(path, package, lock=False).close()
    done = run_cli("check", path, "--json")
    assert done.returncode == 1
    data = json.loads(done.stdout)
    data = data[0] if isinstance(data, list) else data
    assert data["format"] == "resume-only"
    assert [f["rule"] for f in data["findings"]].count("resume-ecq-not-evidenced") == 1
    # the heat map's résumé column: the missing ECQ is empty, the others show
    matrix = data["resume_coverage_matrix"]
    assert max(matrix["rule-of-law"].values()) < 0.45
    assert all(max(matrix[ecq].values()) >= 0.45 for ecq in matrix if ecq != "rule-of-law")
    # the same résumé in a narrative application is not held to showing every ECQ
    package.application_format = "narratives"
    report = check_package(package)
    assert not any(f.rule == "resume-ecq-not-evidenced" for f in report.findings) and not report.resume_matrix


def test_only_the_first_pages_of_the_resume_count_as_evidence():
    from ecqwriter.analysis.package_check import check_package
    from ecqwriter.core.samples import load_sample

    package = load_sample("sample-opm-2025")
    filler = "\n\n".join(f"Program analyst, Office {n}. Reviewed files and kept records of the office." for n in range(120))
    legal = "Briefed the House oversight committee and the Office of General Counsel; brought payments into compliance."
    package.resume = (FIXTURES / "resume-four-ecqs.txt").read_text(encoding="utf-8") + "\n\n" + filler + "\n\n" + legal
    report = check_package(package)
    assert any(f.rule == "resume-ecq-not-evidenced" and "Rule of Law" in f.message for f in report.findings)
    assert any(f.rule == "resume-over-length" for f in report.findings)


def test_a_resume_only_export_holds_the_resume_alone(tmp_path):
    from ecqwriter.core.samples import load_sample
    from ecqwriter.export import ExportOptions, export_package

    package = load_sample("sample-opm-2025")
    report = export_package(package, tmp_path / "application.pdf")
    assert [s.key for s in report.sections] == ["resume"]
    # the stories can still be printed on their own, for the interview
    stories = export_package(package, tmp_path / "stories.pdf", ExportOptions(scope="narratives"))
    assert [s.key for s in stories.sections][0].startswith("ecq:")
    package.application_format = "one-page-ecqs"
    both = export_package(package, tmp_path / "one-page.pdf")
    assert both.sections[0].key == "resume" and all(s.limit == 1 for s in both.sections[1:])
    assert both.narrative_limit == 5


def test_sample_list_names_each_samples_format():
    listed = run_cli("sample", "--list").stdout
    assert "sample-opm-2025 " in listed and "format resume-only" in listed
    assert "format narratives" in listed


def test_import_resume_keeps_every_field_and_checks_dates_hours_and_age(tmp_path):
    from ecqwriter.analysis.package_check import check_package
    from ecqwriter.application.documents import read_package

    package = tmp_path / "p.ecq"
    run_cli("new", package, "--criterion", "A", "--framework", "opm-2025")
    done = run_cli("import-resume", package, FIXTURES / "resume-oyelaran.json")
    assert done.returncode == 0, done.stderr
    assert "3 jobs, 5 accomplishments" in done.stdout
    stored = read_package(package)
    source = json.loads((FIXTURES / "resume-oyelaran.json").read_text(encoding="utf-8"))
    assert stored.resume_record == source  # unknown fields ("clearance", "reviewed") kept
    assert "MARCUS T. OYELARAN" in stored.resume and "- Cut improper payments" in stored.resume
    assert "March 2020 to present" in stored.resume and "40 hours per week" in stored.resume
    rules = [f.rule for f in check_package(stored).findings]
    assert rules.count("resume-missing-hours") == 1  # the deputy job
    assert rules.count("resume-older-than-10-years") == 1  # the county job, ended 2012
    assert "resume-missing-dates" not in rules


@pytest.mark.parametrize("change, field", [
    (lambda d: d["experience"][0].update(start="March 2020"), "experience[0].start"),
    (lambda d: d["experience"][1]["accomplishments"][0].update(ecqs=["results-driven"]),
     "experience[1].accomplishments[0].ecqs"),
    (lambda d: d["experience"][0].update(hours_per_week="forty"), "experience[0].hours_per_week"),
    (lambda d: d.pop("name"), "name"),
    (lambda d: d.update(schema="other/1"), "schema"),
])
def test_a_bad_resume_names_the_field_and_changes_nothing(tmp_path, change, field):
    from ecqwriter.application.documents import read_package

    package = tmp_path / "p.ecq"
    run_cli("new", package, "--criterion", "A", "--framework", "opm-2025")
    before = package.read_bytes()
    data = json.loads((FIXTURES / "resume-oyelaran.json").read_text(encoding="utf-8"))
    change(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    done = run_cli("import-resume", package, bad)
    assert done.returncode == 2
    assert field in done.stderr and "bad.json" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert package.read_bytes() == before and read_package(package).resume == ""
    (tmp_path / "junk.json").write_bytes(b"{not json")
    assert run_cli("import-resume", package, tmp_path / "junk.json").returncode == 2


def _pages(pdf) -> int:
    import subprocess

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def _families(pdf) -> set[str]:
    import subprocess

    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(row[-5] == "yes" for row in rows), fonts  # every font embedded
    return {row[0].split("+")[-1].split("-")[0] for row in rows}


def test_the_2025_resume_exports_to_2_pages_in_a_sans_serif_in_pdf_and_through_word(tmp_path):
    """USAJOBS guidance: one column, no tables, a sans-serif embedded, 0.5 inch margins, US
    Letter, and the same page count from our PDF and from LibreOffice's reading of our DOCX."""
    import os
    import subprocess

    from docx import Document

    from ecqwriter.core.samples import load_sample
    from ecqwriter.export import ExportOptions, export_package

    office = libreoffice_or_skip()
    package = load_sample("sample-opm-2025")
    pdf = export_package(package, tmp_path / "resume.pdf", ExportOptions(part="resume"))
    docx = export_package(package, tmp_path / "resume.docx", ExportOptions(part="resume"))
    assert pdf.total_pages <= 2 and pdf.within_limits and [s.key for s in pdf.sections] == ["resume"]
    assert _families(tmp_path / "resume.pdf") == {"LiberationSans"}
    word = Document(str(tmp_path / "resume.docx"))
    assert not word.tables and not word.inline_shapes
    section = word.sections[0]
    assert round(section.left_margin.inches, 2) == round(section.top_margin.inches, 2) == 0.5
    assert round(section.page_width.inches, 1) == 8.5 and round(section.page_height.inches, 1) == 11.0
    assert word.styles["Normal"].font.name == "Arial" and word.styles["Normal"].font.size.pt == 10.5
    assert word.styles["Heading 1"].font.size.pt == 14
    done = subprocess.run([office, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"),
                           str(tmp_path / "resume.docx")], capture_output=True, timeout=300,
                          env=dict(os.environ, HOME=str(tmp_path)))
    assert done.returncode == 0, done.stderr
    assert _pages(tmp_path / "lo" / "resume.pdf") == pdf.total_pages == docx.total_pages
    assert _families(tmp_path / "lo" / "resume.pdf") == {"LiberationSans"}


def test_an_over_long_resume_exits_1_on_export_and_the_report_names_it(tmp_path):
    from ecqwriter.core.samples import load_sample
    from ecqwriter.storage.packagefile import PackageFile

    package = load_sample("sample-opm-2025")
    more = "\n\n".join(f"Program Manager, Office {n}\nAgency {n}, Denver, CO. May 2001 to April 2002. 40 hours per week.\n"
                       f"- Led a team of {n + 3} analysts and cut processing time by {n + 5} percent in a year."
                       for n in range(40))
    package.resume = package.resume + "\n\n" + more
    path = tmp_path / "long.ecq"
    PackageFile.create(path, package, lock=False).close()
    done = run_cli("export", path, "--part", "resume", "-o", tmp_path / "long.pdf", "--json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["pages"] > 2 and any(problem.startswith("Résumé:") for problem in report["over_limits"])
    # what spills is named by its first words: the board stops reading at page 2
    spill = [note for note in report["notes"] if note.startswith("Past page 2 of Résumé")]
    assert spill and "Program Manager, Office" in spill[0] and "more." in spill[0]
    # a résumé-only application's export is that résumé
    assert run_cli("export", path, "-o", tmp_path / "application.pdf").returncode == 1


def test_interview_cards_print_one_page_per_ecq_naming_its_stories(tmp_path):
    import subprocess

    from ecqwriter.application.exporting import interview_plan
    from ecqwriter.core.interview import CARD_WORDS
    from ecqwriter.core.samples import load_sample

    package = load_sample("sample-opm-2025")
    plan = interview_plan(package)
    assert [e.ecq_id for e in plan] == list(package.narratives)
    for ecq in plan:
        assert ecq.practice and 1 <= len(ecq.cards) <= 2
        for card in ecq.cards:
            assert card.words() <= CARD_WORDS and card.challenge and card.action and card.result
            assert card.follow_ups
    assert any(card.figures for ecq in plan for card in ecq.cards)
    path = tmp_path / "s.ecq"
    run_cli("sample", "sample-opm-2025", "-o", path)
    done = run_cli("export", path, "--part", "interview", "-o", tmp_path / "cards.pdf", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["pages"] == 5
    for number, ecq in enumerate(plan, 1):
        page = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-layout",
                               str(tmp_path / "cards.pdf"), "-"], capture_output=True, text=True).stdout
        assert ecq.ecq_name.split()[0] in page
        for card in ecq.cards:
            assert " ".join(card.story.split()[:4]) in " ".join(page.split())
        assert "not OPM" in page
    refused = run_cli("export", path, "--part", "interview", "-o", tmp_path / "cards.docx")
    assert refused.returncode == 2 and "PDF" in refused.stderr and not (tmp_path / "cards.docx").exists()


def test_convert_moves_every_story_onto_the_2025_ecqs_and_leaves_the_original_alone(tmp_path):
    import hashlib

    from ecqwriter.application.documents import read_package
    from ecqwriter.core.comments import example_target, new_comment
    from ecqwriter.core.model import Example
    from ecqwriter.core.samples import load_sample
    from ecqwriter.storage.packagefile import PackageFile

    package = load_sample("sample-opm-2006")
    story = package.narrative("leading-people").examples[0]
    package.comments.append(new_comment(example_target(story.id), story.text, 0, 20, "Coach", "keep this"))
    package.narrative("building-coalitions").examples.append(Example("A story still to write"))
    path = tmp_path / "old.ecq"
    PackageFile.create(path, package, lock=False).close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    done = run_cli("convert", path, "--to", "opm-2025", "-o", tmp_path / "new.ecq", "--json")
    assert done.returncode == 0, done.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # byte for byte
    data = json.loads(done.stdout)
    assert data["schema"] == "ecqwriter.convert/1" and len(data["stories"]) == 10
    new_ecqs = {"rule-of-law", "driving-efficiency", "merit-competence", "leading-people", "achieving-results"}
    assert all(s["to_ecq"] in new_ecqs and 0 < s["confidence"] <= 1 for s in data["stories"])
    assert set(data["ecqs_without_an_equivalent"]) == {"rule-of-law", "driving-efficiency"}
    moved = read_package(tmp_path / "new.ecq")
    assert moved.framework_id == "opm-2025" and set(moved.narratives) == new_ecqs
    old_texts = sorted(e.text for n in package.narratives.values() for e in n.examples)
    assert sorted(e.text for n in moved.narratives.values() for e in n.examples) == old_texts
    assert moved.resume == package.resume and moved.comments[0].body == "keep this"
    assert any(e.id == story.id for n in moved.narratives.values() for e in n.examples)  # the comment's story
    # an empty draft has nothing to analyse, and is kept in its old ECQ's place
    assert [e.title for e in moved.narrative("achieving-results").examples][-1] == "A story still to write"
    again = run_cli("convert", path, "--to", "opm-2025", "-o", tmp_path / "new.ecq")
    assert again.returncode == 2 and "exists" in again.stderr
    plain = run_cli("convert", path, "--to", "opm-2025", "-o", tmp_path / "other.ecq").stdout
    assert "has no equivalent in opm-2006" in plain and "is unchanged" in plain


def test_there_is_a_ready_2025_sample_for_each_format(tmp_path):
    from ecqwriter.analysis.package_check import check_package
    from ecqwriter.core.formats import format_ids
    from ecqwriter.core.samples import load_sample, sample_ids
    from ecqwriter.export import export_package

    by_format = {}
    for name in sample_ids():
        package = load_sample(name)
        by_format.setdefault(package.application_format, []).append(name)
    assert set(by_format) == set(format_ids())
    for name in ("sample-opm-2025", "sample-opm-2025-one-page", "sample-opm-2025-interview"):
        package = load_sample(name)
        assert check_package(package).ready, name
        report = export_package(package, tmp_path / f"{name}.pdf")
        assert report.within_limits, (name, report.over_limits)
    one_page = export_package(load_sample("sample-opm-2025-one-page"), tmp_path / "one.pdf")
    assert [s.pages for s in one_page.sections[1:]] == [1, 1, 1, 1, 1]


def test_the_2025_sample_resume_is_structured_and_linked_to_its_stories():
    from ecqwriter.core.resume import resume_from_json
    from ecqwriter.core.samples import load_sample

    package = load_sample("sample-opm-2025")
    resume = resume_from_json(package.resume_record, "sample", list(package.narratives))
    assert resume.render_text() == package.resume  # what the checks read is what the record says
    stories = {e.title for n in package.narratives.values() for e in n.examples}
    linked = {a.story for job in resume.experience for a in job.accomplishments if a.story}
    assert linked == stories  # every story of the bank reaches the résumé
    tagged = {tag for job in resume.experience for a in job.accomplishments for tag in a.ecqs}
    assert tagged == set(package.narratives)
    assert all(job.start and job.hours_per_week for job in resume.experience)
    assert all(e.facts.get("role") for n in package.narratives.values() for e in n.examples)


def test_the_resume_page_estimate_follows_the_resume_layout_of_the_export(tmp_path):
    """A résumé-based application prints the résumé in a 10.5 pt sans-serif with 0.5-inch
    margins: the estimate the candidate sees while writing is measured on that page."""
    from ecqwriter.analysis.package_check import check_package
    from ecqwriter.core.samples import load_sample
    from ecqwriter.export import ExportOptions, export_package

    package = load_sample("sample-opm-2025")
    estimate = check_package(package).resume_pages
    printed = export_package(package, tmp_path / "resume.pdf", ExportOptions(part="resume")).total_pages
    assert printed - 1 < estimate <= printed  # the estimate lands on the page the export ends on
    package.resume += "\n\n" + "\n".join(f"- Led program {n} to a result worth ${n} million." for n in range(60))
    estimate = check_package(package).resume_pages
    printed = export_package(package, tmp_path / "longer.pdf", ExportOptions(part="resume")).total_pages
    assert printed - 1 < estimate <= printed + 0.1


def test_resume_acronyms_are_checked_in_reading_order_but_states_and_headings_are_not():
    from ecqwriter.analysis.package_check import check_package
    from ecqwriter.core.samples import load_sample

    package = load_sample("sample-opm-2025")
    package.resume_record = {}
    package.resume = ("JANE Q. PUBLIC\nDenver, CO | jane@example.gov\n\nSUMMARY\nLed the CFO office's audit work."
                      "\n\nPROFESSIONAL EXPERIENCE\n\nDirector\n- Cut FMS costs by 20 percent with the Financial "
                      "Management Service (FMS) team.\n\nAWARDS\nGold Medal, 2023.")
    flagged = {f.message.split('"')[1]: f.message for f in check_package(package).findings
               if f.rule == "acronym-undefined" and f.where == "resume"}
    assert set(flagged) == {"CFO", "FMS"}  # not CO (a state), not JANE, SUMMARY or AWARDS
    assert "spelled out later" in flagged["FMS"] and "spelled out later" not in flagged["CFO"]


def test_a_conversion_is_planned_then_written_with_the_candidates_changes(tmp_path):
    """The window's convert dialog: the analysis proposes, the candidate changes one story's
    ECQ, and the new package holds the story where the candidate put it."""
    from ecqwriter.application.convert import plan_conversion, write_conversion
    from ecqwriter.application.documents import read_package
    from ecqwriter.core.samples import load_sample
    from ecqwriter.storage.packagefile import PackageFile

    path = tmp_path / "old.ecq"
    PackageFile.create(path, load_sample("sample-opm-2006"), lock=False).close()
    plan = plan_conversion(path, "opm-2025")
    assert not list(tmp_path.glob("*.ecq"))[1:]  # planning writes nothing
    move = plan.moves[0]
    assert [ecq for ecq, _ in move.ranked][0] == move.to_ecq == move.proposed
    assert abs(sum(p for _, p in move.ranked) - 1.0) < 0.01
    choice = next(ecq for ecq, _ in move.ranked if ecq != move.proposed and ecq == "rule-of-law") \
        if move.proposed != "rule-of-law" else "driving-efficiency"
    move.assign(choice)
    assert move.confidence == dict(move.ranked)[choice]
    done = write_conversion(plan, tmp_path / "new.ecq")
    moved = read_package(tmp_path / "new.ecq")
    assert move.example_id in [e.id for e in moved.narrative(choice).examples]
    assert done.output == tmp_path / "new.ecq" and choice not in done.empty


def test_a_word_resume_imports_as_text_to_structure_and_a_bad_one_changes_nothing(tmp_path):
    from docx import Document

    from docx_builders import zip_bomb
    from ecqwriter.application.documents import read_package
    from ecqwriter.core.samples import load_sample
    from ecqwriter.storage.packagefile import PackageFile

    word = Document()
    word.add_heading("Pat Q. Doe", 1)
    word.add_paragraph("Denver, CO | pat@example.gov")
    word.add_heading("Professional Experience", 2)
    word.add_paragraph("Director, Office of Operations, March 2020 to present, 40 hours per week")
    word.add_paragraph("Cut processing time from 90 to 30 days for 12,000 claims.", style="List Bullet")
    word.add_paragraph("• Saved $2 million a year by closing two leased offices.")
    word.save(tmp_path / "resume.docx")
    package = load_sample("sample-opm-2025")
    path = tmp_path / "p.ecq"
    PackageFile.create(path, package, lock=False).close()
    done = run_cli("import-resume", path, tmp_path / "resume.docx")
    assert done.returncode == 0, done.stderr
    assert "Structure this résumé" in done.stdout
    moved = read_package(path)
    assert moved.resume_record == {}
    assert moved.resume == ("PAT Q. DOE\nDenver, CO | pat@example.gov\n\nPROFESSIONAL EXPERIENCE\n"
                            "Director, Office of Operations, March 2020 to present, 40 hours per week\n"
                            "- Cut processing time from 90 to 30 days for 12,000 claims.\n"
                            "- Saved $2 million a year by closing two leased offices.")
    before = path.read_bytes()
    bomb = zip_bomb(tmp_path / "resume.docx", tmp_path / "bomb.docx")
    refused = run_cli("import-resume", path, bomb)
    assert refused.returncode == 2 and "bomb.docx" in refused.stderr and "Traceback" not in refused.stderr
    assert path.read_bytes() == before


def test_a_resume_export_names_each_usajobs_field_it_lacks_and_exits_1(tmp_path):
    """USAJOBS asks for month-and-year dates, hours a week and citizenship: `export --part
    resume` says which are missing, one line each, whatever the framework."""
    import json

    from conftest import run_cli
    from ecqwriter.core.resume import resume_from_json
    from ecqwriter.core.samples import load_sample
    from ecqwriter.storage.packagefile import PackageFile

    complete = tmp_path / "complete.ecq"
    assert run_cli("sample", "sample-opm-2025", "-o", complete).returncode == 0
    done = run_cli("export", complete, "--part", "resume", "-o", tmp_path / "complete.pdf", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["missing_fields"] == []
    package = load_sample("sample-opm-2025")
    record = json.loads(json.dumps(package.resume_record))
    record["citizenship"] = ""
    record["experience"][1]["hours_per_week"] = None
    package.resume_record = record
    package.resume = resume_from_json(record).render_text()
    gaps = tmp_path / "gaps.ecq"
    PackageFile.create(gaps, package, lock=False).close()
    done = run_cli("export", gaps, "--part", "resume", "-o", tmp_path / "gaps.pdf")
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if "USAJOBS asks for it" in line]
    assert any("citizenship is missing" in line for line in lines)
    assert any("job 2" in line and "hours a week" in line for line in lines)
    # a 2006 package's free-text résumé cannot show the fields: it is said in a note, not
    # passed over; its exit status stays what the page limits make it (contract section 6)
    free = tmp_path / "free.ecq"
    assert run_cli("sample", "sample-opm-2006", "-o", free).returncode == 0
    done = run_cli("export", free, "--part", "resume", "-o", tmp_path / "free.pdf")
    assert done.returncode == 0 and "note: The résumé is free text" in done.stdout
