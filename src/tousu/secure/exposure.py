"""Who sees personal data unmasked, and the masking everyone else gets.

The complainant and the platform's case workers see the original; a merchant's agent,
the public, exports and regulators see it masked. Every unmasked read is audited.
"""

from __future__ import annotations

from collections.abc import Iterable

from tousu.core.access import Actor, scope_of
from tousu.privacy import redact


def sees_original(actor: Actor | None, *, is_owner: bool) -> bool:
    if actor is None:
        return False
    return is_owner or scope_of(actor) == "all"


def _mask_known(value: str) -> str:
    digits = [c for c in value if c.isdigit()]
    if len(digits) >= 7:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    if "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    return value[:1] + "*" * (len(value) - 1)


def mask(text: str, known: Iterable[str] = ()) -> str:
    """Mask what the detector finds, and every occurrence of values known to be personal.

    Detection cannot find a bare name with no cue around it ("王小明的耳机…"); the
    complainant's own name, phone and email are known, so they are replaced literally
    first, longest first so a name inside an email is not half-masked.
    """
    if not text:
        return text
    for value in sorted({v.strip() for v in known if v and len(v.strip()) >= 2},
                        key=len, reverse=True):
        text = text.replace(value, _mask_known(value))
    return redact(text).text
