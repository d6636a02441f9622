"""Mixed-load benchmark: a realistic request mix against a real ``tousu serve`` on loopback.

Loads the demo data (``tousu demo --no-serve``) into a throwaway data directory (and a
throwaway PostgreSQL with ``--db postgresql``), issues API tokens in-process for a few demo
consumers and merchant agents, files a pool of complaints already forwarded to those
agents' merchants (so every merchant reply is legal exactly once), then starts ``tousu
serve`` (gunicorn, 2 worker processes, its job worker beside it) on a free loopback port
and holds this mix, open loop, at each offered rate in ``--rates`` for an equal share of
``--seconds``:

    20% submit   POST /api/complaints (Idempotency-Key; several consumer tokens)
    20% list     GET  /api/complaints?page=1 (a consumer or an agent)
    10% read     GET  /api/complaints/{id}      10% events  GET /api/complaints/{id}/events
    10% reply    POST /api/complaints/{id}/transitions {"action": "reply"} (the agent's own)
    30% public   GET  /public/complaints, /public/rankings, /public/merchants/{id},
                      /public/c/{ref}, /api/public/complaints (6% each)

Arrivals are Poisson (or evenly spaced with ``--arrivals uniform``) at the offered rate and
every latency is counted from when the request was *due*, not from when a client thread
got round to sending it, so a saturated server shows up as latency and as achieved < offered
rather than silently lowering the load. Any unexpected status or exception is an error.
Per step it prints offered and achieved throughput, p50/p99/max, late starts and errors;
per request type p50/p99 at each step; and which step first fell short (achieved < 95% of
offered), missed the p99 target (``--p99-ms``) or erred. Afterwards every acknowledged
submission is checked in the database (stored exactly once, under its key) and every
acknowledged reply (the complaint is now merchant_replied).

    .venv/bin/python bench/load.py                                  # SQLite, 60 s
    .venv/bin/python bench/load.py --db both --seconds 60           # SQLite, then PostgreSQL
    .venv/bin/python bench/load.py --rates 10,20 --seconds 10       # a quick check
    .venv/bin/python bench/load.py --rates 50 --seconds 60          # hold one rate

``--max-seconds`` bounds the whole run (set-up included); the server, the temp directory
and the throwaway PostgreSQL are removed on exit, also when the limit is hit.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import io
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import stop_postgres, use_database, wait_ready  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "tousu-demo-2026"
MIX = [  # (request type, weight in %)
    ("submit", 20), ("list", 20), ("read", 10), ("events", 10), ("reply", 10),
    ("pub_list", 6), ("rankings", 6), ("pub_merchant", 6), ("pub_complaint", 6),
    ("api_public", 6),
]
EXPECTED = {"submit": {200, 201}, "reply": {200}}  # every other type: 200
REPLIES = [
    "您好，已收到您的投诉，经核实情况属实，我们将在3个工作日内为您办理全额退款，请留意到账信息。",
    "您好，非常抱歉给您带来不便。我们已联系物流核实，将为您补发商品并承担运费。",
    "您好，您反映的自动续费问题已核实，已为您关闭续费并退回最近一期费用。",
    "您好，经核查订单记录，我们同意按您的诉求处理，客服专员会在24小时内电话联系您。",
]
IDLE_RECONNECT = 1.0  # gunicorn closes idle keep-alive connections after 2 s
TIMEOUT = 30.0


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def brief(body: bytes) -> str:
    """A response body in one line: an HTML page's title, else the start of the text."""
    text = body.decode(errors="replace")
    found = re.search(r"<title>(.*?)</title>", text, re.S)
    return (found.group(1) if found else " ".join(text.split()))[:300]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- set-up, in-process ---------------------------------------------------------------


@dataclass
class Principal:
    username: str
    token: str
    role: str
    readable: list[int] = field(default_factory=list)  # complaint ids it may read
    pool: list[int] = field(default_factory=list)  # with_merchant complaints to reply to


