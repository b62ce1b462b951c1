"""The bundle's windowed entry point (no console window on Windows): `cpdesk run`."""

import sys

from cpdesk.cli import gui_main

if __name__ == "__main__":
    sys.exit(gui_main())
