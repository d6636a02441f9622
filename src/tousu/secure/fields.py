"""A text field stored encrypted (Fernet), read back as plain text.

Encrypted columns cannot be searched or filtered; every such field has a masked
plaintext twin or a blind index where lookups are needed.
"""

from __future__ import annotations

from django.db import models

from tousu.secure.keys import cipher

PREFIX = "enc:"  # marks ciphertext so a plaintext value is never "decrypted" by mistake


class EncryptedTextField(models.TextField):
    description = "Text encrypted at rest"

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return PREFIX + cipher().encrypt(str(value))

    def from_db_value(self, value, expression, connection):
        if value is None or value == "" or not value.startswith(PREFIX):
            return value
        return cipher().decrypt(value[len(PREFIX):])

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(PREFIX):
            return cipher().decrypt(value[len(PREFIX):])
        return value