@dataclass
class World:
    consumers: list[Principal]
    agents: list[Principal]
    merchants: list[int]
    refs: list[str]  # published complaints' references
    corpus: list[dict]  # submissions to draw from
    demo_complaints: int
    pool_size: int


def setup_world(args: argparse.Namespace, replies_needed: int) -> World:
    """Demo data, tokens and the reply pool, written before the server starts."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from tousu.accounts.models import ApiToken, User
    from tousu.complaints import services
    from tousu.complaints.models import Complaint
    from tousu.demo.corpus import generate
    from tousu.merchants.models import Merchant
    from tousu.public.published import published

    t = time.perf_counter()
    with redirect_stdout(io.StringIO()):
        call_command("demo", no_serve=True, complaints=args.complaints)
    demo_n = Complaint.objects.count()
    print(f"  demo data: {demo_n} complaints in {time.perf_counter() - t:.1f} s", flush=True)

    by_name = dict(Merchant.objects.filter(is_active=True).values_list("name", "pk"))
    data = generate(seed=args.seed, complaints=args.corpus)
    corpus = [{
        "merchant_id": by_name[c.merchant], "title": c.title, "narrative": c.narrative,
        "amount": str(c.amount), "demands": list(c.demands),
    } for c in data.complaints if c.merchant in by_name]

    consumers = []
    for user in User.objects.filter(role="consumer").order_by("username")[: args.consumers]:
        _, token = ApiToken.issue(user, name="bench-load")
        ids = list(Complaint.objects.filter(consumer__user=user).values_list("pk", flat=True))
        consumers.append(Principal(user.username, token, "consumer", ids))
    agents = []
    for user in (User.objects.filter(role="merchant_agent", merchant__isnull=False)
                 .order_by("username")[: args.agents]):
        _, token = ApiToken.issue(user, name="bench-load")
        ids = list(Complaint.objects.filter(merchant_id=user.merchant_id)
                   .order_by("-submitted_at").values_list("pk", flat=True)[:200])
        agents.append(Principal(user.username, token, "merchant_agent", ids))

    # The reply pool: complaints filed by the bench consumers against the agents'
    # merchants, accepted and forwarded by the moderator, so each is in with_merchant.
    t = time.perf_counter()
    moderator = User.objects.get(username="moderator")
    users = {u.username: u for u in User.objects.filter(
        username__in=[p.username for p in consumers])}
    for_merchant: dict[int, list[dict]] = {}
    for item in corpus:
        for_merchant.setdefault(item["merchant_id"], []).append(item)
    agent_merchant = dict(User.objects.filter(username__in=[a.username for a in agents])
                          .values_list("username", "merchant_id"))
    rng = random.Random(args.seed)
    made = 0
    attempts = 0
    while made < replies_needed and attempts < replies_needed * 3:
        agent = agents[attempts % len(agents)]
        attempts += 1
        merchant_id = agent_merchant[agent.username]
        item = rng.choice(for_merchant.get(merchant_id) or corpus)
        consumer = consumers[attempts % len(consumers)]
        complaint, _ = services.submit(
            services.NewComplaint(**{**item, "merchant_id": merchant_id,
                                     "narrative": item["narrative"] + f"（订单号 PL{attempts:08d}）",
                                     "channel": "web"}),
            user=users[consumer.username], idempotency_key=f"bench-pool-{attempts}",
            auto_route=False,
        )
        if complaint.emergency:
            continue  # the emergency lane has its own path; keep the pool plain
        for action in ("accept", "forward"):
            services.transition(complaint.pk, user=moderator, action=action)
        agent.pool.append(complaint.pk)
        agent.readable.append(complaint.pk)
        consumer.readable.append(complaint.pk)
        made += 1
    print(f"  reply pool: {made} complaints in with_merchant for {len(agents)} agents in "
          f"{time.perf_counter() - t:.1f} s", flush=True)
    refs = list(published().order_by("-submitted_at").values_list("ref", flat=True)[:300])
    merchants = list(Merchant.objects.filter(is_active=True).values_list("pk", flat=True))
    connections.close_all()
    return World(consumers, agents, merchants, refs, corpus, demo_n, made)


def verify(acks: list[tuple[str, int]], replies: list[int], consumer_names: list[str],
           started_at) -> list[str]:
    """Every acknowledged submission stored once under its key; every reply stored."""
    from django.db import connections
    from django.db.models import Count

    from tousu.complaints.models import Complaint

    connections.close_all()  # a fresh view of what the server committed
    lines = []
    keys = {key: cid for key, cid in acks}
    found: dict[str, list[int]] = {}
    key_list = list(keys)
    for i in range(0, len(key_list), 500):
        for key, cid in Complaint.objects.filter(
                idempotency_key__in=key_list[i:i + 500],
                submitted_by__username__in=consumer_names).values_list("idempotency_key", "pk"):
            found.setdefault(key, []).append(cid)
    missing = [k for k in keys if k not in found]
    doubled = [k for k, ids in found.items() if len(ids) > 1]
    wrong = [k for k, ids in found.items() if len(ids) == 1 and ids[0] != keys[k]]
    stored = Complaint.objects.filter(channel="api", submitted_by__username__in=consumer_names,
                                      submitted_at__gte=started_at).count()
    ok = not (missing or doubled or wrong) and stored == len(keys)
    lines.append(f"submissions: {len(acks)} acknowledged ({len(keys)} keys), "
                 f"{len(keys) - len(missing)} found, {len(doubled)} stored twice, "
                 f"{len(wrong)} under another id, {stored} stored by the bench over HTTP: "
                 f"{'OK' if ok else 'MISMATCH'}")
    if missing[:3] or doubled[:3] or wrong[:3]:
        lines.append(f"  e.g. missing {missing[:3]} doubled {doubled[:3]} wrong {wrong[:3]}")
    states = dict(Complaint.objects.filter(pk__in=replies).values("state")
                  .annotate(n=Count("id")).values_list("state", "n"))
    good = states.get("merchant_replied", 0)
    lines.append(f"replies: {len(replies)} acknowledged, {good} complaints now merchant_replied"
                 f": {'OK' if good == len(set(replies)) == len(replies) else 'MISMATCH'}"
                 + ("" if good == len(replies) else f" (states {states})"))
    return lines


# --- the load -------------------------------------------------------------------------


class Conn:
    """One keep-alive connection, as one client would hold; reopened before it goes stale."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn: http.client.HTTPConnection | None = None
        self.last = 0.0

    def request(self, method: str, path: str, body: bytes | None,
                headers: dict[str, str]) -> tuple[int, bytes]:
        if self.conn is None or time.monotonic() - self.last > IDLE_RECONNECT:
            self.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            self.conn.request(method, path, body, headers)
            response = self.conn.getresponse()
            data = response.read()
        except BaseException:
            self.close()
            raise
        finally:
            self.last = time.monotonic()
        if response.will_close:
            self.close()
        return response.status, data

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


