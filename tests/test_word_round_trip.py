"""Word round trip: reviewer's copy with real comments, and importing Word drafts safely."""

import json
import os
import subprocess
import time
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from pypdf import PdfReader

from conftest import libreoffice_or_skip, run_cli
from docx_builders import (
    BILLION_LAUGHS,
    EXTERNAL_ENTITY,
    LC_1,
    UTF16_ENTITY,
    lying_sizes,
    realistic_draft,
    rewrite_part,
    simple_docx,
    threaded_comments_draft,
    zip_bomb,
)
from ecqwriter.core.comments import example_target, new_comment
from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.model import Package
from ecqwriter.core.samples import load_sample
from ecqwriter.export import ExportOptions, export_package
from ecqwriter.importing.docx_reader import read_docx
from ecqwriter.importing.plan import SKIP, apply_plan, plan_import
from ecqwriter.importing.safe_zip import ImportFileError
from ecqwriter.storage.packagefile import PackageFile, read_package


def reviewed_sample():
    package = load_sample("sample-opm-2006")
    example = package.narrative("leading-change").examples[0]
    words = example.paragraphs[0].split()[:4]
    quote = " ".join(words)
    start = example.text.index(quote)
    thread = new_comment(example_target(example.id), example.text, start, start + len(quote), "Coach Lee",
                         "Open with the challenge, not the agency.")
    thread.reply("Dana Whitfield", "Reworded in the next draft.")
    package.comments.append(thread)
    settled = new_comment("resume", package.resume, 0, 10, "Coach Lee", "Add your series and grade.")
    settled.resolve("Dana Whitfield")
    package.comments.append(settled)
    return package, quote


# ---------------------------------------------------------------------------------------- export


def test_reviewers_docx_has_real_word_comments_and_the_qrb_copy_has_none(tmp_path):
    package, quote = reviewed_sample()
    export_package(package, tmp_path / "qrb.docx")
    assert list(docx.Document(tmp_path / "qrb.docx").comments) == []
    report = export_package(package, tmp_path / "review.docx", ExportOptions(comments="open"))
    comments = list(docx.Document(tmp_path / "review.docx").comments)
    # the reply is a Word reply: a comment of its own, threaded through commentsExtended
    assert [(c.author, c.initials, c.text) for c in comments] == [
        ("Coach Lee", "CL", "Open with the challenge, not the agency."),
        ("Dana Whitfield", "DW", "Reworded in the next draft.")]
    with zipfile.ZipFile(tmp_path / "review.docx") as archive:
        threads = etree.fromstring(archive.read("word/commentsExtended.xml"))
        assert "commentsExtended+xml" in archive.read("[Content_Types].xml").decode()
    w15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
    entries = [(e.get(f"{w15}paraId"), e.get(f"{w15}paraIdParent")) for e in threads]
    assert entries == [("00000001", None), ("00000002", "00000001")]
    # and the file imports back as one thread on the same words
    plan = plan_import(tmp_path / "review.docx", load_framework("opm-2006"))
    [note] = [c for p in plan.parts for e in p.examples for c in e.comments]
    assert note.author == "Coach Lee" and [r[:2] for r in note.replies] == [("Dana Whitfield", "Reworded in the next draft.")]
    # the comment covers exactly the words it was made on
    with zipfile.ZipFile(tmp_path / "review.docx") as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    start = body.find(".//w:commentRangeStart", ns)
    covered = []
    node = start.getnext()
    while node is not None and node.tag != f"{{{ns['w']}}}commentRangeEnd":
        covered += node.xpath(".//w:t/text()", namespaces=ns)
        node = node.getnext()
    assert "".join(covered) == quote
    assert report.total_pages == export_package(package, tmp_path / "again.docx").total_pages
    every = export_package(package, tmp_path / "all.docx", ExportOptions(comments="all"))
    assert len(list(docx.Document(tmp_path / "all.docx").comments)) == 3 and every.notes
    resolved = plan_import(tmp_path / "all.docx", load_framework("opm-2006"))
    resume = next(p for p in resolved.parts if p.destination == "resume")
    assert [c.resolved for e in resume.examples for c in e.comments] == [True]


