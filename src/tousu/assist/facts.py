"""Platform numbers the assistant quotes: deadlines, the emergency target, upload limits.

The assistant core is framework-free, so it cannot read ``django.conf.settings``. It reads
the same environment variables with the same defaults as ``tousu/settings.py`` instead, so
that what the bot tells a consumer is what the platform enforces (a test checks the two
agree). The commitment deadlines come from :mod:`tousu.core.deadlines`, the one source of
truth for the "24 h / 7 days" promise.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass

from tousu.core.deadlines import COMMITMENT_RESOLUTION_DAYS, COMMITMENT_RESPONSE_HOURS

#: Environment variable -> default, exactly as in ``tousu/settings.py``.
ENV_DEFAULTS: dict[str, int] = {
    "TOUSU_DEFAULT_RESPONSE_HOURS": 72,
    "TOUSU_DEFAULT_RESOLUTION_DAYS": 15,
    "TOUSU_EMERGENCY_TARGET_MINUTES": 10,
    "TOUSU_CHAT_TARGET_MINUTES": 5,
    "TOUSU_MAX_EVIDENCE_BYTES": 10 * 1024 * 1024,
    "TOUSU_MAX_EVIDENCE_FILES": 20,
}


def _env_int(name: str) -> int:
    # settings.py would refuse to start on a malformed value; the bot just quotes the default.
    try:
        return int(os.environ.get(name, ENV_DEFAULTS[name]))
    except ValueError:
        return ENV_DEFAULTS[name]


@dataclass(frozen=True)
class PlatformFacts:
    """The numbers FAQ answers may quote through ``{placeholders}``."""

    response_hours: int
    resolution_days: int
    commit_response_hours: int
    commit_resolution_days: int
    emergency_minutes: int
    chat_minutes: int
    max_evidence_mb: str
    max_evidence_files: int

    def placeholders(self) -> dict[str, object]:
        return asdict(self)


def _megabytes(size: int) -> str:
    mb = size / (1024 * 1024)
    return str(int(mb)) if mb == int(mb) else f"{mb:.1f}"


def platform_facts() -> PlatformFacts:
    """Read the current values (cheap: a handful of environment lookups)."""
    return PlatformFacts(
        response_hours=_env_int("TOUSU_DEFAULT_RESPONSE_HOURS"),
        resolution_days=_env_int("TOUSU_DEFAULT_RESOLUTION_DAYS"),
        commit_response_hours=COMMITMENT_RESPONSE_HOURS,
        commit_resolution_days=COMMITMENT_RESOLUTION_DAYS,
        emergency_minutes=_env_int("TOUSU_EMERGENCY_TARGET_MINUTES"),
        chat_minutes=_env_int("TOUSU_CHAT_TARGET_MINUTES"),
        max_evidence_mb=_megabytes(_env_int("TOUSU_MAX_EVIDENCE_BYTES")),
        max_evidence_files=_env_int("TOUSU_MAX_EVIDENCE_FILES"),
    )