@dataclass
class Result:
    kind: str
    due: float
    sent: float
    done: float
    ok: bool
    status: int
    error: str = ""


class Load:
    """What the clients share: principals, pools, acknowledgements."""

    def __init__(self, world: World, port: int, seed: int) -> None:
        self.world = world
        self.port = port
        self.lock = threading.Lock()
        self.acks: list[tuple[str, int]] = []
        self.replied: list[int] = []
        self.replays = 0
        self.corpus_i = 0
        self.rng = random.Random(seed)

    def _headers(self, who: Principal | None, json_body: bool = False) -> dict[str, str]:
        h = {"Accept-Language": "zh-CN"}
        if who is not None:
            h["Authorization"] = f"Bearer {who.token}"
        if json_body:
            h["Content-Type"] = "application/json"
        return h

    def plan(self, kind: str, rng: random.Random):
        """(method, path, body, headers, on_success) for one request of this kind."""
        w = self.world
        if kind == "submit":
            who = rng.choice(w.consumers)
            with self.lock:
                self.corpus_i += 1
                i = self.corpus_i
            item = w.corpus[i % len(w.corpus)]
            body = json.dumps({**item, "narrative": item["narrative"] + f"（订单号 LD{i:08d}）",
                               "channel": "api", "consent": True}, ensure_ascii=False).encode()
            key = str(uuid.uuid4())
            headers = {**self._headers(who, True), "Idempotency-Key": key}

            def acked(status: int, data: bytes) -> None:
                cid = json.loads(data)["id"]
                with self.lock:
                    self.acks.append((key, cid))
                    self.replays += status == 200
                    who.readable.append(cid)
            return "POST", "/api/complaints", body, headers, acked
        if kind == "list":
            who = rng.choice(w.consumers + w.agents)
            return "GET", "/api/complaints?page=1", None, self._headers(who), None
        if kind in ("read", "events"):
            who = rng.choice([p for p in w.consumers + w.agents if p.readable])
            with self.lock:
                cid = rng.choice(who.readable)
            suffix = "/events" if kind == "events" else ""
            return "GET", f"/api/complaints/{cid}{suffix}", None, self._headers(who), None
        if kind == "reply":
            with self.lock:
                ready = [a for a in w.agents if a.pool]
                if not ready:
                    return None  # pool exhausted: a bench sizing problem, reported apart
                who = rng.choice(ready)
                cid = who.pool.pop(rng.randrange(len(who.pool)))
            body = json.dumps({"action": "reply", "reason": rng.choice(REPLIES)},
                              ensure_ascii=False).encode()

            def replied(status: int, data: bytes) -> None:
                with self.lock:
                    self.replied.append(cid)
            return ("POST", f"/api/complaints/{cid}/transitions", body,
                    self._headers(who, True), replied)
        if kind == "pub_list":
            page = rng.choice([1, 1, 1, 2, 3])
            return "GET", f"/public/complaints?page={page}", None, self._headers(None), None
        if kind == "rankings":
            return "GET", "/public/rankings", None, self._headers(None), None
        if kind == "pub_merchant":
            mid = rng.choice(w.merchants)
            return "GET", f"/public/merchants/{mid}", None, self._headers(None), None
        if kind == "pub_complaint":
            ref = rng.choice(w.refs)
            return "GET", f"/public/c/{ref}", None, self._headers(None), None
        if kind == "api_public":
            return "GET", "/api/public/complaints?page=1", None, self._headers(None), None
        raise ValueError(kind)

    def one(self, conn: Conn, kind: str, due: float, rng: random.Random) -> Result:
        planned = self.plan(kind, rng)
        if planned is None:
            now = time.perf_counter()
            return Result(kind, due, now, now, False, -1, "bench: reply pool exhausted")
        method, path, body, headers, on_success = planned
        sent = time.perf_counter()
        try:
            status, data = conn.request(method, path, body, headers)
        except Exception as exc:  # noqa: BLE001 - every failure is a result
            return Result(kind, due, sent, time.perf_counter(), False, 0,
                          f"{method} {path}: {type(exc).__name__}: {exc}")
        done = time.perf_counter()
        ok = status in EXPECTED.get(kind, {200})
        error = "" if ok else f"{method} {path} -> {status}: {brief(data)}"
        if ok and on_success is not None:
            try:
                on_success(status, data)
            except Exception as exc:  # noqa: BLE001
                ok, error = False, f"{method} {path} -> {status}: unreadable body: {exc!r}"
        return Result(kind, due, sent, done, ok, status, error)

    def step(self, rate: float, seconds: float, clients: int, arrivals: str,
             deadline: float) -> tuple[list[Result], float, float]:
        """Open loop: request i is due at its arrival time; latency counts from then."""
        kinds = [k for k, _ in MIX]
        weights = [wt for _, wt in MIX]
        rng = random.Random(self.rng.random())
        schedule: list[tuple[float, str]] = []
        t = 0.0
        n = int(round(rate * seconds))
        for i in range(n):
            t = t + rng.expovariate(rate) if arrivals == "poisson" else i / rate
            if t >= seconds:
                break
            schedule.append((t, rng.choices(kinds, weights)[0]))
        results: list[Result] = []
        lock = threading.Lock()
        it = iter(schedule)
        start = time.perf_counter() + 0.1

        def worker(seed: float) -> None:
            conn = Conn(self.port)
            local = random.Random(seed)
            try:
                while time.perf_counter() < deadline:
                    with lock:
                        nxt = next(it, None)
                    if nxt is None:
                        return
                    offset, kind = nxt
                    due = start + offset
                    wait = due - time.perf_counter()
                    if wait > 0:
                        time.sleep(wait)
                    result = self.one(conn, kind, due, local)
                    with lock:
                        results.append(result)
            finally:
                conn.close()

        threads = [threading.Thread(target=worker, args=(rng.random(),), daemon=True)
                   for _ in range(clients)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(timeout=max(0.0, deadline - time.perf_counter()) + TIMEOUT + 5)
        return results, start, len(schedule)

    def warm(self, rate: float, seconds: float, arrivals: str) -> None:
        """The mix at the lowest rate, not measured: every worker process loads the text
        model and fills its caches, and the job worker's start-up work is done."""
        results, _, _ = self.step(rate, seconds, 16, arrivals,
                                  deadline=time.perf_counter() + seconds + 30)
        bad = [r.error for r in results if not r.ok]
        lat = [r.done - r.due for r in results]
        slow = max(results, key=lambda r: r.done - r.due, default=None)
        print(f"  warm-up (not counted): {len(results)} requests at {rate:.0f}/s for "
              f"{seconds:.0f} s, p50 {ms(percentile(lat, 50))} ms, max {ms(max(lat, default=0))}"
              f" ms ({slow.kind if slow else '-'}), {len(bad)} errors {bad[:3]}", flush=True)


# --- report ---------------------------------------------------------------------------


def ms(x: float) -> str:
    return f"{x * 1000:.0f}" if x == x else "-"


def report(steps: list[tuple[float, list[Result], float, int]], seconds: float,
           p99_target: float) -> list[str]:
    lines = []
    head = (f"  {'offered':>8} {'sched':>6} {'done':>6} {'achieved':>9} {'p50':>6} {'p99':>6} "
            f"{'max':>6} {'svc p99':>7} {'late':>5} {'errors':>6}  verdict")
    lines.append(head)
    first_bad = None
    for rate, results, start, scheduled in steps:
        lat = [r.done - r.due for r in results]
        svc = [r.done - r.sent for r in results]
        errors = sum(not r.ok for r in results)
        end = max((r.done for r in results), default=start)
        # Poisson arrivals: the step offered `scheduled` requests, not exactly rate × seconds.
        offered = scheduled / seconds
        achieved = sum(r.ok for r in results) / max(seconds, end - start)
        late = sum(r.sent - r.due > 0.1 for r in results)
        reasons = []
        if errors:
            reasons.append(f"{errors} errors")
        if len(results) < scheduled:
            reasons.append(f"{scheduled - len(results)} not sent")
        if achieved < 0.95 * offered:
            reasons.append("achieved < 95% offered")
        if percentile(lat, 99) * 1000 > p99_target:
            reasons.append(f"p99 > {p99_target:.0f} ms")
        verdict = "held" if not reasons else "; ".join(reasons)
        if reasons and first_bad is None:
            first_bad = (rate, verdict)
        lines.append(
            f"  {rate:>6.0f}/s {scheduled:>6} {len(results):>6} {achieved:>7.1f}/s "
            f"{ms(percentile(lat, 50)):>6} {ms(percentile(lat, 99)):>6} {ms(max(lat, default=0)):>6}"
            f" {ms(percentile(svc, 99)):>7} {late:>5} {errors:>6}  {verdict}")
    lines.append("  (ms; p50/p99/max from when each request was due; svc p99 from when it was "
                 "sent; late = sent >100 ms after due)")
    lines.append("  per request type, p50/p99 ms at each offered rate [requests, errors]:")
    cols = "".join(f"{f'{rate:.0f}/s':>14}" for rate, *_ in steps)
    lines.append(f"  {'type':<14}{cols}{'n':>7}{'err':>5}")
    for kind in [k for k, _ in MIX] + ["overall"]:
        cells, n, e = "", 0, 0
        for _, results, _, _ in steps:
            rs = [r for r in results if kind in ("overall", r.kind)]
            lat = [r.done - r.due for r in rs]
            cells += f"{ms(percentile(lat, 50)) + '/' + ms(percentile(lat, 99)):>14}"
            n += len(rs)
            e += sum(not r.ok for r in rs)
        lines.append(f"  {kind:<14}{cells}{n:>7}{e:>5}")
    if not steps:
        lines.append("  saturation: no step ran")
    elif first_bad is None:
        lines.append(f"  saturation: every step held (errors 0, achieved >= 95% offered, "
                     f"p99 <= {p99_target:.0f} ms); the top rate was not enough to saturate")
    else:
        lines.append(f"  saturation: first step that fell short or erred: {first_bad[0]:.0f}/s "
                     f"({first_bad[1]})")
    groups: dict[str, list[str]] = {}
    for _, results, _, _ in steps:
        for r in results:
            if not r.ok:
                groups.setdefault(re.sub(r"/\d+", "/{id}", r.error)[:200], []).append(r.error)
    if groups:
        total = sum(len(v) for v in groups.values())
        lines.append(f"  errors: {total}, by kind:")
        for key, examples in sorted(groups.items(), key=lambda kv: -len(kv[1]))[:8]:
            lines.append(f"    x{len(examples)} {key}")
    return lines


def server_log_summary(path: Path) -> list[str]:
    """Tracebacks in the server's log, grouped by the request and the exception."""
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return []
    tracebacks = text.count("Traceback (most recent call last)")
    lines = [f"server log: {len(text.splitlines())} lines, {tracebacks} tracebacks, "
             f"{text.count('WORKER TIMEOUT')} worker timeouts"]
    failed: dict[str, int] = {}
    for m in re.finditer(r"Internal Server Error: (\S+)", text):
        key = re.sub(r"/\d+", "/{id}", m.group(1))
        failed[key] = failed.get(key, 0) + 1
    if failed:
        lines.append("  500s by path: " + ", ".join(f"{k} x{n}" for k, n in failed.items()))
    kinds: dict[str, int] = {}
    for block in text.split("Traceback (most recent call last)")[1:]:
        last = next((x.strip() for x in block.splitlines()
                     if re.match(r"\s*[\w.]+(Error|Exception|Detected|Timeout)\b", x)), "?")
        kinds[last[:160]] = kinds.get(last[:160], 0) + 1
    for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1])[:5]:
        lines.append(f"  x{n} {kind}")
    for m in list(re.finditer(r"DETAIL: .*\n.*\n", text))[:1]:
        lines += ["  " + x.strip() for x in m.group(0).splitlines()]
    return lines


