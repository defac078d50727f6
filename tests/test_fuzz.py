"""Hostile and broken input: every loader ends in a result or a clear error, within a time
bound, and never damages anything (hypothesis; more examples in long mode)."""

import json
import os
import sqlite3
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecqwriter.analysis.engine import Analyzer
from ecqwriter.core.errors import EcqError, FrameworkError, InputTextError, PackageFileError
from ecqwriter.core.frameworks import load_framework_file
from ecqwriter.core.samples import load_sample
from ecqwriter.core.textimport import read_text_file
from ecqwriter.storage import schema
from ecqwriter.storage.packagefile import PackageFile, read_package

EXAMPLES = 300 if os.environ.get("ECQWRITER_LONG") else 40
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
ANALYZER = Analyzer()


@pytest.fixture(scope="module")
def good_package_bytes(tmp_path_factory):
    path = tmp_path_factory.mktemp("good") / "good.ecq"
    PackageFile.create(path, load_sample("sample-opm-2006"), lock=False).close()
    return path.read_bytes()


@FUZZ
@given(data=st.binary(max_size=4096))
def test_random_bytes_as_a_package(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("rnd") / "x.ecq"
    path.write_bytes(data)
    with pytest.raises(PackageFileError):
        read_package(path)
    assert path.read_bytes() == data


@FUZZ
@given(cut=st.floats(0.0, 1.0), flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(1, 255)), max_size=12))
def test_truncated_and_bit_flipped_packages(tmp_path_factory, good_package_bytes, cut, flips):
    data = bytearray(good_package_bytes[: max(1, int(len(good_package_bytes) * cut))] if cut < 0.999
                     else good_package_bytes)
    for where, mask in flips:
        data[min(len(data) - 1, int(where * len(data)))] ^= mask
    path = tmp_path_factory.mktemp("flip") / "x.ecq"
    path.write_bytes(bytes(data))
    started = time.monotonic()
    try:
        package = read_package(path)
    except PackageFileError as exc:
        assert str(path) in str(exc)
    else:
        from ecqwriter.analysis.package_check import check_package

        check_package(package, analyzer=ANALYZER)  # whatever opened must also be checkable
    assert time.monotonic() - started < 30
    assert path.read_bytes() == bytes(data)


def _database(path, statements, version=schema.SCHEMA_VERSION, app=schema.APPLICATION_ID):
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.execute(f"PRAGMA user_version = {version}")
    db.execute(f"PRAGMA application_id = {app}")
    db.commit()
    db.close()


@pytest.mark.parametrize("statements", [
    [],  # our header, no tables
    ["CREATE TABLE package (x)"],  # our header, someone else's tables
    ["CREATE TABLE package (id INTEGER PRIMARY KEY, criterion TEXT)", "INSERT INTO package VALUES (1, 'Z')"],
])
def test_sqlite_files_with_other_schemas_are_refused(tmp_path, statements):
    path = tmp_path / "other.ecq"
    _database(path, statements)
    before = path.read_bytes()
    with pytest.raises(PackageFileError):
        PackageFile.open(path)
    assert path.read_bytes() == before


def test_malformed_and_huge_fields(tmp_path):
    path = tmp_path / "m.ecq"
    PackageFile.create(path, load_sample("sample-opm-2006"), lock=False).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE package SET idp_json = 'not json'")
    db.commit()
    db.close()
    with pytest.raises(PackageFileError, match="invalid"):
        PackageFile.open(path, lock=False)
    huge = tmp_path / "huge.ecq"
    PackageFile.create(huge, load_sample("sample-opm-2006"), lock=False).close()
    db = sqlite3.connect(huge)
    db.execute("UPDATE package SET resume = ?, idp_json = ?", ("Résumé line. " * 800_000, json.dumps({"x": "y" * 10**6})))
    db.execute("UPDATE package SET framework_id = 'opm-3000'")
    db.commit()
    db.close()
    started = time.monotonic()
    package = read_package(huge)
    from ecqwriter.analysis.package_check import check_package

    report = check_package(package, analyzer=ANALYZER)
    assert {f.rule for f in report.findings} == {"unknown-framework"}
    assert time.monotonic() - started < 30


