"""``python -m game``: the same as the ``pins-and-needles`` command."""

import sys

from game.cli import main

sys.exit(main())
