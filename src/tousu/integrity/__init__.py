"""Integrity (M8): recognise proxy-agency (代理维权) bulk filing, flag it for review.

Framework-free: no Django imports. Signals and their combination live in :mod:`.signals`,
contact keys in :mod:`.contacts`, the curated agency phrases in :mod:`.phrases`, the
labelled generated evaluation set in :mod:`.evalset` and ``tousu integrity-eval`` in
:mod:`.cli`. "Flag, never drop": nothing here hides or rejects a complaint.
"""

from .contacts import contact_key, contacts_from_text
from .signals import (
    DEFAULT,
    Assessment,
    Config,
    IntegrityIndex,
    Reason,
    Submission,
    agency_phrase,
    assess,
    combine,
    disproportion,
    window,
)

__all__ = [
    "DEFAULT",
    "Assessment",
    "Config",
    "IntegrityIndex",
    "Reason",
    "Submission",
    "agency_phrase",
    "assess",
    "combine",
    "contact_key",
    "contacts_from_text",
    "disproportion",
    "window",
]
