"""Entry script of the frozen app: PyInstaller starts here and runs the normal command line."""

import sys

from ocoya_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