def test_reviewers_pdf_marks_the_words_and_lists_comments_after_the_package(tmp_path):
    package, quote = reviewed_sample()
    plain = export_package(package, tmp_path / "qrb.pdf")
    review = export_package(package, tmp_path / "review.pdf", ExportOptions(comments="open"))
    assert review.total_pages == plain.total_pages + 1
    assert [s.pages for s in review.sections] == [s.pages for s in plain.sections]  # limits unaffected
    reader = PdfReader(tmp_path / "review.pdf")
    last = reader.pages[-1].extract_text()
    assert "Reviewer comments" in last and "Open with the challenge" in last and "Reworded" in last
    assert "Add your series" not in last  # resolved: left out of an "open" copy
    assert "Reviewer comments" in [item.title for item in reader.outline]


@pytest.mark.slow
def test_libreoffice_reads_the_word_comments(tmp_path):
    office = libreoffice_or_skip()
    package, quote = reviewed_sample()
    export_package(package, tmp_path / "review.docx", ExportOptions(comments="all"))
    done = subprocess.run([office, "--headless", "--norestore", "--convert-to", "odt", "--outdir", str(tmp_path / "lo"),
                           str(tmp_path / "review.docx")], capture_output=True, timeout=300,
                          env=dict(os.environ, HOME=str(tmp_path)))
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(tmp_path / "lo" / "review.odt") as archive:
        content = etree.fromstring(archive.read("content.xml"))
    ns = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
          "dc": "http://purl.org/dc/elements/1.1/", "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
    notes = content.findall(".//office:annotation", ns)
    assert sorted(n.findtext("dc:creator", namespaces=ns) for n in notes) == ["Coach Lee", "Coach Lee", "Dana Whitfield"]
    bodies = [" ".join(n.xpath(".//text:p//text()", namespaces=ns)) for n in notes]
    assert any("Open with the challenge" in b for b in bodies) and any("Reworded" in b for b in bodies)
    # LibreOffice reads the resolved state from commentsExtended: only the résumé's comment is done
    loext = "{urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0}resolved"
    assert sorted(n.get(loext) for n in notes) == ["false", "false", "true"]
    # and our own importer brings LibreOffice's file back with the comments on the same words
    resaved = subprocess.run([office, "--headless", "--norestore", "--convert-to", "docx", "--outdir",
                              str(tmp_path / "back"), str(tmp_path / "lo" / "review.odt")], capture_output=True,
                             timeout=300, env=dict(os.environ, HOME=str(tmp_path)))
    assert resaved.returncode == 0, resaved.stderr
    plan = plan_import(tmp_path / "back" / "review.docx", load_framework("opm-2006"))
    leading_change = next(p for p in plan.parts if p.destination == "leading-change")
    example = next(e for e in leading_change.examples if e.comments)
    # LibreOffice 7.4 writes replies back as comments of their own (it keeps no threads)
    notes = {c.author: c for c in example.comments}
    assert example.text[notes["Coach Lee"].start:notes["Coach Lee"].end] == quote
    assert "Dana Whitfield" in notes or notes["Coach Lee"].replies


# ---------------------------------------------------------------------------------------- import


