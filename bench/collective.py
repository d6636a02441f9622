"""Bench: batch-cluster N generated complaints (default 1,000,000); incremental latency.

    .venv/bin/python bench/collective.py [--n 1000000] [--incremental 20000]

Prints generation time (not part of the budget), batch clustering wall time, peak RSS of the
process (``ru_maxrss``, includes the generated documents themselves), quality of the run
against the generator's labels, and per-complaint latency of ``IncrementalIndex.add`` after
``--incremental`` complaints are indexed. Bounded: one pass, no retries, no timing asserts.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time

from tousu.collective import IncrementalIndex, cluster_detail
from tousu.collective.evalset import EvalSet, generate
from tousu.collective.metrics import evaluate


def peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--incremental", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    share = args.n / 1000
    start = time.perf_counter()
    s = generate(seed=args.seed, merchants=max(40, args.n // 25), incidents=int(60 * share),
                 singletons=int(1500 * share), proxies=int(30 * share), background=0,
                 recurrences=int(4 * share))
    # singletons that would collide with an incident are skipped, so ask for more and cut
    s = EvalSet(s.docs[: args.n], s.labels[: args.n], s.roles[: args.n])
    print(f"generated {len(s):,} complaints, {max(40, args.n // 25):,} merchants "
          f"in {time.perf_counter() - start:.1f} s; peak RSS {peak_gib():.2f} GiB")
    start = time.perf_counter()
    result = cluster_detail(s.docs, evidence=False)
    wall = time.perf_counter() - start
    sc = evaluate([g.ids for g in result.groups], s.labels)
    print(f"batch: {wall:.1f} s wall, peak RSS {peak_gib():.2f} GiB; "
          f"{result.candidate_pairs:,} candidate pairs, {result.verified_pairs:,} verified, "
          f"{len(result.groups):,} groups, {len(result.templates):,} template-like set aside")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
