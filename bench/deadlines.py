"""Deadline-sweep benchmark: N open complaints, then time ``tousu.complaints.sla.sweep``.

Generates N open complaints as weeks of intake leave them — submitted over the last 30
days, against committed and non-committed merchants, a few emergencies (most taken by a
person in minutes), most already answered by the merchant — with ``next_check_at`` set as
intake sets it (``next_check`` over ``sla.facts_of`` with no recorded steps, from the facts
at submission: nothing moves it afterwards but the sweep). Then times three sweeps:

  a. the first sweep at ``now``: every step that came due, never recorded (a backlog);
  a. the backlog, worked off by bounded sweeps (``--max-examined`` each, as the worker);
  b. the same sweep again, at the same ``now``: must record nothing (idempotent);
  c. a sweep 60 s later: the steady state, what the worker does every minute.

Rows are written in bulk, not through the ORM: each distinct text is encrypted once and its
ciphertext reused (SQLite: executemany, PostgreSQL: COPY). Staff and merchant agents have
e-mail addresses, so pages really go through the mail backend (files in the data dir).

    .venv/bin/python bench/deadlines.py                       # SQLite, 1,000,000 complaints
    .venv/bin/python bench/deadlines.py --db postgresql -n 200000
    .venv/bin/python bench/deadlines.py --db both
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from common import stop_postgres, use_database

ROOT = Path(__file__).resolve().parents[1]
HOUR = 3600.0
DAY = 24 * HOUR

#: Every column of the complaint table but ``id``, in the order rows are built.
COLUMNS = (
    "ref", "consumer_id", "merchant_id", "title", "title_original", "narrative",
    "narrative_masked", "amount", "currency", "demands", "channel", "scenario",
    "scenario_confidence", "scenario_source", "scenario_top_k", "route", "route_reasons",
    "emergency", "emergency_reasons", "emergency_due_at", "human_at", "human_by_id",
    "next_check_at", "visibility", "state", "state_reason", "personal_data_removed_at",
    "idempotency_scope", "idempotency_key", "request_fingerprint", "source_hash",
    "submitted_by_id",
    "consent_at", "submitted_at", "accepted_at", "forwarded_at", "first_response_at",
    "resolved_at", "closed_at", "response_due_at", "resolution_due_at", "deadline_source",
    "updated_at",
)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Template:
    """One complaint's text and analysis, encrypted and serialized once, reused many times."""

    industry: str
    scenario: str
    confidence: float
    top_k: str
    route: str
    route_reasons: str
    emergency: bool
    emergency_reasons: str
    title: str
    title_ct: str
    narrative_ct: str
    narrative_masked: str
    amount: Decimal
    demands: str
    channel: str


class AtIntake:
    """What ``sla.facts_of`` reads, as a complaint looks the moment it is submitted."""

    __slots__ = ("emergency", "emergency_due_at", "resolution_due_at", "response_due_at")
    state = "submitted"
    first_response_at = None
    human_at = None

    def __init__(self, response_due_at, resolution_due_at, emergency, emergency_due_at):
        self.response_due_at = response_due_at
        self.resolution_due_at = resolution_due_at
        self.emergency = emergency
        self.emergency_due_at = emergency_due_at


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
    import django

    django.setup()


