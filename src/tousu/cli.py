"""The ``tousu`` command: Django's management commands under one name.

``tousu demo``, ``tousu serve``, ``tousu import``, ``tousu createadmin`` are ours;
``tousu migrate``, ``tousu shell`` and the rest come with Django.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    execute_from_command_line(["tousu", *(args or ["help"])])


if __name__ == "__main__":
    main()
