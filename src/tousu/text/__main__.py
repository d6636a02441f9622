"""``python -m tousu.text {train,evaluate,compare}``."""

import sys

from .cli import main

sys.exit(main())
