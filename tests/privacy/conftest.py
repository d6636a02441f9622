"""Privacy tests are plain pytest: no Django, no database (run with ``-p no:django``).

The project-wide ``tests/conftest.py`` has an autouse fixture that needs pytest-django's
``settings``; overriding it by name here keeps this package runnable without Django.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_and_isolated() -> None:
    """No-op override of the Django-only autouse fixture in tests/conftest.py."""
