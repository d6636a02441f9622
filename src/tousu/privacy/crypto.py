"""Field-level encryption and blind indexes for personal data at rest.

Why field-level: a database dump, a backup or a replica read by the wrong person must not
contain plaintext phone or ID numbers. Fernet (AES-128-CBC + HMAC-SHA256, authenticated)
gives tamper detection for free; MultiFernet gives key rotation: decrypt with any listed
key, encrypt with the first.

Why a blind index: encrypted values are randomised (same phone -> different token each
time), so "find complaints by this phone number" needs a separate deterministic value.
``blind_index`` is an HMAC under a *different* key over a normalised value, so equal
phones match whatever way they were typed, and the index reveals nothing without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import unicodedata
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

__all__ = [
    "DecryptionError",
    "FieldCipher",
    "KeyConfigError",
    "blind_index",
    "generate_key",
    "normalize_for_index",
]


class DecryptionError(Exception):
    """The token was not produced by any configured key, or was tampered with.

    Raised instead of returning garbage: a wrong key must be loud, never silent.
    """


class KeyConfigError(ValueError):
    """A configured key is missing or not a valid Fernet key."""


def generate_key() -> str:
    """A new random Fernet key (url-safe base64, 32 bytes) for settings/env."""
    return Fernet.generate_key().decode("ascii")


class FieldCipher:
    """Encrypt/decrypt string fields with a list of keys; the first key is primary.

    Rotation procedure: put the new key first (keep the old ones after it), deploy, run
    ``rotate`` over every stored token, then drop the old keys.
    """

    def __init__(self, keys: Sequence[str | bytes]) -> None:
        if isinstance(keys, str | bytes):
            raise KeyConfigError("pass a list of keys, not a single key")
        if not keys:
            raise KeyConfigError("at least one encryption key is required")
        fernets = []
        for i, key in enumerate(keys):
            try:
                fernets.append(Fernet(key))
            except (ValueError, TypeError) as exc:
                raise KeyConfigError(f"key #{i} is not a valid Fernet key: {exc}") from None
        self._primary = fernets[0]
        self._multi = MultiFernet(fernets)

    @classmethod
    def from_env(cls, var: str = "TOUSU_FIELD_KEYS") -> FieldCipher:
        """Keys from a comma-separated environment variable (primary first)."""
        raw = os.environ.get(var, "")
        keys = [k.strip() for k in raw.split(",") if k.strip()]
        if not keys:
            raise KeyConfigError(f"environment variable {var} is empty or unset")
        return cls(keys)

    def encrypt(self, value: str) -> str:
        """Encrypt ``value`` under the primary key; returns an ASCII token."""
        if not isinstance(value, str):
            raise TypeError("FieldCipher.encrypt expects str")
        return self._primary.encrypt(value.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str | bytes) -> str:
        """Decrypt a token made with any configured key, or raise :class:`DecryptionError`."""
        raw = token.encode("ascii") if isinstance(token, str) else token
        try:
            return self._multi.decrypt(raw).decode("utf-8")
        except (InvalidToken, UnicodeEncodeError, UnicodeDecodeError) as exc:
            raise DecryptionError(
                "cannot decrypt field: wrong key, corrupted or tampered token"
            ) from exc

    def rotate(self, token: str | bytes) -> str:
        """Re-encrypt a token under the primary key (it must decrypt under some key)."""
        raw = token.encode("ascii") if isinstance(token, str) else token
        try:
            return self._multi.rotate(raw).decode("ascii")
        except (InvalidToken, UnicodeEncodeError) as exc:
            raise DecryptionError("cannot rotate: token does not decrypt with any key") from exc

    def is_current(self, token: str | bytes) -> bool:
        """True if the token already decrypts under the primary key (rotation is a no-op)."""
        raw = token.encode("ascii") if isinstance(token, str) else token
        try:
            self._primary.decrypt(raw)
        except InvalidToken:
            return False
        return True


_SEPARATORS = re.compile(r"[\s\-·•.()（）]+")


def normalize_for_index(value: str, kind: str | None = None) -> str:
    """Canonical form for equality lookups: NFKC, case-folded, separators removed.

    ``kind="phone"`` keeps digits only and drops a +86/0086 country prefix, so
    "+86 138-1234-5678", "13812345678" and "１３８１２３４５６７８" index the same.
    ``kind="email"`` keeps dots (they matter) and only strips and case-folds.
    """
    v = unicodedata.normalize("NFKC", value).strip()
    if kind == "email":
        return v.casefold()
    if kind in ("phone", "landline", "bank_card"):
        digits = re.sub(r"\D", "", v)
        if kind == "phone":
            if len(digits) == 13 and digits.startswith("86"):
                digits = digits[2:]
            elif len(digits) == 15 and digits.startswith("0086"):
                digits = digits[4:]
        return digits
    if kind == "id_card":
        return _SEPARATORS.sub("", v).upper()
    return _SEPARATORS.sub("", v).casefold()


def blind_index(value: str, key: str | bytes, *, kind: str | None = None) -> str:
    """Keyed HMAC-SHA256 (hex) over the normalised value, for equality search.

    ``kind`` is both the normalisation rule and a domain separator, so the same digits
    stored as a phone and as a card number do not produce the same index. Use a key that
    is *not* one of the encryption keys, and never rotate it casually: every stored index
    would have to be recomputed from the decrypted values.
    """
    if not key:
        raise KeyConfigError("blind_index needs a non-empty key")
    k = key.encode("utf-8") if isinstance(key, str) else key
    msg = f"{kind or ''}\x1f{normalize_for_index(value, kind)}".encode()
    return hmac.new(k, msg, hashlib.sha256).hexdigest()
