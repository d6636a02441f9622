"""Where a submission came from, kept only as a keyed hash.

Integrity checks need to see that many "consumers" filed from one machine (M8), but an IP
address is personal data; the blind index lets equal sources be compared without storing
the address itself.
"""

from __future__ import annotations

from django.http import HttpRequest

from tousu.privacy import blind_index
from tousu.secure.keys import index_key


def client_source(request: HttpRequest) -> str:
    address = (request.META.get("REMOTE_ADDR") or "").strip()
    return blind_index(address, index_key(), kind="source") if address else ""
