"""Where the encryption and blind-index keys come from.

``TOUSU_FIELD_KEYS`` (comma-separated Fernet keys, newest first) and ``TOUSU_INDEX_KEY``
in production; otherwise keys generated once into the data directory, so a demo or a
single machine works with no setup and keeps its data readable across restarts.
"""

from __future__ import annotations

import os
import secrets
from functools import cache
from pathlib import Path

from django.conf import settings

from tousu.keyfile import read_or_create
from tousu.privacy import FieldCipher, generate_key


def _key_file(name: str, make: callable) -> str:
    return read_or_create(Path(settings.DATA_DIR) / name, make)


@cache
def cipher() -> FieldCipher:
    configured = os.environ.get("TOUSU_FIELD_KEYS")
    keys = configured or _key_file("field_keys", generate_key)
    return FieldCipher([k.strip() for k in keys.split(",") if k.strip()])


@cache
def index_key() -> str:
    return os.environ.get("TOUSU_INDEX_KEY") or _key_file(
        "index_key", lambda: secrets.token_urlsafe(32)
    )


def reset() -> None:
    """Forget cached keys (after rotation, and in tests)."""
    cipher.cache_clear()
    index_key.cache_clear()
