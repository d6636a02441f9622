"""The SQLite backend, with write transactions handed out in turn.

SQLite has one writer at a time. A writer that finds the database locked does not queue:
its busy handler sleeps (1, 2, 5 … up to 100 ms) and tries again, so under load a waiting
request loses the race to newer ones again and again, and some wait for seconds. Here a
write transaction first takes a lock of our own — a process-wide mutex among the threads
of one process, then an ``flock`` on a file beside the database among processes — and
only then sends ``BEGIN IMMEDIATE``. Both locks block in the kernel and wake a waiter as
soon as they are free, so writers take turns and ``BEGIN IMMEDIATE`` finds the database
free.

The threads of one process wait for the mutex at most the connection's ``timeout``, as
they would for SQLite. The ``flock`` is waited for until its holder commits, rolls back
or exits; the kernel drops it with the process, so a crashed worker cannot leave it held.

This only orders tousu's own writers. SQLite's locking is unchanged underneath and still
decides: a writer that does not come through here (another program, the ``sqlite3``
shell) is kept out by SQLite as before, and if these locks were ever wrong the worst
outcome is the old busy-wait, never two writers at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading

from django.db import OperationalError
from django.db.backends.sqlite3 import base


class _FileLock:
    """An exclusive ``flock`` on one file, held by one process at a time."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)

    def acquire(self) -> None:
        # Blocks in the kernel, with the GIL released, until the holder commits, rolls
        # back or exits. (A helper thread to add a timeout cost more than it saved:
        # every hand-over waits for the GIL once more, while the lock is held.)
        fcntl.flock(self.fd, fcntl.LOCK_EX)

    def release(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_UN)


_process_lock = threading.Lock()
_file_locks: dict[str, _FileLock] = {}


def _file_lock(path: str) -> _FileLock:
    # Called with _process_lock held, so no other thread of this process is here.
    found = _file_locks.get(path)
    if found is None:
        found = _file_locks[path] = _FileLock(path)
    return found


def _after_fork_in_child() -> None:
    # An flock belongs to the open file, which a forked child (a gunicorn worker) would
    # share with its parent: each process opens its own.
    global _process_lock
    _process_lock = threading.Lock()
    for lock in _file_locks.values():
        with contextlib.suppress(OSError):
            os.close(lock.fd)
    _file_locks.clear()


os.register_at_fork(after_in_child=_after_fork_in_child)


class DatabaseWrapper(base.DatabaseWrapper):
    _write_lock: tuple[threading.Lock, _FileLock] | None = None

    def _write_lock_path(self) -> str | None:
        if self.is_in_memory_db():
            return None
        return f"{self.settings_dict['NAME']}.writelock"

    def _acquire_write_lock(self) -> None:
        path = self._write_lock_path()
        if path is None or self._write_lock is not None:
            return
        timeout = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 20))
        mutex = _process_lock
        if not mutex.acquire(timeout=timeout):
            raise OperationalError("database is locked (timed out waiting to write)")
        try:
            file_lock = _file_lock(path)
            file_lock.acquire()
        except BaseException:
            mutex.release()
            raise
        self._write_lock = (mutex, file_lock)

    def _release_write_lock(self) -> None:
        held, self._write_lock = self._write_lock, None
        if held is None:
            return
        mutex, file_lock = held
        try:
            file_lock.release()
        finally:
            mutex.release()

    def _start_transaction_under_autocommit(self):
        self._acquire_write_lock()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_write_lock()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._release_write_lock()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._release_write_lock()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._release_write_lock()