def make_people(rng: random.Random, now: datetime, merchants: int, consumers: int):
    """Merchants (about a third committed), their agents, staff, and shared consumers."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from tousu.accounts.models import User
    from tousu.complaints.models import Consumer
    from tousu.core.roles import Role
    from tousu.demo.corpus import generate
    from tousu.merchants.models import Merchant
    from tousu.privacy import blind_index
    from tousu.secure.keys import index_key

    data = generate(seed=2026, complaints=400)
    password = make_password(None)  # unusable: nobody logs in
    base = data.merchants
    rows = []
    for k in range(merchants):
        m = base[k % len(base)]
        name = m.name if k < len(base) else f"{m.name}（{k // len(base) + 1}号店）"
        committed = m.committed if k < len(base) else rng.random() < 0.35
        rows.append(Merchant(name=name, industry=m.industry, description=m.description,
                             commitment_signed_at=now - timedelta(days=400) if committed else None))
    with transaction.atomic():
        made = Merchant.objects.bulk_create(rows)
        moderators = User.objects.bulk_create([
            User(username=f"moderator{i}", role=Role.MODERATOR.value, password=password,
                 email=f"moderator{i}@example.cn", is_staff=True) for i in (1, 2)])
        User.objects.create(username="mediator", role=Role.MEDIATOR.value, password=password,
                            email="mediator@example.cn")
        User.objects.bulk_create([
            User(username=f"agent{m.pk}", role=Role.MERCHANT_AGENT.value, password=password,
                 merchant=m, email=f"agent{m.pk}@merchant.example.cn") for m in made])
        people = []
        key = index_key()
        for i in range(consumers):
            person = data.consumers[i % len(data.consumers)]
            phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
            people.append(Consumer(name=person.name, phone=phone, email=person.email or "",
                                   phone_index=blind_index(phone, key, kind="phone")))
        consumer_ids = [c.pk for c in Consumer.objects.bulk_create(people, batch_size=2000)]
    if None in consumer_ids:  # backends that cannot return ids from a bulk insert
        consumer_ids = list(Consumer.objects.values_list("pk", flat=True))
    return data, made, moderators[0].pk, consumer_ids


def make_templates(data) -> list[Template]:
    """The demo corpus's complaints, analysed by the text engine as intake would."""
    from tousu.complaints.analysis import analyze_batch
    from tousu.complaints.models import Complaint
    from tousu.secure.exposure import mask

    industry = {m.name: m.industry for m in data.merchants}
    items = [(c.title, c.narrative, industry[c.merchant], c.amount) for c in data.complaints]
    field = Complaint._meta.get_field("narrative")  # every encrypted field encrypts alike
    out = []
    for c, a in zip(data.complaints, analyze_batch(items), strict=True):
        out.append(Template(
            industry=industry[c.merchant], scenario=a.scenario, confidence=round(a.confidence, 4),
            top_k=json.dumps([[code, round(p, 4)] for code, p in a.top_k]),
            route=a.route, route_reasons=json.dumps(list(a.route_reasons), ensure_ascii=False),
            emergency=a.emergency,
            emergency_reasons=json.dumps(list(a.emergency_reasons), ensure_ascii=False),
            title=mask(c.title)[:200], title_ct=field.get_prep_value(c.title),
            narrative_ct=field.get_prep_value(c.narrative), narrative_masked=mask(c.narrative),
            amount=c.amount, demands=json.dumps(list(dict.fromkeys(c.demands))),
            channel="web" if c.channel == "import" else c.channel,
        ))
    return out


