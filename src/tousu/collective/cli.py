"""``tousu collective-eval`` / ``python -m tousu.collective eval``: the labelled evaluation.

Tunes the score threshold for pairwise F1 on the validation part and reports precision,
recall, F1 and purity on the separate test part (another seed, the other half of the CFPB
background), in batch mode and in incremental mode.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from collections.abc import Sequence

from .batch import cluster_detail
from .evalset import EvalSet, generate
from .incremental import IncrementalIndex
from .metrics import Scores, evaluate
from .model import DEFAULT, Config

GRID = (0.12, 0.14, 0.16, 0.18, 0.20, 0.22, 0.24, 0.26, 0.28, 0.30)


def _batch(s: EvalSet, config: Config) -> Scores:
    groups = cluster_detail(s.docs, config, evidence=False).groups
    return evaluate([g.ids for g in groups], s.labels, config.min_size)


def _incremental(s: EvalSet, config: Config) -> Scores:
    index = IncrementalIndex(config)
    for d in s.docs:  # arrival order
        index.add(d)
    return evaluate([g.ids for g in index.groups(evidence=False)], s.labels, config.min_size)


def _row(name: str, sc: Scores) -> str:
    return (f"{name:<26}{sc.precision:>10.3f}{sc.recall:>8.3f}{sc.f1:>8.3f}{sc.purity:>8.3f}"
            f"{sc.predicted_groups:>7}{sc.true_groups:>7}")


def collective_eval_main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation; exit status 1 if test pairwise F1 is below ``--min-f1``."""
    parser = argparse.ArgumentParser(prog="tousu collective-eval", description=__doc__)
    parser.add_argument("--val-seed", type=int, default=11)
    parser.add_argument("--test-seed", type=int, default=12)
    parser.add_argument("--merchants", type=int, default=40)
    parser.add_argument("--incidents", type=int, default=30)
    parser.add_argument("--no-tune", action="store_true", help="use the default threshold")
    parser.add_argument("--min-f1", type=float, default=0.0)
    args = parser.parse_args(list(argv) if argv is not None else None)
    kw = {"merchants": args.merchants, "incidents": args.incidents}
    val = generate(seed=args.val_seed, cfpb_part=(0, 2), **kw)
    test = generate(seed=args.test_seed, cfpb_part=(1, 2), **kw)
    print(f"validation: {len(val)} complaints, test: {len(test)} complaints "
          f"(seeds {args.val_seed}/{args.test_seed})")
    header = (f"{'':<26}{'precision':>10}{'recall':>8}{'F1':>8}{'purity':>8}"
              f"{'groups':>7}{'true':>7}")
    config = DEFAULT
    if not args.no_tune:
        print("tuning threshold on validation (batch mode):")
        print(header)
        best = None
        for th in GRID:
            cfg = dataclasses.replace(DEFAULT, threshold=th)
            sc = _batch(val, cfg)
            print(_row(f"  threshold {th:.2f}", sc))
            if best is None or sc.f1 > best[0] + 1e-9:
                best = (sc.f1, cfg)
        assert best is not None
        config = best[1]
    print(f"test part, threshold {config.threshold:.2f}, window {config.window_days:g} days, "
          f"min size {config.min_size}:")
    print(header)
    start = time.perf_counter()
    batch = _batch(test, config)
    t_batch = time.perf_counter() - start
    print(_row(f"  batch ({t_batch:.2f} s)", batch))
    start = time.perf_counter()
    inc = _incremental(test, config)
    t_inc = time.perf_counter() - start
    print(_row(f"  incremental ({t_inc:.2f} s)", inc))
    return 0 if batch.f1 >= args.min_f1 else 1


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tousu.collective eval [...]``."""
    import sys

    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] != "eval":
        print("usage: python -m tousu.collective eval [--no-tune] [--min-f1 F] ...")
        return 2
    return collective_eval_main(argv[1:])
