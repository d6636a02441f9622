"""Intake benchmark: start ``tousu serve``, post complaints over HTTP, print the figures.

Two phases against one real server (gunicorn, 2 workers by default):
  1. throughput — a small pool of concurrent clients posts N complaints as fast as the
     server takes them: complaints/s, p50/p99 latency;
  2. fixed rate — an open-loop schedule of R requests/s for S seconds: p50/p99/max latency
     and how many requests fell behind schedule (the later goal: p99 < 100 ms at 100/s).
Every acknowledged complaint is then counted in the database.

    .venv/bin/python bench/intake.py                 # SQLite in a temp dir
    .venv/bin/python bench/intake.py --db postgresql # throwaway PostgreSQL (scripts/pg)
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from common import stop_postgres, use_database, wait_ready

ROOT = Path(__file__).resolve().parents[1]
NARRATIVE = ("我在{day}号用钱包付款买了一台扫地机器人，订单号{order}，商家发货后机器不能充电，"
             "申请退货被拒，客服说超过了七天。实际我第三天就申请了，有聊天截图。要求退款。")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def setup_database(env: dict[str, str]) -> tuple[str, int]:
    """Migrate and create one merchant and one consumer with a token, in-process."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from tousu.accounts.models import ApiToken, User
    from tousu.merchants.models import Merchant

    call_command("migrate", interactive=False, verbosity=0)
    merchant, _ = Merchant.objects.get_or_create(name="压测商城", defaults={"industry": "ecommerce"})
    user, _ = User.objects.get_or_create(username="bench-consumer", defaults={"role": "consumer"})
    _, token = ApiToken.issue(user, name="bench")
    return token, merchant.pk


def count_complaints() -> int:
    from tousu.complaints.models import Complaint

    return Complaint.objects.filter(submitted_by__username="bench-consumer").count()


class Poster:
    """One keep-alive HTTP connection, as one client would hold."""

    def __init__(self, port: int, token: str, merchant_id: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.merchant_id = merchant_id

    def post(self, i: int) -> tuple[float, int, str]:
        body = json.dumps({
            "merchant_id": self.merchant_id, "title": f"扫地机器人退货被拒 #{i}",
            "narrative": NARRATIVE.format(day=i % 28 + 1, order=f"SO{i:010d}"),
            "amount": "1999.00", "demands": ["refund"], "channel": "api", "consent": True,
        }, ensure_ascii=False).encode()
        key = str(uuid.uuid4())
        started = time.perf_counter()
        self.conn.request("POST", "/api/complaints", body, {**self.headers, "Idempotency-Key": key})
        response = self.conn.getresponse()
        payload = response.read()
        elapsed = time.perf_counter() - started
        ref = json.loads(payload).get("ref", "") if response.status in (200, 201) else ""
        return elapsed, response.status, ref


def run_pool(port: int, token: str, merchant_id: int, n: int, concurrency: int):
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    counter = iter(range(n))

    def worker() -> None:
        poster = Poster(port, token, merchant_id)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            elapsed, status, _ = poster.post(i)
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, latencies, statuses


def run_rate(port: int, token: str, merchant_id: int, rate: float, seconds: float,
             clients: int, offset: int):
    """Open loop: request i is due at i/rate; latency counts from when it was due."""
    total = int(rate * seconds)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    late = 0
    lock = threading.Lock()
    counter = iter(range(total))
    start = time.perf_counter() + 0.2

    def worker() -> None:
        nonlocal late
        poster = Poster(port, token, merchant_id)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            due = start + i / rate
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            _, status, _ = poster.post(offset + i)
            done = time.perf_counter()
            with lock:
                latencies.append(done - due)
                statuses[status] = statuses.get(status, 0) + 1
                late += wait < -0.01

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, statuses, late


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("-n", type=int, default=2000, help="complaints in the throughput phase")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rate", type=float, default=100.0, help="requests/s, fixed-rate phase")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="tousu-bench-")
    # One bench consumer posts thousands of complaints: lift the per-account hourly limit.
    env = {"TOUSU_DATA_DIR": data_dir, "TOUSU_SUBMIT_PER_HOUR": "100000000"}
    pg_dir = None
    pg_dir = use_database(args.db, env)
    token, merchant_id = setup_database(env)
    tousu = str(Path(sys.executable).with_name("tousu"))
    proc = subprocess.Popen(
        [tousu, "serve", "--no-migrate", "--port", str(args.port), "--workers", str(args.workers)],
        env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_ready(args.port, proc)
        print(f"tousu intake benchmark — {args.db}, {args.workers} gunicorn workers, "
              f"{os.cpu_count()} cores")
        elapsed, lat, statuses = run_pool(args.port, token, merchant_id, args.n, args.concurrency)
        ok = statuses.get(201, 0)
        print(f"throughput: {args.n} POSTs, {args.concurrency} clients: "
              f"{ok / elapsed:.0f} complaints/s; p50 {percentile(lat, 50) * 1000:.1f} ms, "
              f"p99 {percentile(lat, 99) * 1000:.1f} ms; statuses {statuses}")
        lat, statuses, late = run_rate(args.port, token, merchant_id, args.rate, args.seconds,
                                       clients=max(4, int(args.rate // 10)), offset=args.n)
        print(f"fixed rate: {args.rate:.0f}/s for {args.seconds:.0f}s ({len(lat)} POSTs): "
              f"p50 {percentile(lat, 50) * 1000:.1f} ms, p99 {percentile(lat, 99) * 1000:.1f} ms, "
              f"max {max(lat) * 1000:.1f} ms; {late} sent late; statuses {statuses}")
        acknowledged = ok + statuses.get(201, 0)
        stored = count_complaints()
        print(f"acknowledged {acknowledged}, stored {stored}: "
              f"{'OK' if stored == acknowledged else 'MISMATCH'}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if pg_dir:
            stop_postgres(pg_dir)


if __name__ == "__main__":
    main()
