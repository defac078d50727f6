"""Privacy: a whole session opens no network socket, and every file it creates is user-only."""

import os
import stat
import subprocess
import sys

from conftest import ROOT

# urllib3, imported by spaCy's own imports, probes for IPv6 support by binding a throwaway
# socket to the loopback address ::1 and closing it; nothing is connected or sent. That bind
# is the one socket operation allowed: anything that could reach a network fails the test.
GUARD = r"""
import sys
FORBIDDEN = ("socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
             "socket.gethostbyname", "socket.listen", "urllib.Request", "http.client.connect")
def hook(event, args):
    loopback_bind = event == "socket.bind" and str(args[1][0]) in ("::1", "127.0.0.1", "localhost")
    if event in FORBIDDEN or (event == "socket.bind" and not loopback_bind):
        sys.stderr.write(f"NETWORK: {event} {args!r}\n")
        sys.stderr.flush()
        import os
        os._exit(97)
sys.addaudithook(hook)
from ecqwriter.cli import main
sys.exit(main(sys.argv[1:]))
"""


def guarded(args, env, **kwargs):
    return subprocess.run([sys.executable, "-c", GUARD, *map(str, args)], env=env, capture_output=True,
                          text=True, cwd=ROOT, timeout=180, **kwargs)


def test_whole_session_opens_no_socket_and_creates_user_only_files(tmp_path):
    home = tmp_path / "home"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home),
               XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"),
               ECQWRITER_SMOKE_SCREENSHOT=str(tmp_path / "shot.png"))
    work = tmp_path / "work"
    work.mkdir()
    story = work / "story.txt"
    story.write_text("In 2024 I negotiated a cost-sharing agreement with four states.\n", encoding="utf-8")
    package = work / "mine.ecq"
    import docx

    draft = docx.Document()
    draft.add_paragraph("Leading Change", style="Heading 1")
    draft.add_paragraph("In 2023 I led the merger of two claims offices.")
    draft.save(work / "draft.docx")
    steps = [
        ["new", package, "--criterion", "C", "--framework", "opm-2006", "--candidate", "Pat Doe"],
        ["import-text", package, "--ecq", "building-coalitions", story],
        ["import-docx", package, work / "draft.docx", "--apply"],
        ["analyze", story, "--json"],
        ["check", package, "--json"],
        ["export", package, "-o", work / "mine.pdf"],
        ["export", package, "-o", work / "mine.docx"],
        ["export", package, "-o", work / "review.docx", "--comments"],
        ["--sample"],  # the desktop app: opens the sample, runs the checks, takes a picture, quits
    ]
    for step in steps:
        done = guarded(step, env)
        assert "NETWORK" not in done.stderr, (step, done.stderr)
        assert done.returncode in (0, 1), (step, done.returncode, done.stderr[-1000:])
    assert (tmp_path / "shot.png").exists()  # the desktop app really ran its checks
    created = [p for p in list(work.rglob("*")) + list(home.rglob("*")) if p.is_file()]
    assert any(p.suffix == ".ecq" for p in home.rglob("*"))  # the sample copy
    ours = {"story.txt", "draft.docx"}  # the test's own inputs
    loose = [str(p) for p in created if stat.S_IMODE(os.stat(p).st_mode) & 0o077 and p.name not in ours]
    # Qt writes its own settings file; everything ecqwriter writes is user-only
    loose = [p for p in loose if not p.endswith(".conf")]
    assert loose == []
    names = {p.name for p in created}
    assert not any(n.endswith(".log") for n in names), names  # no logs with personal data