def test_realistic_draft_splits_by_ecq_headings_in_all_their_styles(tmp_path, framework_2006):
    plan = plan_import(realistic_draft(tmp_path / "draft.docx"), framework_2006)
    destinations = [p.destination for p in plan.parts]
    assert destinations == [SKIP, "leading-change", "leading-people", "results-driven", "business-acumen",
                            "building-coalitions"]
    change = plan.parts[1]
    assert [e.title for e in change.examples] == ["Example 1: Reorganising the claims office", "Example 2: Shared services"]
    first = change.examples[0]
    assert first.paragraphs[0] == f"Challenge: {LC_1}"  # a CCAR label heading becomes the lead-in
    assert first.paragraphs[1] == "I cut average processing time by 20 percent and saved $1.2 million a year."
    assert "15 percent" not in first.text  # the tracked deletion is gone, the insertion kept
    [note] = first.comments
    assert first.text[note.start:note.end] == LC_1 and note.author == "Coach Lee"
    results = plan.parts[3].examples[0].paragraphs  # a table, one paragraph per row
    assert results == ["Challenge: The program missed its statutory deadlines three years running.",
                       "Result: Deadlines were met 98 percent of the time in 2023."]
    assert any("Tracked changes" in n for n in plan.notes) and any("table" in n for n in plan.notes)


def test_nothing_is_written_until_the_plan_is_applied(tmp_path, framework_2006):
    path = tmp_path / "p.ecq"
    PackageFile.create(path, Package.new("A", framework_2006, "Jane"), lock=False).close()
    before = path.read_bytes()
    draft = realistic_draft(tmp_path / "draft.docx")
    result = run_cli("import-docx", path, draft)
    assert result.returncode == 0, result.stderr
    assert "preview only" in result.stdout and "leading-change" in result.stdout
    assert path.read_bytes() == before
    with PackageFile.open(path) as opened:
        package = opened.package
        plan = plan_import(draft, framework_2006)
        assert package.word_count() == 0  # planning changed nothing in memory either
        plan.parts[5].destination = SKIP  # the user's choice in the preview
        outcome = apply_plan(plan, package, framework_2006, importer="Jane")
        opened.save(package)
    assert outcome.examples_added == 5 and outcome.comments_added == 1
    package = read_package(path)
    assert [len(n.examples) for n in package.narratives.values()] == [2, 1, 1, 1, 0]
    [comment] = package.comments
    example = package.narrative("leading-change").examples[0]
    assert comment.target == example_target(example.id)
    assert example.text[comment.start:comment.end] == LC_1


def test_cli_applies_with_assignments_and_json(tmp_path, framework_2006):
    path = tmp_path / "p.ecq"
    PackageFile.create(path, Package.new("A", framework_2006), lock=False).close()
    draft = simple_docx(tmp_path / "plain.docx", ("My draft", "I led the change of the office.", "More text here."))
    result = run_cli("import-docx", path, draft, "--json")
    plan = json.loads(result.stdout)
    assert plan["parts"][0]["destination"] == "skip" and "No ECQ headings" in " ".join(plan["notes"])
    result = run_cli("import-docx", path, draft, "--assign", "1=leading-change", "--apply")
    assert result.returncode == 0, result.stderr
    assert read_package(path).narrative("leading-change").examples[0].paragraphs == [
        "I led the change of the office.", "More text here."]
    bad = run_cli("import-docx", path, draft, "--assign", "7=nowhere", "--apply")
    assert bad.returncode == 2 and "--assign" in bad.stderr and "Traceback" not in bad.stderr


def test_replace_mode_replaces_only_the_ecqs_that_receive_text(tmp_path, sample_package, framework_2006):
    before_people = [e.text for e in sample_package.narrative("leading-people").examples]
    draft = simple_docx(tmp_path / "lc.docx", ("Leading Change", "I changed everything in 2024."))
    plan = plan_import(draft, framework_2006)
    apply_plan(plan, sample_package, framework_2006, replace=True)
    assert [e.text for e in sample_package.narrative("leading-change").examples] == ["I changed everything in 2024."]
    assert [e.text for e in sample_package.narrative("leading-people").examples] == before_people


