"""Bench: batch-cluster N generated complaints (default 1,000,000); incremental latency.

    .venv/bin/python bench/collective.py [--n 1000000] [--incremental 20000]

Target: 1,000,000 complaints in under 2 minutes wall and 4 GiB peak RSS on the 2-core box.

Prints, in order:

* the machine's load average (1/5/15 min) before and after: other jobs on the 2 cores slow
  the wall time down, and ``cpu`` (this process's CPU seconds) shows by how much;
* generation time (not part of the budget) and the resident memory the generated documents
  take (``Doc`` objects with their full complaint text, as an import would hold them);
* batch clustering wall and CPU time, per-phase wall time (``ClusterResult.seconds``), peak
  RSS of the process (``ru_maxrss``, documents included) and the part clustering adds on top
  of the documents (peak RSS during clustering minus RSS before it; the kernel's peak is reset
  first where ``/proc/self/clear_refs`` allows, otherwise the increase is over the generation
  peak and may read low);
* quality of the run against the generator's labels (pairwise P/R/F1, purity);
* per-complaint latency of ``IncrementalIndex.add`` after ``--incremental`` complaints.

Bounded: one pass, no retries, no timing asserts.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

from tousu.collective import IncrementalIndex, cluster_detail
from tousu.collective.evalset import EvalSet, generate
from tousu.collective.metrics import evaluate

GIB = 1024**3


def peak_gib() -> float:
    """Peak RSS of this process (``ru_maxrss`` is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / GIB


def _status_gib(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024 / GIB
    except OSError:
        pass
    return None


def rss_gib() -> float:
    """Current RSS (falls back to the peak where /proc is missing)."""
    now = _status_gib("VmRSS")
    return peak_gib() if now is None else now


def reset_peak() -> bool:
    """Reset the kernel's RSS high-water mark (VmHWM), so the next peak is clustering's own."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--incremental", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    print(f"load average before: {load()} ({os.cpu_count()} CPUs)")
    share = args.n / 1000
    merchants = max(40, args.n // 25)
    start = time.perf_counter()
    s = generate(seed=args.seed, merchants=merchants, incidents=int(60 * share),
                 singletons=int(1500 * share), proxies=int(30 * share), background=0,
                 recurrences=int(4 * share))
    # singletons that would collide with an incident are skipped, so ask for more and cut
    s = EvalSet(s.docs[: args.n], s.labels[: args.n], s.roles[: args.n])
    docs_gib = rss_gib()
    print(f"generated {len(s):,} complaints, {merchants:,} merchants "
          f"in {time.perf_counter() - start:.1f} s; RSS with the documents {docs_gib:.2f} GiB "
          f"(generation peak {peak_gib():.2f} GiB)")
    exact = reset_peak()
    before = rss_gib()
    start, cpu = time.perf_counter(), time.process_time()
    result = cluster_detail(s.docs, evidence=False)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    during = _status_gib("VmHWM") if exact else None
    added = (during if during is not None else peak_gib()) - before
    phases = ", ".join(f"{k} {v:.1f}" for k, v in result.seconds.items())
    print(f"batch: {wall:.1f} s wall ({cpu:.1f} s CPU; {phases}), peak RSS {peak_gib():.2f} GiB "
          f"= documents {before:.2f} + clustering {added:.2f}"
          f"{'' if exact else ' (over the generation peak)'}")
    print(f"batch: {result.candidate_pairs:,} pairs scored, {result.verified_pairs:,} kept, "
          f"{len(result.groups):,} groups, {len(result.templates):,} template-like set aside")
    sc = evaluate([g.ids for g in result.groups], s.labels)
    print(f"batch quality vs labels: P {sc.precision:.3f} R {sc.recall:.3f} F1 {sc.f1:.3f} "
          f"purity {sc.purity:.3f}")
    index = IncrementalIndex()
    lat: list[float] = []
    docs = s.docs[: args.incremental]
    for d in docs:
        t0 = time.perf_counter()
        index.add(d)
        lat.append(time.perf_counter() - t0)
    tail = sorted(lat[len(lat) // 2 :])
    print(f"incremental: {len(docs):,} adds, latency over the last half: mean "
          f"{statistics.fmean(tail) * 1e3:.2f} ms, p50 {tail[len(tail) // 2] * 1e3:.2f} ms, "
          f"p99 {tail[int(len(tail) * 0.99)] * 1e3:.2f} ms")
    print(f"load average after: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
