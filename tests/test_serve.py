"""``tousu serve`` brings up a real gunicorn server that answers the API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from realserver import free_port, wait_for


@pytest.mark.slow
def test_serve_answers_api_and_docs(tmp_path: Path):
    port = free_port()
    env = {**os.environ, "TOUSU_DATA_DIR": str(tmp_path)}
    tousu = Path(sys.executable).with_name("tousu")
    proc = subprocess.Popen(
        [str(tousu), "serve", "--port", str(port), "--workers", "1"], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/api/merchants", proc)
        with urllib.request.urlopen(base + "/api/merchants") as r:
            assert r.status == 200 and isinstance(json.load(r), list)
        with urllib.request.urlopen(base + "/api/docs") as r:
            assert "swagger" in r.read().decode().lower()
        with urllib.request.urlopen(base + "/static/ninja/swagger-ui-bundle.js") as r:
            assert r.status == 200  # served locally by whitenoise, no CDN
        request = urllib.request.Request(base + "/api/complaints", data=b"{", method="POST",
                                         headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as exc:
            urllib.request.urlopen(request)
        assert exc.value.code == 401
        if "DATABASE_URL" not in os.environ:
            assert (tmp_path / "tousu.sqlite3").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
