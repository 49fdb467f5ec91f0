"""`python -m autograd_core`: the same as the `autograd-core` command."""

import sys

from autograd_core.cli import main

if __name__ == "__main__":
    sys.exit(main())
