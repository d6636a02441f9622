"""Benchmark of the text engine: single-call and batch throughput on one core, load, memory.

Run from the repository root: ``.venv/bin/python bench/text.py [--n 5000] [--classifier lr]``.
Targets from issue 3: >= 2,000 complaints/s/core for the linear model, model load < 2 s.
Intake calls ``analyze`` once per submitted complaint, so the single-call figure (and its
per-call latency) is the one that matters on the request path.
"""

from __future__ import annotations

import os

# One core: keep numpy/BLAS from spreading work over threads (set before numpy loads).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from pathlib import Path  # noqa: E402

from tousu.text import (  # noqa: E402
    ModelConfig,
    ScenarioModel,
    analyze,
    analyze_many,
    build_default_model,
)
from tousu.text.cli import ZH_EVAL, cfpb_path  # noqa: E402
from tousu.text.data import read_labelled  # noqa: E402
from tousu.text.model import CLASSIFIERS  # noqa: E402


def _corpus(n: int) -> list[str]:
    texts = [r.text for r in read_labelled(ZH_EVAL)]
    if cfpb_path().is_file():  # long English narratives (~780 chars) make it harder
        import json

        texts += [row["input"] for row in json.loads(cfpb_path().read_text())[:200]]
    return [texts[i % len(texts)] for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=5000, help="complaints per timing run")
    parser.add_argument("--classifier", choices=CLASSIFIERS, default=ModelConfig.classifier)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    start = time.perf_counter()
    model = build_default_model(config=ModelConfig(classifier=args.classifier))
    print(
        f"cold-start model ({args.classifier}) built from catalog: "
        f"{time.perf_counter() - start:.2f} s"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = model.save(Path(tmp) / "scenario.joblib")
        size_kib = path.stat().st_size / 1024
        tracemalloc.start()
        start = time.perf_counter()
        loaded = ScenarioModel.load(path)
        load_s = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(
        f"model file {size_kib:.0f} KiB; load {load_s * 1000:.0f} ms; "
        f"peak Python allocations while loading {peak / 2**20:.1f} MiB"
    )

    texts = _corpus(args.n)
    mean_len = sum(map(len, texts)) / len(texts)
    for text in texts[:200]:  # warm-up (first-use costs: regex caches, page faults)
        analyze(text, model=loaded)

    latencies = []
    start = time.perf_counter()
    for text in texts:
        t0 = time.perf_counter()
        analyze(text, model=loaded)
        latencies.append(time.perf_counter() - t0)
    one_s = time.perf_counter() - start
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99)]
    print(
        f"analyze (one call per complaint): {len(texts) / one_s:,.0f} complaints/s on one core; "
        f"latency median {statistics.median(latencies) * 1000:.2f} ms, "
        f"p99 {p99 * 1000:.2f} ms (mean {mean_len:.0f} chars)"
    )
    start = time.perf_counter()
    results = analyze_many(texts, model=loaded)
    batch_s = time.perf_counter() - start
    print(f"analyze_many: {len(results) / batch_s:,.0f} complaints/s on one core")
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS {rss_mib:.0f} MiB")


if __name__ == "__main__":
    main()