def test_word_comment_threads_come_in_with_replies_and_resolved_state(tmp_path, framework_2006):
    plan = plan_import(threaded_comments_draft(tmp_path / "threads.docx"), framework_2006)
    [example] = plan.parts[-1].examples
    [thread] = example.comments  # the reply is folded into its thread, not a second comment
    assert thread.author == "Coach Lee" and thread.resolved
    assert [(author, body) for author, body, _when in thread.replies] == [("Pat Doe", "Added retention figures.")]
    package = Package.new("A", framework_2006)
    apply_plan(plan, package, framework_2006, importer="Pat Doe")
    [comment] = package.comments
    assert comment.resolved and [r.body for r in comment.replies] == ["Added retention figures."]
    assert comment.quote == "I coached four supervisors through a reorganisation."


def test_opm_2025_headings(tmp_path):
    framework = load_framework("opm-2025")
    draft = simple_docx(tmp_path / "new.docx", ("ECQ 1: Commitment to the Rule of Law", "I enforced the statute.",))
    plan = plan_import(draft, framework)
    assert plan.parts[-1].destination == "rule-of-law"


# ---------------------------------------------------------------------------------------- hostile files

HOSTILE_MESSAGES = {
    "renamed.doc": "Word 97-2003",
    "empty.docx": "empty",
    "random.docx": "not a Word document",
    "truncated.docx": "damaged",
    "bomb.docx": "zip bomb",
    "liar.docx": "cannot be unpacked",
    "laughs.docx": "DTD",
    "xxe.docx": "DTD",
    "utf16.docx": "DTD",
    "notword.docx": "no document part",
    "odt.docx": "OpenDocument",
    "rtf.docx": "Rich Text",
    "novel.docx": "million characters",
    "deep.docx": "not well-formed",
}

W_DOCUMENT = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
              b'wordprocessingml/2006/main"><w:body>%s</w:body></w:document>')


