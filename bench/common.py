"""What the benchmarks share: a throwaway PostgreSQL from scripts/pg."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_postgres() -> dict[str, str]:
    """Start a throwaway server; returns DATABASE_URL and TOUSU_PG_DIR for the environment."""
    out = subprocess.run(["bash", str(ROOT / "scripts/pg"), "start"], check=True,
                         capture_output=True, text=True).stdout
    env = {}
    for part in shlex.split(out.replace("export ", "")):
        key, _, value = part.partition("=")
        env[key] = value
    return env


def stop_postgres(pg_dir: str) -> None:
    subprocess.run(["bash", str(ROOT / "scripts/pg"), "stop", pg_dir], check=False)
