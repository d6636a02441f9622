"""Privacy core for tousu (M9): PII detection and masking, field encryption, blind
indexes, the audit hash chain and retention rules.

Framework-free on purpose: the Django layer (models, views, commands) imports this
package, never the other way round, so the rules can be tested and benchmarked alone.
"""

from __future__ import annotations

from .audit import GENESIS_HASH, AuditEntry, BreakKind, VerifyResult, chain_hash, make_entry, verify
from .crypto import (
    DecryptionError,
    FieldCipher,
    KeyConfigError,
    blind_index,
    generate_key,
    normalize_for_index,
)
from .detect import Kind, Redaction, Span, detect, redact
from .retention import RetentionPolicy, due_for_purge, is_due, purge_cutoff

__all__ = [
    "GENESIS_HASH",
    "AuditEntry",
    "BreakKind",
    "DecryptionError",
    "FieldCipher",
    "KeyConfigError",
    "Kind",
    "Redaction",
    "RetentionPolicy",
    "Span",
    "VerifyResult",
    "blind_index",
    "chain_hash",
    "detect",
    "due_for_purge",
    "generate_key",
    "is_due",
    "make_entry",
    "normalize_for_index",
    "purge_cutoff",
    "redact",
    "verify",
]
