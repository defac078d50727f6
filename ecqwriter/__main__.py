import sys

from ecqwriter.cli import main

# guarded: a worker process started by "spawn" imports this module again, and must not run
# the command a second time
if __name__ == "__main__":
    sys.exit(main())
