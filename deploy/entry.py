"""The bundle's entry point: the `cpdesk` command line (GUI commands included)."""

import sys

from cpdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