def generate(n: int, now: datetime, *, seed: int, merchants: int, consumers: int,
             emergency_share: float, batch: int, budget: float, span_days: int = 30) -> dict:
    """Write N complaints submitted over the last ``span_days``; returns counts. Stops
    early when ``budget`` seconds pass. (bench/public.py reuses it over a year.)"""
    from django.conf import settings
    from django.db import connection, transaction

    from tousu.complaints import sla
    from tousu.complaints.analysis import scenario as playbook
    from tousu.complaints.models import Complaint
    from tousu.core.deadlines import due_times, policy_for
    from tousu.core.escalation import next_check

    started = time.perf_counter()
    rng = random.Random(seed)
    data, merchant_rows, moderator_id, consumer_ids = make_people(rng, now, merchants, consumers)
    templates = make_templates(data)
    field = Complaint._meta.get_field("narrative")
    reply_ct = field.get_prep_value("您好，已收到您的投诉，我们正在核实处理，请保持电话畅通。")
    dispute_ct = field.get_prep_value("商家的处理方案我不接受，要求平台介入。")
    emergencies = [t for t in templates if t.emergency]
    ordinary: dict[str, list[Template]] = {}
    for t in templates:
        if not t.emergency:
            ordinary.setdefault(t.industry, []).append(t)
    every_ordinary = [t for ts in ordinary.values() for t in ts]
    pools = [ordinary.get(m.industry, every_ordinary) for m in merchant_rows]
    merchant_ids = [m.pk for m in merchant_rows]
    committed = [m.commitment_signed_at is not None for m in merchant_rows]
    weights = [1 / (k + 1) ** 0.8 for k in range(len(merchant_rows))]  # a few big merchants

    cal = sla.calendar()
    target = sla.emergency_target()
    policies: dict[tuple[bool, str], object] = {}

    def policy(is_committed: bool, code: str):
        key = (is_committed, code)
        if key not in policies:
            book = playbook(code)
            policies[key] = policy_for(
                committed=is_committed,
                default_response_hours=settings.TOUSU_DEFAULT_RESPONSE_HOURS,
                default_resolution_days=settings.TOUSU_DEFAULT_RESOLUTION_DAYS,
                scenario_resolution_days=book.default_deadline_days if book else None)
        return policies[key]

    sqlite = connection.vendor == "sqlite"
    if sqlite:
        # What Django's SQLite backend stores: naive UTC text (checked below on one value).
        def ts(d):
            return None if d is None else d.replace(tzinfo=None).isoformat(" ")

        probe = now.replace(microsecond=123456)
        assert ts(probe) == connection.ops.adapt_datetimefield_value(probe), "datetime format"
        money = str
    else:
        def ts(d):
            return d

        def money(a):
            return a

    table = connection.ops.quote_name(Complaint._meta.db_table)
    expected = {f.column for f in Complaint._meta.concrete_fields if not f.primary_key}
    assert expected == set(COLUMNS), f"the complaint table changed: {expected ^ set(COLUMNS)}"
    cols = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)

    def write(rows: list[tuple]) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            if sqlite:
                cursor.executemany(
                    f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(COLUMNS))})",
                    rows)
            else:
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)

    states: dict[str, int] = {}
    answered = emergency = taken = due_now = 0
    span = span_days * DAY
    written = 0
    stamp = now.strftime("%y%m%d")
    rows: list[tuple] = []
    lognorm, expo, rand = rng.lognormvariate, rng.expovariate, rng.random
    while written < n:
        size = min(batch, n - written)
        picks = rng.choices(range(len(merchant_ids)), weights=weights, k=size)
        for j, m in enumerate(picks):
            i = written + j
            submitted = now - timedelta(seconds=rand() * span)
            is_committed = committed[m]
            urgent = rand() < emergency_share
            t = rng.choice(emergencies if urgent else pools[m])
            rule = policy(is_committed, t.scenario)
            due = due_times(submitted, rule, None if t.emergency else cal)
            emergency_due = submitted + target if t.emergency else None
            check = next_check(sla.facts_of(
                AtIntake(due.response_due_at, due.resolution_due_at, t.emergency, emergency_due),
                frozenset()))
            human_at = human_by = None
            if t.emergency:
                emergency += 1
                # Most are taken within the 10-minute target, some later, a few never.
                wait = timedelta(seconds=lognorm(math.log(360), 0.6))
                if rand() > 0.03 and submitted + wait <= now:
                    human_at, human_by = submitted + wait, moderator_id
                    taken += 1
            # Confident common cases are forwarded on intake (the funnel); others wait for
            # a moderator to accept and forward them.
            if t.route == "auto":
                accepted_at = forwarded_at = submitted
            else:
                accepted_at = submitted + timedelta(seconds=expo(1 / (1.5 * HOUR)))
                forwarded_at = accepted_at + timedelta(seconds=expo(1 / HOUR))
            # Merchants answer after a while, committed ones sooner and more often.
            replies = rand() < (0.95 if is_committed else 0.85)
            reply_at = forwarded_at + timedelta(
                seconds=lognorm(math.log(rule.response_hours * HOUR * 0.35), 0.8))
            first_response = resolved_at = None
            reason = ""
            if accepted_at > now:
                state, accepted_at, forwarded_at = "submitted", None, None
            elif forwarded_at > now:
                state, forwarded_at = "accepted", None
            elif not replies or reply_at > now:
                state = "with_merchant"
            else:
                first_response, reason = reply_at, reply_ct
                answered += 1
                verdict = reply_at + timedelta(seconds=expo(1 / (1.5 * DAY)))
                u = rand()
                if verdict > now or u > 0.55:
                    state = "merchant_replied"
                elif u < 0.3:
                    state, resolved_at, reason = "resolved", verdict, ""
                else:
                    state, reason = "unresolved", dispute_ct
            states[state] = states.get(state, 0) + 1
            if check is not None and check <= now:
                due_now += 1
            updated = resolved_at or first_response or forwarded_at or accepted_at or submitted
            visibility = "private" if is_committed else "public"
            rows.append((
                f"TS{stamp}{i:08X}", consumer_ids[int(rand() * len(consumer_ids))],
                merchant_ids[m], t.title, t.title_ct, t.narrative_ct, t.narrative_masked,
                money(t.amount), "CNY", t.demands, t.channel, t.scenario, t.confidence, "model",
                t.top_k, t.route, t.route_reasons, t.emergency, t.emergency_reasons,
                ts(emergency_due), ts(human_at), human_by, ts(check), visibility, state, reason,
                None, "bench", None, "", "", None, ts(submitted), ts(submitted), ts(accepted_at),
                ts(forwarded_at), ts(first_response), ts(resolved_at), None,
                ts(due.response_due_at), ts(due.resolution_due_at), due.source, ts(updated),
            ))
        write(rows)
        rows.clear()
        written += size
        elapsed = time.perf_counter() - started
        if written % max(batch, 100_000) < batch or written == n:
            log(f"  generated {written:,} complaints in {elapsed:.0f} s "
                f"({written / elapsed:,.0f}/s, peak RSS {peak_mb():.0f} MB)")
        if elapsed > budget and written < n:
            log(f"  generation budget of {budget:.0f} s spent: stopping at {written:,}")
            break
    if not sqlite:
        with connection.cursor() as cursor:  # as autovacuum would, soon after a bulk load
            cursor.execute(f"ANALYZE {table}")
    return {"written": written, "seconds": time.perf_counter() - started, "states": states,
            "answered": answered, "emergency": emergency, "taken": taken, "due_now": due_now,
            "committed_merchants": sum(committed), "merchants": len(merchant_ids),
            "consumers": len(consumer_ids)}