def build_hostile(folder):
    good = simple_docx(folder / "good.docx")
    files = {
        "renamed.doc": bytes.fromhex("d0cf11e0a1b11ae1") + os.urandom(4000),
        "empty.docx": b"",
        "random.docx": os.urandom(5000),
        "truncated.docx": good.read_bytes()[:3000],
        "rtf.docx": b"{\\rtf1\\ansi Hello}",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    zip_bomb(good, folder / "bomb.docx")
    lying_sizes(good, folder / "liar.docx")
    rewrite_part(good, folder / "laughs.docx", "word/document.xml", BILLION_LAUGHS)
    rewrite_part(good, folder / "xxe.docx", "word/document.xml", EXTERNAL_ENTITY)
    rewrite_part(good, folder / "utf16.docx", "word/document.xml", UTF16_ENTITY)
    sentence = b"<w:p><w:r><w:t>In 2023 I led a team of 40 analysts and cut processing time by 30 percent.</w:t></w:r></w:p>"
    rewrite_part(good, folder / "novel.docx", "word/document.xml", W_DOCUMENT % (sentence * 60_000))
    nesting = 5000  # far deeper than the parser allows without its "huge" option
    rewrite_part(good, folder / "deep.docx", "word/document.xml",
                 W_DOCUMENT % (b"<w:sdt><w:sdtContent>" * nesting + b"</w:sdtContent></w:sdt>" * nesting))
    with zipfile.ZipFile(folder / "notword.docx", "w") as archive:
        archive.writestr("hello.txt", "hi")
    with zipfile.ZipFile(folder / "odt.docx", "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<x/>")
    return folder


@pytest.mark.parametrize("name", sorted(HOSTILE_MESSAGES))
def test_hostile_and_foreign_files_get_a_clear_error_fast(tmp_path, name, framework_2006):
    build_hostile(tmp_path)
    began = time.monotonic()
    with pytest.raises(ImportFileError) as error:
        plan_import(tmp_path / name, framework_2006)
    assert time.monotonic() - began < 10
    assert HOSTILE_MESSAGES[name] in str(error.value) and name in str(error.value)
    assert "root:" not in str(error.value)  # the external entity was never read


def test_a_paragraph_of_200000_runs_reads_in_linear_time(tmp_path, framework_2006):
    good = simple_docx(tmp_path / "good.docx")
    runs = b"<w:r><w:t>ab </w:t></w:r>" * 200_000
    path = rewrite_part(good, tmp_path / "runs.docx", "word/document.xml",
                        W_DOCUMENT % (b"<w:p><w:pPr><w:pStyle w:val='Heading1'/></w:pPr><w:r><w:t>Leading Change"
                                      b"</w:t></w:r></w:p><w:p>" + runs + b"</w:p>"))
    began = time.monotonic()
    plan = plan_import(path, framework_2006)
    assert time.monotonic() - began < 10
    assert plan.parts[-1].word_count() == 200_000


def test_cli_refuses_a_hostile_file_and_leaves_the_package_alone(tmp_path, framework_2006):
    build_hostile(tmp_path)
    path = tmp_path / "p.ecq"
    PackageFile.create(path, Package.new("A", framework_2006), lock=False).close()
    before = path.read_bytes()
    result = run_cli("import-docx", path, tmp_path / "bomb.docx", "--apply")
    assert result.returncode == 2 and "bomb.docx" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == before


@settings(max_examples=300 if os.environ.get("ECQWRITER_LONG") else 60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_bit_flipped_docx_gives_a_result_or_a_clear_error(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("flip")
    good = realistic_draft(folder / "good.docx").read_bytes()
    # positions drawn independently of the file's size, which varies with timestamps
    flips = data.draw(st.lists(st.integers(0, 10**9), min_size=1, max_size=8))
    damaged = bytearray(good)
    for bit in (flip % (len(good) * 8) for flip in flips):
        damaged[bit // 8] ^= 1 << (bit % 8)
    path = folder / "damaged.docx"
    path.write_bytes(bytes(damaged))
    try:
        draft = read_docx(path)
    except ImportFileError as error:
        assert "damaged.docx" in str(error)
    else:
        assert all(isinstance(b.text, str) for b in draft.blocks)


PARAGRAPH_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp", "Co")), min_size=1, max_size=80,
).map(lambda text: " ".join(text.split())).filter(bool)


@settings(max_examples=300 if os.environ.get("ECQWRITER_LONG") else 30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(PARAGRAPH_TEXT, min_size=1, max_size=4), PARAGRAPH_TEXT)
def test_our_word_export_imports_back_to_the_same_text(tmp_path_factory, paragraphs, resume):
    """Export to Word, import the file again: the same paragraphs land in the same places,
    whatever the script (right-to-left, combining marks, emoji)."""
    import unicodedata

    from ecqwriter.core.model import Example

    framework = load_framework("opm-2006")
    package = Package.new("A", framework, "Ana")
    package.resume = resume
    package.narrative("building-coalitions").examples.append(Example("x", list(paragraphs)))
    path = tmp_path_factory.mktemp("rt") / "round.docx"
    export_package(package, path)
    plan = plan_import(path, framework)
    by_destination = {part.destination: part for part in plan.parts}
    imported = [p for e in by_destination["building-coalitions"].examples for p in e.paragraphs]
    assert imported == [unicodedata.normalize("NFC", p) for p in paragraphs]
    assert by_destination["resume"].examples[0].paragraphs[-1] == unicodedata.normalize("NFC", resume)


def test_a_bold_phrase_inside_an_example_does_not_split_it(tmp_path, framework_2006):
    document = docx.Document()
    document.add_paragraph("Leading Change", style="Heading 1")
    document.add_paragraph("In 2022 I merged two offices.")
    document.add_paragraph().add_run("Budget: $40 million").bold = True
    document.add_paragraph("I cut costs by 12 percent.")
    document.add_paragraph().add_run("Example 2").bold = True
    document.add_paragraph("In 2023 I launched a shared service.")
    document.save(tmp_path / "bold.docx")
    [part] = [p for p in plan_import(tmp_path / "bold.docx", framework_2006).parts if p.destination != SKIP]
    assert [e.paragraphs for e in part.examples] == [
        ["In 2022 I merged two offices.", "Budget: $40 million", "I cut costs by 12 percent."],
        ["In 2023 I launched a shared service."]]
