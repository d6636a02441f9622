"""SQLite with write transactions queued fairly (see :mod:`.base`)."""