MAX_EXAMINED = [50_000]  # per sweep, as the worker runs it; --max-examined changes it


def sweep_once(label: str, now: datetime, chunk: int) -> dict:
    from tousu.complaints import sla
    from tousu.complaints.models import Escalation

    paging = [0.0]
    deliver = sla.deliver_pages

    def timed_deliver(*a, **kw):  # the real one, timed: how much of a sweep is paging
        t0 = time.perf_counter()
        try:
            return deliver(*a, **kw)
        finally:
            paging[0] += time.perf_counter() - t0

    before = Escalation.objects.count()
    sla.deliver_pages = timed_deliver
    started = time.perf_counter()
    try:
        report = sla.sweep(now, chunk=chunk, max_examined=MAX_EXAMINED[0])
    finally:
        seconds = time.perf_counter() - started
        sla.deliver_pages = deliver
    after = Escalation.objects.count()
    pending = Escalation.objects.filter(notified_at__isnull=True).count()
    print(f"  sweep {label}: {seconds:8.2f} s (paging {paging[0]:.2f} s)  examined {report.examined:>9,}  "
          f"escalations recorded {report.escalated:>9,} (rows added {after - before:,})  "
          f"pages delivered {report.paged:,} (still undelivered {pending:,})  "
          f"peak RSS {peak_mb():.0f} MB", flush=True)
    return {"seconds": seconds, "paging": paging[0], "examined": report.examined, "escalated": report.escalated,
            "added": after - before, "paged": report.paged, "pending": pending}


def explain(now: datetime) -> str:
    from tousu.complaints.models import Complaint

    qs = (Complaint.objects.filter(next_check_at__lte=now)
          .order_by("next_check_at", "pk").only("pk", "next_check_at")[:2000])
    return qs.explain()


