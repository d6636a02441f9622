"""Redaction throughput on one core, over the committed PII test set.

Why: redaction runs on every public page, export and log line, so its cost per complaint
decides whether it can be done on the fly or must be precomputed. Prints texts/s and
MB/s (UTF-8) for ``redact``, and for comparison the jieba name detector if installed.

Run: python bench/privacy.py [--seconds 3] [--names rule|jieba|none]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tousu.privacy import redact  # noqa: E402

TESTSET = ROOT / "tests" / "privacy" / "data" / "pii_testset.jsonl"


def bench(texts: list[str], seconds: float, names: str) -> tuple[int, float, int]:
    """Redact the texts round-robin for at least ``seconds``; returns (texts, elapsed, bytes)."""
    sizes = [len(t.encode("utf-8")) for t in texts]
    for t in texts[:50]:  # warm-up: compile regexes, load optional models
        redact(t, names=names)
    done = nbytes = 0
    start = time.perf_counter()
    while True:
        for t, size in zip(texts, sizes, strict=True):
            redact(t, names=names)
            nbytes += size
        done += len(texts)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done, elapsed, nbytes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--names", choices=["rule", "jieba", "none"], default="rule")
    args = ap.parse_args(argv)
    texts = [json.loads(line)["text"] for line in TESTSET.open(encoding="utf-8")]
    avg = sum(len(t) for t in texts) / len(texts)
    done, elapsed, nbytes = bench(texts, args.seconds, args.names)
    print(
        f"redact(names={args.names}): {done} texts in {elapsed:.2f}s on one core: "
        f"{done / elapsed:,.0f} texts/s, {nbytes / elapsed / 1e6:.2f} MB/s "
        f"(avg {avg:.0f} chars/text, {elapsed / done * 1e6:.0f} us/text)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
