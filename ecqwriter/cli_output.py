"""How the command line writes: standard output that survives a closed pipe, a JSON array
printed item by item, and a progress bar on a terminal. Used by ecqwriter/cli.py only."""

from __future__ import annotations

import json
import sys


class PipeSafeOutput:
    """Standard output that stops quietly when the reader goes away (``... | head -1``).

    The command still finishes its real work and returns its real status."""

    def __init__(self, stream):
        self._stream = stream
        self.closed_early = False

    def write(self, text: str) -> int:
        if self.closed_early:
            return len(text)
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._reader_gone()
            return len(text)

    def flush(self) -> None:
        if not self.closed_early:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._reader_gone()

    def _reader_gone(self) -> None:
        import os

        self.closed_early = True
        # Python flushes stdout again at exit; point the descriptor at nothing so it cannot fail
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass

    def __getattr__(self, name):
        return getattr(self._stream, name)


class JsonArrayWriter:
    """Prints a JSON array one item at a time, exactly as ``json.dumps(items, indent=2)``
    would print it whole, so a batch never holds every report in memory."""

    def __init__(self):
        self.count = 0

    def __call__(self, item) -> None:
        text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        sys.stdout.write(("[\n  " if self.count == 0 else ",\n  ") + text)
        self.count += 1

    def close(self) -> None:
        sys.stdout.write("[]\n" if self.count == 0 else "\n]\n")


class Progress:
    """A progress bar on a terminal's standard error for a batch of several packages."""

    def __init__(self, total: int, what: str):
        self.total, self.what, self.done = total, what, 0
        self.shown = total > 1 and sys.stderr.isatty()

    def step(self) -> None:
        self.done += 1
        if self.shown:
            filled = round(30 * self.done / self.total)
            sys.stderr.write(f"\r{self.what} [{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}")
            sys.stderr.flush()

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 60 + "\r")
