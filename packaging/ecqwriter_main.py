"""Entry point for frozen builds (PyInstaller): the same CLI as `ecqwriter`."""

import multiprocessing
import sys

from ecqwriter.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
