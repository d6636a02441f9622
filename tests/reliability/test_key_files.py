"""Keys generated into a fresh data directory by many processes at once.

Gunicorn workers and the job worker start together; the first request of each may be the
first to need the blind-index key. A CI run once caught a 500 ("blind_index needs a
non-empty key"): one process read the key file between another's exclusive create and its
write, cached the empty key, and failed every later submission.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tousu.keyfile import EmptyKeyFile
from tousu.secure import keys

# Importing the settings makes the Django secret key; index_key() the blind-index key.
READ_KEY = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'tousu.settings'; "
    "django.setup(); from django.conf import settings; "
    "from tousu.secure.keys import index_key, cipher; "
    "cipher(); print(index_key(), settings.SECRET_KEY)"
)


def test_processes_racing_on_a_fresh_data_dir_all_get_the_same_whole_key(tmp_path):
    for attempt in range(2):
        data = tmp_path / f"data{attempt}"
        env = {**os.environ, "TOUSU_DATA_DIR": str(data)}
        env.pop("TOUSU_INDEX_KEY", None)
        env.pop("TOUSU_FIELD_KEYS", None)
        env.pop("TOUSU_SECRET_KEY", None)
        procs = [
            subprocess.Popen([sys.executable, "-c", READ_KEY], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(8)
        ]
        results = [p.communicate(timeout=120) for p in procs]
        assert all(p.returncode == 0 for p in procs), [err for _, err in results]
        seen = {tuple(out.split()) for out, _ in results}
        assert len(seen) == 1  # every process: the same index key and the same secret key
        index_key, secret_key = seen.pop()
        assert len(index_key) >= 40 and len(secret_key) >= 60
        assert (data / "index_key").read_text() == index_key
        assert (data / "secret_key").read_text() == secret_key
        assert [p.name for p in data.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_a_reader_never_sees_a_key_that_is_still_being_written(tmp_path, settings):
    """A slow writer and a reader arriving meanwhile: both end up with one whole key."""
    settings.DATA_DIR = tmp_path
    started = threading.Event()

    def slow_key() -> str:
        started.set()
        time.sleep(0.5)  # the window in which the old code showed an empty file
        return "slow-writer-key"

    results: dict[str, str] = {}
    writer = threading.Thread(
        target=lambda: results.setdefault("writer", keys._key_file("index_key", slow_key))
    )
    writer.start()
    assert started.wait(5)
    results["reader"] = keys._key_file("index_key", lambda: "reader-key")
    writer.join(10)
    assert results["reader"] == results["writer"] == (tmp_path / "index_key").read_text()
    assert results["reader"] in {"slow-writer-key", "reader-key"}


def test_an_empty_key_file_is_refused_with_a_clear_message(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    Path(tmp_path / "index_key").write_text("")
    keys.reset()
    try:
        with pytest.raises(EmptyKeyFile, match="is empty"):
            keys._key_file("index_key", lambda: "unused")
    finally:
        keys.reset()