@FUZZ
@given(text=st.text(max_size=3000))
def test_framework_pack_loader(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("pack") / "p.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError):
        load_framework_file(path)


@FUZZ
@given(data=st.binary(max_size=2048))
def test_text_importer(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("txt") / "t.txt"
    path.write_bytes(data)
    try:
        text = read_text_file(path)
    except InputTextError as exc:
        assert str(path) in str(exc)
    else:
        assert "\r" not in text and all(ch in "\n\t" or ord(ch) >= 32 for ch in text if ord(ch) < 128)


NASTY = st.text(alphabet=st.characters(codec="utf-8"), max_size=1500) | st.sampled_from([
    "\u202eI led the team\u202c in 2024.", "I" + "\u0301" * 500, "ש" * 400 + " I led 40 people.",
    "\x00\x07 we did it", "(" * 300, "ABCDEFGH " * 300, "In 2024 I cut costs by 10 percent. " * 200,
])


@FUZZ
@given(text=NASTY, ecq=st.sampled_from([None, "leading-change", "business-acumen"]))
def test_analysis_of_any_text(text, ecq):
    started = time.monotonic()
    result = ANALYZER.analyze_text(text, "opm-2006", ecq)
    data = json.loads(json.dumps(result.to_json()))
    for finding in data["findings"]:
        if finding["start"] is not None:
            assert 0 <= finding["start"] <= finding["end"] <= len(text)
    for paragraph in data["paragraphs"]:
        assert 0 <= paragraph["start"] < paragraph["end"] <= len(text)
    assert time.monotonic() - started < 10


def test_ten_megabyte_paste_is_analysed_within_a_bound():
    paste = ("In 2023 I led a team of 40 analysts and cut processing time by 30 percent. "
             "We briefed OMB. ") * 100_000
    assert len(paste) > 9_000_000
    started = time.monotonic()
    text = "\n\n".join(paste[i:i + 2000] for i in range(0, len(paste), 2000))
    result = ANALYZER.analyze_text(text, "opm-2006", "results-driven")
    assert result.stats["words"] > 1_500_000
    assert time.monotonic() - started < 240


ANY_VALUE = st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=True), st.text(max_size=30),
                      st.binary(max_size=20))


def _storable(value):
    # NOT NULL columns: SQLite stores None and NaN as NULL
    return "" if value is None or (isinstance(value, float) and value != value) else value


@settings(max_examples=EXAMPLES if os.environ.get("ECQWRITER_LONG") else 15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(ANY_VALUE, ANY_VALUE, ANY_VALUE, ANY_VALUE, st.booleans()), min_size=1, max_size=5))
def test_malformed_comment_rows_never_cost_the_package(tmp_path_factory, rows):
    """Damaged comment rows open as repaired comments (anchors inside their text), or the
    file is refused with a clear error; the reviewer's copy and the checks still work."""
    from ecqwriter.analysis.package_check import check_package
    from ecqwriter.export import ExportOptions, export_package

    folder = tmp_path_factory.mktemp("comments")
    path = folder / "c.ecq"
    sample = load_sample("sample-opm-2006")
    PackageFile.create(path, sample, lock=False).close()
    target = f"example:{sample.narrative('leading-change').examples[0].id}"
    db = sqlite3.connect(path)
    for number, (start, end, created, body, on_real_text) in enumerate(rows):
        db.execute('INSERT INTO comments (id, target, start, "end", quote, author, body, created) '
                   "VALUES (?, ?, ?, ?, '', 'R', ?, ?)",
                   (f"c{number}", target if on_real_text else str(body), _storable(start), _storable(end),
                    _storable(body), _storable(created)))
    db.commit()
    db.close()
    try:
        with PackageFile.open(path, lock=False) as opened:
            package = opened.package
    except PackageFileError as error:
        assert "c.ecq" in str(error)
        return
    texts = package.texts()
    for comment in package.comments:
        if comment.target in texts:
            assert 0 <= comment.start <= comment.end <= len(texts[comment.target])
    export_package(package, folder / "review.pdf", ExportOptions(comments="all"))
    export_package(package, folder / "review.docx", ExportOptions(comments="all"))
    check_package(package, analyzer=ANALYZER)
