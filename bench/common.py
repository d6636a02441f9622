"""What the benchmarks share: a throwaway PostgreSQL from scripts/pg, waiting for a server."""

from __future__ import annotations

import http.client
import os
import shlex
import subprocess
import time
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


def use_database(db: str, env: dict[str, str]) -> str | None:
    """Point ``env`` at the database a bench asked for; returns the PostgreSQL directory to
    stop afterwards, or None for SQLite (an inherited DATABASE_URL must not win)."""
    if db == "postgresql":
        env.update(start_postgres())
        return env["TOUSU_PG_DIR"]
    os.environ.pop("DATABASE_URL", None)
    return None


def wait_ready(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    """Block until ``tousu serve`` on loopback answers the merchant list; exit if it dies."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("server exited during start-up")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/merchants")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")
