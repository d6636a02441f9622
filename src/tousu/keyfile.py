"""Secrets generated once into the data directory, created atomically.

Several processes start at once on a fresh data directory (gunicorn workers, the job
worker, a management command), and each may be the first to need a key. An exclusive
create followed by a write shows other processes an empty file for a moment (and a
SIGKILL could leave it empty for good); a process that read it then ran with an empty key.
Here the key is written to a private temporary file and hard-linked into place, which
fails if another process got there first: a reader sees no file or a whole one.

Standard library only: ``settings.py`` uses it before Django is configured.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


class EmptyKeyFile(RuntimeError):
    """A key file exists but holds nothing; the data it protected needs the lost key."""


def read_or_create(path: Path, make: Callable[[], str]) -> str:
    """The key stored at ``path``; made with ``make()`` and stored if there is none yet."""
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(make())
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileExistsError):  # another process was first: use theirs
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    return _read(path)


def _read(path: Path) -> str:
    key = path.read_text().strip()
    if not key:
        raise EmptyKeyFile(
            f"the key file {path} is empty; restore it from a backup (data protected by the "
            "lost key cannot be read) or, on a fresh installation, remove it"
        )
    return key
