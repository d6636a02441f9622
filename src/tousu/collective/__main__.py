"""``python -m tousu.collective eval``."""

import sys

from .cli import main

sys.exit(main())
