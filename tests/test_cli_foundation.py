import hashlib
import json
import os
import stat
import subprocess
import sys

import pytest

from conftest import ROOT, run_cli


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("ecqwriter 0.1")


def test_frameworks_json_lists_both_packs():
    result = run_cli("frameworks", "--json")
    assert result.returncode == 0, result.stderr
    packs = {p["id"]: p for p in json.loads(result.stdout)}
    assert set(packs) >= {"opm-2006", "opm-2025"}
    assert [e["id"] for e in packs["opm-2025"]["ecqs"]][0] == "rule-of-law"
    assert packs["opm-2025"]["unconfirmed_facts"] is True


def test_new_import_and_refusals(tmp_path):
    package = tmp_path / "x.ecq"
    result = run_cli("new", package, "--criterion", "C", "--framework", "opm-2025",
                     "--candidate", "Pat Doe")
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(os.stat(package).st_mode) == 0o600
    text = tmp_path / "story.txt"
    text.write_text("In 2024 I led a change.\n\nI cut costs by 20 percent.\n", encoding="utf-8")
    result = run_cli("import-text", package, "--ecq", "driving-efficiency", text)
    assert result.returncode == 0, result.stderr

    before = sha(package)
    again = run_cli("new", package, "--criterion", "A", "--framework", "opm-2006")
    assert again.returncode == 2
    assert again.stderr.count("\n") == 1 and str(package) in again.stderr
    assert "Traceback" not in again.stderr
    assert sha(package) == before

    from ecqwriter.storage.packagefile import PackageFile

    with PackageFile.open(package, read_only=True) as opened:
        examples = opened.package.narrative("driving-efficiency").examples
        assert examples[0].paragraphs == ["In 2024 I led a change.", "I cut costs by 20 percent."]
        assert opened.package.candidate.name == "Pat Doe"


@pytest.mark.parametrize("bad", ["binary", "latin1", "missing", "wrong-ecq"])
def test_import_text_bad_input_exits_2_and_leaves_package_untouched(tmp_path, bad):
    package = tmp_path / "p.ecq"
    assert run_cli("new", package, "--criterion", "A", "--framework", "opm-2006").returncode == 0
    text = tmp_path / "in.txt"
    ecq = "leading-change"
    if bad == "binary":
        text.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    elif bad == "latin1":
        text.write_bytes("Résumé".encode("latin-1"))
    elif bad == "wrong-ecq":
        text.write_text("I led.")
        ecq = "rule-of-law"
    before = sha(package)
    result = run_cli("import-text", package, "--ecq", ecq, text)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert sha(package) == before


@pytest.mark.parametrize("content", [b"", b"not a package", os.urandom(2048)])
def test_import_into_foreign_file_exits_2_untouched(tmp_path, content):
    package = tmp_path / "foreign.ecq"
    package.write_bytes(content)
    text = tmp_path / "in.txt"
    text.write_text("I led.")
    result = run_cli("import-text", package, "--ecq", "leading-change", text)
    assert result.returncode == 2 and str(package) in result.stderr
    assert package.read_bytes() == content


def test_unknown_framework_exits_2(tmp_path):
    result = run_cli("new", tmp_path / "n.ecq", "--criterion", "A", "--framework", "opm-1990")
    assert result.returncode == 2 and "unknown framework" in result.stderr
    assert not (tmp_path / "n.ecq").exists()


@pytest.mark.slow
def test_non_editable_install_finds_resources_from_another_folder(tmp_path):
    """pip install . (a real wheel build), then run the installed copy from elsewhere."""
    target = tmp_path / "site"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    assert (target / "ecqwriter" / "resources" / "frameworks" / "opm-2006.toml").is_file()
    assert not (target / "resources").exists()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = dict(os.environ, PYTHONPATH=str(target))
    where = subprocess.run(
        [sys.executable, "-c", "import ecqwriter, ecqwriter.core.resources as r;"
         "print(ecqwriter.__file__); print(r.resources_dir())"],
        capture_output=True, text=True, cwd=elsewhere, env=env,
    )
    assert where.stdout.splitlines()[0].startswith(str(target)), where
    assert where.stdout.splitlines()[1].startswith(str(target)), where
    script = target / "bin" / "ecqwriter"
    result = subprocess.run([sys.executable, str(script), "frameworks", "--json"],
                            capture_output=True, text=True, cwd=elsewhere, env=env)
    assert result.returncode == 0, result.stderr
    assert {p["id"] for p in json.loads(result.stdout)} >= {"opm-2006", "opm-2025"}
    package = elsewhere / "x.ecq"
    made = subprocess.run([sys.executable, str(script), "new", str(package), "--criterion", "C",
                           "--framework", "opm-2025"], capture_output=True, text=True,
                          cwd=elsewhere, env=env)
    assert made.returncode == 0, made.stderr


