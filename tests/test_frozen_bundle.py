"""Build the Linux one-folder bundle with PyInstaller and smoke-run the frozen app."""

import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import ROOT


@pytest.mark.slow
def test_frozen_linux_bundle_runs(tmp_path):
    pyinstaller = shutil.which("pyinstaller") or str(ROOT / ".venv" / "bin" / "pyinstaller")
    build = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
                            "--distpath", str(tmp_path / "dist"), "--workpath", str(tmp_path / "build"),
                            str(ROOT / "packaging" / "ecqwriter.spec")],
                           capture_output=True, text=True, cwd=ROOT, timeout=1500)
    assert build.returncode == 0, (pyinstaller, build.stderr[-3000:])
    app = tmp_path / "dist" / "ecqwriter" / "ecqwriter"
    size_mb = sum(p.stat().st_size for p in app.parent.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    work = tmp_path / "run"
    work.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(work), "QT_QPA_PLATFORM": "offscreen",
           "XDG_DATA_HOME": str(work / "data"), "XDG_CONFIG_HOME": str(work / "config"),
           "XDG_STATE_HOME": str(work / "state"), "ECQWRITER_SMOKE_SCREENSHOT": str(work / "shot.png")}

    def run(*args):
        return subprocess.run([str(app), *map(str, args)], capture_output=True, text=True, cwd=work, env=env,
                              timeout=180)

    started = time.monotonic()
    version = run("--version")
    start_s = time.monotonic() - started
    assert version.returncode == 0 and version.stdout.startswith("ecqwriter ")
    package = work / "mine.ecq"
    assert run("new", package, "--criterion", "A", "--framework", "opm-2006").returncode == 0
    sample = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                             "from ecqwriter.storage.samples import materialise_sample; "
                             "print(materialise_sample(Path(sys.argv[1]), 'sample-opm-2006'))", str(work / "s")],
                            capture_output=True, text=True, cwd=ROOT).stdout.strip()
    check = run("check", sample, "--json")
    assert check.returncode == 0, check.stderr[-2000:]
    assert '"ready": true' in check.stdout
    export = run("export", sample, "-o", work / "out.pdf")
    assert export.returncode == 0, export.stderr[-2000:]
    assert (work / "out.pdf").read_bytes().startswith(b"%PDF")
    review = run("export", sample, "-o", work / "review.docx", "--comments")
    assert review.returncode == 0, review.stderr[-2000:]
    imported = run("import-docx", package, work / "review.docx", "--apply", "--json")
    assert imported.returncode == 0, imported.stderr[-2000:]
    assert '"destination": "leading-change"' in imported.stdout
    window = run("--sample")
    assert window.returncode == 0, window.stderr[-2000:]
    assert (work / "shot.png").stat().st_size > 50_000
    assert "Traceback" not in window.stderr
    print(f"frozen bundle: {size_mb:.0f} MB, --version in {start_s:.2f} s")