def run(args: argparse.Namespace) -> int:
    """One database: set up, generate, sweep three times, print. Returns the exit status."""
    MAX_EXAMINED[0] = args.max_examined
    data_dir = tempfile.mkdtemp(prefix="tousu-bench-deadlines-")
    env = {"TOUSU_DATA_DIR": data_dir}
    pg_dir = None
    status = 1

    def too_long(signum, frame):
        raise TimeoutError(f"benchmark exceeded --max-seconds={args.max_seconds}")

    signal.signal(signal.SIGALRM, too_long)
    signal.alarm(int(args.max_seconds))
    try:
        pg_dir = use_database(args.db, env)
        setup_django(env)
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", interactive=False, verbosity=0)
        # A whole second: the sweep's "now" and the generated clock agree to the digit.
        now = datetime.now(UTC).replace(microsecond=0)
        print(f"tousu deadline-sweep benchmark — {connection.vendor} "
              f"{connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''}"
              f"{connection.pg_version if connection.vendor == 'postgresql' else ''}, "
              f"{os.cpu_count()} cores, chunk {args.chunk}, now {now:%Y-%m-%d %H:%M:%S} UTC",
              flush=True)
        g = generate(args.n, now, seed=args.seed, merchants=args.merchants,
                     consumers=args.consumers, emergency_share=args.emergency_share,
                     batch=args.batch, budget=args.gen_seconds)
        n = g["written"]
        share = ", ".join(f"{s} {c / n:.0%}" for s, c in sorted(g["states"].items(),
                                                                key=lambda x: -x[1]))
        print(f"  generated {n:,} open complaints in {g['seconds']:.1f} s "
              f"({n / g['seconds']:,.0f}/s): {g['merchants']} merchants "
              f"({g['committed_merchants']} committed), {g['consumers']:,} consumers; "
              f"answered {g['answered'] / n:.0%}; emergencies {g['emergency']:,} "
              f"({g['taken']:,} taken); next_check_at already due: {g['due_now']:,}",
              flush=True)
        print(f"  states: {share}", flush=True)
        if connection.vendor == "sqlite":
            size = sum(p.stat().st_size for p in Path(data_dir).glob("tousu.sqlite3*"))
            print(f"  database file: {size / 2**20:,.0f} MiB", flush=True)
        if args.explain:
            print("  plan of the sweep's select:\n    "
                  + explain(now).replace("\n", "\n    "), flush=True)
        # a: the backlog, worked off as the worker does, one bounded sweep after another.
        backlog = []
        while True:
            a = sweep_once(f"a{len(backlog) + 1} (backlog, at now)", now, args.chunk)
            if a["examined"] == 0:
                break
            backlog.append(a)
        b = sweep_once("b (again, same now)", now, args.chunk)
        c = sweep_once("c (steady, now+60s)", now + timedelta(seconds=60), args.chunk)
        ok = b["escalated"] == 0 and b["added"] == 0 and all(
            x["escalated"] == x["added"] for x in [*backlog, b, c])
        print(f"  idempotent: sweep b recorded {b['escalated']} escalations, added "
              f"{b['added']} rows; every sweep's count equals rows added: "
              f"{'OK' if ok else 'FAIL'}", flush=True)
        target = 10.0
        worst = max([x["seconds"] for x in backlog] + [b["seconds"], c["seconds"]])
        total = sum(x["seconds"] for x in backlog)
        print(f"  backlog: {len(backlog)} sweeps, {total:.1f} s in all; slowest sweep "
              f"{worst:.2f} s; steady-state sweep {c['seconds']:.2f} s "
              f"(target < {target:.0f} s on SQLite)", flush=True)
        status = 0 if ok else 1
    finally:
        signal.alarm(0)
        if pg_dir:
            from django.db import connections

            connections.close_all()
            stop_postgres(pg_dir)
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
        else:
            print(f"  kept {data_dir}", flush=True)
    return status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("-n", "--n", type=int, default=1_000_000, help="open complaints")
    parser.add_argument("--chunk", type=int, default=2000, help="the sweep's chunk size")
    parser.add_argument("--max-examined", type=int, default=50_000,
                        help="complaints one sweep examines at most (the worker's default)")
    parser.add_argument("--merchants", type=int, default=100)
    parser.add_argument("--consumers", type=int, default=10_000)
    parser.add_argument("--emergency-share", type=float, default=0.02)
    parser.add_argument("--batch", type=int, default=20_000, help="rows per insert batch")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--gen-seconds", type=float, default=1200,
                        help="stop generating after this long and sweep what was written")
    parser.add_argument("--max-seconds", type=float, default=3600,
                        help="abort a database's run (and clean up) after this long")
    parser.add_argument("--explain", action="store_true", help="print the select's plan")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args()
    if args.db != "both":
        sys.exit(run(args))
    # One process per database: Django's settings are read once per process.
    status = 0
    for db in ("sqlite", "postgresql"):
        argv, skip = [], False
        for arg in sys.argv[1:]:
            if skip or arg.startswith("--db"):
                skip = arg == "--db" and not skip
                continue
            argv.append(arg)
        status |= subprocess.run([sys.executable, __file__, *argv, "--db", db], check=False).returncode
    sys.exit(status)


if __name__ == "__main__":
    main()