def test_sample_lists_one_for_each_criterion_and_writes_a_copy(tmp_path):
    listed = run_cli("sample", "--list")
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert all(line.split()[0].startswith("sample-") and "framework opm-" in line and "format " in line
               for line in lines)
    assert {f"criterion {c}" for c in "ABC"} <= {part for line in lines for part in
                                                 (f"criterion {c}" for c in "ABC") if part in line}
    target = tmp_path / "c.ecq"
    made = run_cli("sample", "sample-opm-2006-criterion-c", "-o", target)
    assert made.returncode == 0 and target.exists()
    again = run_cli("sample", "sample-opm-2006-criterion-c", "-o", target)
    assert again.returncode == 2 and "exists" in again.stderr and "Traceback" not in again.stderr
    unknown = run_cli("sample", "no-such-sample", "-o", tmp_path / "x.ecq")
    assert unknown.returncode == 2 and "sample-opm-2025" in unknown.stderr
    checked = run_cli("check", target, "--json")
    report = json.loads(checked.stdout)[0]
    assert report["criterion"] == "C" and report["ready"] is True


def test_the_b_and_c_samples_hold_their_records():
    from ecqwriter.core.idp import DevelopmentPlan
    from ecqwriter.core.samples import load_sample

    b = load_sample("sample-opm-2006-criterion-b")
    assert b.criterion.value == "B" and b.cdp.training_hours >= 80 and b.cdp.erb_certification_date
    c = load_sample("sample-opm-2006-criterion-c")
    plan = DevelopmentPlan.from_dict(c.idp)
    assert c.criterion.value == "C" and len(c.justification.split()) >= 120
    assert sum(len(t.activities) for t in plan.targets) >= 6 and plan.supervisor.date and plan.erb.date
    assert b.narrative("leading-change").examples[0].text == load_sample("sample-opm-2006").narrative("leading-change").examples[0].text


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="displays are a Linux desktop's question")
@pytest.mark.parametrize("args", [["gui"], ["--sample"]])
def test_the_window_without_a_display_says_so_in_one_line(args):
    """Over SSH or in a console: one line and exit 2, not Qt's abort (exit 134)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "ecqwriter", *args], env=env, capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0] and "Traceback" not in done.stderr


def test_convert_to_the_packages_own_framework_refuses_and_writes_nothing(tmp_path):
    package = tmp_path / "p.ecq"
    assert run_cli("sample", "sample-opm-2025", "-o", package).returncode == 0
    out = tmp_path / "copy.ecq"
    done = run_cli("convert", package, "--to", "opm-2025", "-o", out)
    assert done.returncode == 2 and "already uses opm-2025" in done.stderr
    assert not out.exists()


def test_import_text_names_the_story_by_its_own_words_not_the_file(tmp_path):
    from ecqwriter.application.documents import read_package
    from ecqwriter.application.stories import title_from_text

    package = tmp_path / "p.ecq"
    assert run_cli("new", package, "--criterion", "A", "--framework", "opm-2025").returncode == 0
    draft = tmp_path / "buzz.txt"
    draft.write_text("In 2023 the agency's telephone service was failing: callers waited more than an hour.\n\n"
                     "I brought in a callback system.\n", encoding="utf-8")
    assert run_cli("import-text", package, "--ecq", "achieving-results", draft).returncode == 0
    title = read_package(package).narrative("achieving-results").examples[-1].title
    assert title != "buzz" and title.startswith("In 2023 the agency's telephone service") and len(title) <= 60
    assert not title.endswith(("serv", "fail", "wai"))  # cut at a word
    # a first line that reads as a heading is the title
    assert title_from_text(["Keeping claimants paid\nIn 2023 a ransomware attack took the system offline."]) == \
        "Keeping claimants paid"
