"""Kill the whole server with SIGKILL under load, restart, retry: nothing lost or doubled.

A real ``tousu serve`` (2 app workers and the job worker, one process group) takes
concurrent submissions, each with its own Idempotency-Key. Mid-load the group is killed
with SIGKILL — no shutdown handlers, no flushing. The server is started again and every
request that was not acknowledged is retried with its key until it is. Then:

- every acknowledged complaint is present exactly once, under the id it was acknowledged
  with, and the total is exactly the number of requests;
- no complaint is half-written: each has its creation and analysis events and its audit
  entry, and the audit chain verifies;
- the jobs queued before the crash (collective matching and screening of every complaint)
  run after the restart, including any that were RUNNING when the worker died.

It runs on whichever database the suite runs on (SQLite here, PostgreSQL in the second
pass, where the server uses the throwaway cluster's database).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from realserver import free_port

pytestmark = pytest.mark.slow
TOUSU = str(Path(sys.executable).with_name("tousu"))
N = 240


def shell(env: dict, code: str) -> str:
    out = subprocess.run([TOUSU, "shell", "-c", code], env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()[-1]


def start(env: dict, port: int, log: Path) -> subprocess.Popen:
    # The server's output goes to a file so that a failure can show its traceback.
    with log.open("ab") as out:
        proc = subprocess.Popen([TOUSU, "serve", "--port", str(port), "--workers", "2"],
                                env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert proc.poll() is None, "server exited while starting"
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/merchants", timeout=2)
            return proc
        except OSError:
            time.sleep(0.2)
    raise AssertionError("server did not start")


def post(port: int, token: str, body: dict, key: str) -> tuple[int, dict]:
    """Status and JSON body; a body that is not JSON (an HTML 500 page) comes back as text."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/complaints", data=json.dumps(body).encode(),
        method="POST", headers={"Authorization": f"Bearer {token}",
                                "Content-Type": "application/json", "Idempotency-Key": key})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            status, raw = r.status, r.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    try:
        return status, json.loads(raw or b"{}")
    except ValueError:
        return status, {"non_json_body": raw[:500].decode("utf-8", "replace")}


def log_tail(log: Path, lines: int = 60) -> str:
    return "\n".join(log.read_text("utf-8", "replace").splitlines()[-lines:])


def test_sigkill_under_load_loses_and_doubles_nothing(tmp_path):
    run = uuid.uuid4().hex[:8]
    env = {**os.environ, "TOUSU_DATA_DIR": str(tmp_path), "TOUSU_SUBMIT_PER_HOUR": "100000",
           "TOUSU_SWEEP_SECONDS": "1", "TOUSU_JOB_LEASE_MINUTES": "0.05"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([TOUSU, "migrate", "-v", "0"], env=env, check=True, timeout=300)
    setup = shell(env, (
        "from tousu.accounts.models import ApiToken, User\n"
        "from tousu.merchants.models import Merchant\n"
        f"u = User.objects.create_user('crash-{run}', role='consumer')\n"
        f"m, _ = Merchant.objects.get_or_create(name='崩溃测试商城-{run}', "
        "defaults={'industry': 'ecommerce'})\n"
        "print(ApiToken.issue(u)[1], m.pk)"))
    token, merchant_id = setup.split()
    bodies = {f"{run}-{i}": {
        "merchant_id": int(merchant_id), "title": f"耳机退货后一直不退款 第{i}件",
        "narrative": f"第{i}件：退货已签收半个月，商家一直说在处理，要求退款。",
        "amount": "199", "demands": ["refund"], "consent": True} for i in range(N)}

    port = free_port()
    log = tmp_path / "server.log"
    server = start(env, port, log)
    acked: dict[str, int] = {}
    failures: list[tuple[str, int, dict]] = []
    lock = threading.Lock()
    keys = list(bodies)
    killed = threading.Event()

    def load(worker: int) -> None:
        for key in keys[worker::8]:
            try:
                status, body = post(port, token, bodies[key], key)
            except OSError:
                return  # the server is gone; what was not acknowledged is retried below
            with lock:
                if status in (200, 201):
                    acked[key] = body["id"]
                elif not killed.is_set():
                    # Before the kill every submission must succeed; afterwards an answer
                    # from a dying worker is what the retries are for.
                    failures.append((key, status, body))

    threads = [threading.Thread(target=load, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    while len(acked) < N // 3:
        time.sleep(0.01)
    killed.set()
    os.killpg(server.pid, signal.SIGKILL)  # mid-load, no goodbye
    server.wait(timeout=30)
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a load thread hung after the kill"
    assert not failures, f"{failures[:3]}\nserver log:\n{log_tail(log)}"
    killed_at = len(acked)
    assert 0 < killed_at < N, f"the kill should land mid-load ({killed_at} acknowledged)"

    server = start(env, port, log)
    try:
        for key in keys:
            status, body = post(port, token, bodies[key], key)
            assert status in (200, 201), (key, status, body, log_tail(log))
            if key in acked:
                # Acknowledged before the crash: the retry finds the same complaint.
                assert status == 200 and body["id"] == acked[key], key
            acked[key] = body["id"]
        assert len(set(acked.values())) == N
        check = (
            "from tousu.audit.models import AuditEntry\n"
            "from tousu.audit.log import verify_chain\n"
            "from tousu.complaints.models import Complaint\n"
            "from tousu.collectives.models import Fingerprint\n"
            f"qs = Complaint.objects.filter(submitted_by__username='crash-{run}')\n"
            "ids = list(qs.values_list('id', flat=True))\n"
            "half = [c.pk for c in qs.prefetch_related('events') if not {'created', 'analyzed'}"
            " <= {e.kind for e in c.events.all()}]\n"
            "audited = AuditEntry.objects.filter(action='complaint.create', object_type="
            "'complaint', object_id__in=[str(i) for i in ids]).count()\n"
            "indexed = Fingerprint.objects.filter(complaint_id__in=ids).count()\n"
            "from django.db.models import Count\n"
            "from django_tasks_db.models import DBTaskResult\n"
            "jobs = dict(DBTaskResult.objects.filter(task_path__endswith='after_intake')"
            ".values_list('status').annotate(n=Count('id')).order_by())\n"
            "import json; print(json.dumps({'ids': sorted(ids), 'half': half, "
            "'audited': audited, 'indexed': indexed, 'jobs': jobs, "
            "'chain': bool(verify_chain())}))")
        # The worker drains the queue after the restart; wait while jobs remain to be run.
        deadline = time.monotonic() + 600
        while True:
            state = json.loads(shell(env, check))
            pending = state["jobs"].get("READY", 0) + state["jobs"].get("RUNNING", 0)
            if state["indexed"] == N or time.monotonic() > deadline or (
                    not pending and state["indexed"] < N):
                break
            time.sleep(2)
        assert state["ids"] == sorted(acked.values())  # each once, nothing extra
        assert state["half"] == [] and state["audited"] == N and state["chain"]
        assert state["indexed"] == N, (
            f"jobs did not resume: {state['indexed']} of {N} indexed; jobs {state['jobs']}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