def pg_log_summary(pg_dir: str | None) -> list[str]:
    """Deadlocks and any shutdown in the throwaway PostgreSQL's own log."""
    if not pg_dir:
        return []
    try:
        text = (Path(pg_dir) / "log").read_text(errors="replace")
    except OSError as exc:
        return [f"postgresql log unreadable ({exc}): was the server stopped from outside?"]
    lines = [f"postgresql log: {text.count('deadlock detected')} deadlocks, "
             f"{text.count('ERROR:')} errors, {text.count('FATAL:')} fatal"]
    lines += ["  " + x.strip()[:200] for x in text.splitlines()
              if re.search(r"shutdown request|PANIC|terminating connection", x)][:4]
    lines += ["  " + x.strip()[:200] for x in text.splitlines()
              if "while locking tuple" in x or "FOR KEY SHARE" in x][:2]
    return lines


# --- one database ---------------------------------------------------------------------


def run_one(args: argparse.Namespace) -> int:
    wall_start = time.monotonic()
    deadline_wall = wall_start + args.max_seconds
    data_dir = tempfile.mkdtemp(prefix="tousu-bench-load-")
    env = {"TOUSU_DATA_DIR": data_dir, "TOUSU_SUBMIT_PER_HOUR": "100000000",
           "TOUSU_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    pg_dir: str | None = None
    proc: subprocess.Popen | None = None
    cleaned = threading.Event()

    def cleanup() -> None:
        if cleaned.is_set():
            return
        cleaned.set()
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        if proc is not None:
            # The job worker `tousu serve` started, should it have outlived the server.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        if pg_dir:
            if args.keep:
                with contextlib.suppress(OSError):
                    shutil.copy(Path(pg_dir) / "log", Path(data_dir) / "postgres.log")
            stop_postgres(pg_dir)
        if args.keep:
            print(f"kept {data_dir}", flush=True)
        else:
            shutil.rmtree(data_dir, ignore_errors=True)

    def on_limit() -> None:
        # sys.__stdout__: the demo loader may have redirected sys.stdout just now.
        print(f"TIME LIMIT: --max-seconds {args.max_seconds:.0f} reached; cleaning up",
              file=sys.__stdout__, flush=True)
        cleanup()
        os._exit(3)

    watchdog = threading.Timer(args.max_seconds, on_limit)
    watchdog.daemon = True
    watchdog.start()
    try:
        pg_dir = use_database(args.db, env)
        os.environ.update(env)
        rates = [float(r) for r in args.rates.split(",")]
        step_seconds = args.step_seconds or args.seconds / len(rates)
        total = sum(r * step_seconds for r in rates)
        share = dict(MIX)["reply"] / sum(dict(MIX).values())
        replies_needed = int(total * share * 1.3) + 40
        print(f"tousu load benchmark — {args.db}, {args.workers} gunicorn workers, "
              f"{os.cpu_count()} cores, rates {args.rates}/s for {step_seconds:.0f} s each, "
              f"{args.arrivals} arrivals; load average before: {os.getloadavg()[0]:.1f}",
              flush=True)
        world = setup_world(args, replies_needed)
        from django.conf import settings
        from django.utils import timezone

        threads = args.threads or (2 if "sqlite" in settings.DATABASES["default"]["ENGINE"]
                                   else 4)
        port = free_port()
        log_path = Path(data_dir) / "server.log"
        tousu = str(Path(sys.executable).with_name("tousu"))
        started_at = timezone.now()
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                [tousu, "serve", "--no-migrate", "--host", "127.0.0.1", "--port", str(port),
                 "--workers", str(args.workers), "--threads", str(threads)],
                env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_ready(port, proc)
        print(f"  server: 127.0.0.1:{port}, {args.workers} workers × {threads} threads, job "
              f"worker beside it; {len(world.consumers)} consumer and {len(world.agents)} "
              f"agent tokens, {len(world.refs)} published refs", flush=True)
        load = Load(world, port, args.seed)
        load.warm(min(rates), args.warmup, args.arrivals)
        steps = []
        for rate in rates:
            clients = args.clients or max(16, min(256, int(rate)))
            left = deadline_wall - time.monotonic() - 60  # keep a minute to verify and clean
            if left < step_seconds:
                print(f"  skipping {rate:.0f}/s: not enough time left under --max-seconds",
                      flush=True)
                break
            cpu, wall = time.process_time(), time.perf_counter()
            results, start, scheduled = load.step(
                rate, step_seconds, clients, args.arrivals,
                deadline=time.perf_counter() + left)
            steps.append((rate, results, start, scheduled))
            errs = sum(not r.ok for r in results)
            client = (time.process_time() - cpu) / (time.perf_counter() - wall) * 100
            print(f"  step {rate:.0f}/s done: {len(results)} requests, {errs} errors; the bench "
                  f"client used {client:.0f}% of a core; machine load average "
                  f"{os.getloadavg()[0]:.1f}", flush=True)
        print(f"results — {args.db}:")
        for line in report(steps, step_seconds, args.p99_ms):
            print(line)
        names = [p.username for p in world.consumers]
        try:
            for line in verify(load.acks, load.replied, names, started_at):
                print(line)
        except Exception as exc:  # noqa: BLE001 - say so and still clean up
            print(f"verification failed: {type(exc).__name__}: {' '.join(str(exc).split())}")
        if load.replays:
            print(f"  note: {load.replays} submissions answered 200 (replay) instead of 201")
        proc.terminate()
        proc.wait(timeout=30)
        for line in server_log_summary(log_path) + pg_log_summary(pg_dir):
            print(line)
        sys.stdout.flush()
        bad = any(not r.ok for _, results, _, _ in steps for r in results)
        return 1 if bad else 0 if steps else 2
    finally:
        watchdog.cancel()
        cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--seconds", type=float, default=60.0,
                        help="load time per database, split evenly over --rates")
    parser.add_argument("--rates", default="20,40,80,160", help="offered requests/s, in steps")
    parser.add_argument("--step-seconds", type=float, default=0.0,
                        help="seconds per rate step (overrides --seconds / len(rates))")
    parser.add_argument("--arrivals", choices=["poisson", "uniform"], default="poisson")
    parser.add_argument("--p99-ms", type=float, default=500.0,
                        help="a step whose p99 exceeds this did not hold")
    parser.add_argument("--warmup", type=float, default=8.0,
                        help="seconds of unmeasured load at the lowest rate first")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=0,
                        help="threads per worker (default: tousu serve's, 2 SQLite, 4 PG)")
    parser.add_argument("--clients", type=int, default=0,
                        help="client threads per step (default: the rate, 16..256)")
    parser.add_argument("--complaints", type=int, default=300, help="demo complaints")
    parser.add_argument("--corpus", type=int, default=600, help="texts to submit from")
    parser.add_argument("--consumers", type=int, default=12)
    parser.add_argument("--agents", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true",
                        help="keep the temp data directory (server.log) for a look")
    parser.add_argument("--max-seconds", type=float, default=1200.0,
                        help="wall-time limit for the whole run (split between databases)")
    args = parser.parse_args()
    if args.db != "both":
        raise SystemExit(run_one(args))
    # One database per process: Django's settings are read once.
    rc = 0
    budget = args.max_seconds / 2
    for db in ("sqlite", "postgresql"):
        argv = [a for a in sys.argv[1:]]
        i = argv.index("--db") if "--db" in argv else -1
        if i >= 0:
            del argv[i:i + 2]
        argv = [a for a in argv if not a.startswith("--db=")]
        cmd = [sys.executable, __file__, *argv, "--db", db, "--max-seconds", str(budget)]
        try:
            rc = max(rc, subprocess.run(cmd, timeout=budget + 60).returncode)
        except subprocess.TimeoutExpired:
            print(f"{db}: over its time budget", flush=True)
            rc = max(rc, 3)
        print(flush=True)
    raise SystemExit(rc)


if __name__ == "__main__":
    main()
