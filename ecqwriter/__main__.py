import sys

from ecqwriter.cli import main

sys.exit(main())
