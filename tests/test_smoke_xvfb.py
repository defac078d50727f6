"""Smoke test in a real X server: `ecqwriter --sample` opens, checks run, a screenshot is saved."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

ARTIFACTS = ROOT / "artifacts"


def _xvfb(screen: str):
    """An X server of the given size for one test; its display name."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb is not installed; .ci/run installs it (package xvfb)")
        pytest.skip("Xvfb is not installed on this development machine")
    read_end, write_end = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write_end), "-screen", "0", screen, "-nolisten", "tcp"],
                              pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        display = pipe.readline().strip()
    assert display, "Xvfb did not report a display"
    yield f":{display}"
    server.terminate()
    server.wait(10)


@pytest.fixture
def xvfb_display():
    yield from _xvfb("1600x1000x24")


@pytest.mark.slow
def test_sample_opens_in_a_real_window_and_is_photographed(xvfb_display, tmp_path):
    from PySide6.QtGui import QImage

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "main-window.png"
    shot.unlink(missing_ok=True)
    env = dict(os.environ, DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb",
               ECQWRITER_SMOKE_SCREENSHOT=str(shot),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_STATE_HOME=str(tmp_path / "state"))
    done = subprocess.run([sys.executable, "-m", "ecqwriter", "--sample"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 1000 and image.height() >= 700
    # a real picture, not a blank one: many distinct colours
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)}
    assert len(colours) > 20
    # the sample copy was made in the user's data folder; the bundled original is untouched
    assert list((tmp_path / "data" / "ecqwriter" / "samples").glob("*.ecq"))


@pytest.fixture
def small_screen():
    yield from _xvfb("1366x768x24")


@pytest.mark.slow
def test_the_window_fits_a_1366x768_laptop_for_every_criterion(small_screen, tmp_path):
    """The common government laptop: A, B and C packages on their widest page (details, the
    CDP record, the development plan), every dock on the screen. Screenshots in artifacts/."""
    import json

    from PySide6.QtGui import QImage

    ARTIFACTS.mkdir(exist_ok=True)
    env = dict(os.environ, DISPLAY=small_screen, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_STATE_HOME=str(tmp_path / "state"))
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "fit_probe.py"), str(ARTIFACTS)], env=env,
                          capture_output=True, text=True, timeout=180, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(measured) == {"A", "B", "C", "resume"}
    for criterion, m in measured.items():
        assert m["minimum_width"] <= 1280, (criterion, m)
        assert m["width"] <= 1366 and m["height"] <= 768, (criterion, m)
        assert m["docks"] >= 2 and m["docks_inside"], (criterion, m)
        assert m["page_fits"], (criterion, m)  # the page in the middle needs no sideways scrolling
        shot = QImage(str(ARTIFACTS / f"window-1366x768-{criterion}.png"))
        assert shot.width() <= 1366 and shot.height() <= 768 and not shot.isNull()


# the first screen of each bundled sample, as a careful reader labels its paragraphs: the
# parts each paragraph's margin may show (a paragraph that joins the problem and its
# background may show both, sentence by sentence), its first mark first. The 2025 story's
# second paragraph ("The grants supported 41 county governments...") is context only.
FIRST_SCREEN_PARTS = {
    "opm-2006": [("challenge", {"challenge", "context"}), ("context", {"context", "challenge"}),
                 ("action", {"action"}), ("result", {"result"})],
    "opm-2025": [("challenge", {"challenge", "context"}), ("context", {"context"}),
                 ("action", {"action"}), ("result", {"result"})],
}


@pytest.mark.slow
def test_each_sample_opens_on_a_first_screen_whose_margin_labels_hold(small_screen, tmp_path):
    """Each bundled sample opened as a file at 1366x768: the story on screen and the parts the
    margin shows, against a reader's labels. Screenshots in artifacts/first-screen-*.png."""
    import json

    from ecqwriter.core.samples import load_sample

    ARTIFACTS.mkdir(exist_ok=True)
    env = dict(os.environ, DISPLAY=small_screen, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_STATE_HOME=str(tmp_path / "state"))
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "sample_screens_probe.py"), str(ARTIFACTS)],
                          env=env, capture_output=True, text=True, timeout=400, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    for sample, seen in measured.items():
        assert "example" in seen["node"], (sample, seen)
        expected = FIRST_SCREEN_PARTS[load_sample(sample).framework_id]
        assert len(seen["openings"]) == len(expected), (sample, seen)
        for paragraph, (first, allowed) in enumerate(expected):
            marks = [part for at, part in seen["marks"] if at == paragraph]
            assert marks and marks[0] == first and set(marks) <= allowed, (sample, paragraph, marks)
        assert (ARTIFACTS / f"first-screen-{sample}.png").stat().st_size > 10_000


@pytest.mark.slow
def test_the_first_window_fits_a_1366x768_laptop_as_it_opens(small_screen, tmp_path):
    """`ecqwriter --sample` on a 1366x768 screen, with nobody resizing anything: the whole
    window, status bar included, is on the screen."""
    import json

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "first-window-1366x768.png"
    shot.unlink(missing_ok=True)
    env = dict(os.environ, DISPLAY=small_screen, QT_QPA_PLATFORM="xcb", ECQWRITER_SMOKE_SCREENSHOT=str(shot),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_STATE_HOME=str(tmp_path / "state"))
    done = subprocess.run([sys.executable, "-m", "ecqwriter", "--sample"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    placed = json.loads(Path(str(shot) + ".json").read_text(encoding="utf-8"))
    left, top, width, height = placed["frame"]
    s_left, s_top, s_width, s_height = placed["screen"]
    assert (s_width, s_height) == (1366, 768)
    assert left >= s_left and top >= s_top, placed
    assert left + width <= s_left + s_width and top + height <= s_top + s_height, placed
    assert placed["status_bar_visible"]
