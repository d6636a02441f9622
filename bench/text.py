"""Benchmark of the text engine: analyze throughput on one core, model load time and memory.

Run from the repository root: ``.venv/bin/python bench/text.py [--n 5000]``. Targets from
issue 3: >= 2,000 complaints/s/core for the linear model, model load < 2 s.
"""

from __future__ import annotations

import os

# One core: keep numpy/BLAS from spreading work over threads (set before numpy loads).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import resource  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from pathlib import Path  # noqa: E402

from tousu.text import ScenarioModel, analyze, analyze_many, build_default_model  # noqa: E402
from tousu.text.cli import ZH_EVAL, cfpb_path  # noqa: E402
from tousu.text.data import read_labelled  # noqa: E402


def _corpus(n: int) -> list[str]:
    texts = [r.text for r in read_labelled(ZH_EVAL)]
    if cfpb_path().is_file():  # long English narratives (~780 chars) make it harder
        import json

        texts += [row["input"] for row in json.loads(cfpb_path().read_text())[:200]]
    return [texts[i % len(texts)] for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=5000, help="complaints per timing run")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    start = time.perf_counter()
    model = build_default_model()
    print(f"cold-start model built from catalog: {time.perf_counter() - start:.2f} s")
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
    analyze_many(texts[:100], model=loaded)  # warm-up
    start = time.perf_counter()
    results = analyze_many(texts, model=loaded)
    batch_s = time.perf_counter() - start
    print(
        f"analyze_many: {len(results)} complaints (mean {mean_len:.0f} chars) in "
        f"{batch_s:.2f} s = {len(results) / batch_s:,.0f} complaints/s on one core"
    )
    single = texts[:1000]
    start = time.perf_counter()
    for text in single:
        analyze(text, model=loaded)
    one_s = time.perf_counter() - start
    print(f"analyze (one at a time): {len(single) / one_s:,.0f} complaints/s on one core")
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS {rss_mib:.0f} MiB")


if __name__ == "__main__":
    main()
