"""``tousu integrity-eval``: run the integrity index over the labelled generated set.

Submissions arrive in time order. Each is indexed and assessed on arrival; when one is
flagged, the submissions its reasons point at are re-assessed (that is how the first
members of a campaign get flagged once the campaign becomes visible — the same thing the
Django side does). Reported: precision, recall and F1 of the final flags against the
agency labels, the same at arrival only, flag rates per construction group, how often each
signal fired, the confusion matrix and the misses.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from tousu.collective.fingerprint import Fingerprint, signatures

from .evalset import AGENCY_GROUPS, GENUINE_GROUPS, EvalSet, generate
from .signals import DEFAULT, Assessment, Config, IntegrityIndex


@dataclass
class Run:
    """Everything one pass produced, keyed by submission id (= position in the set)."""

    at_arrival: dict[int, Assessment] = field(default_factory=dict)
    final: dict[int, Assessment] = field(default_factory=dict)
    seconds: float = 0.0

    def flagged(self, arrival: bool = False) -> set[int]:
        """Ids flagged (at arrival only, or after re-assessment of related submissions)."""
        table = self.at_arrival if arrival else self.final
        return {i for i, a in table.items() if a.flagged}


def run(s: EvalSet, config: Config = DEFAULT) -> Run:
    """Index and assess in time order, re-assessing related submissions on every flag."""
    out = Run()
    index = IntegrityIndex(config=config)
    keep = timedelta(days=2 * config.window_days)
    pruned_at = s.subs[0].submitted_at if s.subs else None
    start = time.perf_counter()
    prints = signatures([sub.text for sub in s.subs])  # one vectorised pass, as imports do
    for sub, row in zip(s.subs, prints, strict=True):
        if pruned_at is not None and sub.submitted_at - pruned_at > keep:
            index.prune(sub.submitted_at - keep)
            pruned_at = sub.submitted_at
        index.add(sub, Fingerprint(row))
        a = index.assess(sub)
        out.at_arrival[sub.id] = a
        out.final[sub.id] = a
        if a.flagged:
            for rid, ra in index.reassess_related(a).items():
                if ra.flagged and not out.final[rid].flagged:
                    out.final[rid] = ra  # flags are never withdrawn automatically
    out.seconds = time.perf_counter() - start
    return out


def _prf(flagged: set[int], truth: set[int]) -> dict[str, float]:
    tp = len(flagged & truth)
    p = tp / len(flagged) if flagged else 1.0
    r = tp / len(truth) if truth else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def report(s: EvalSet, result: Run) -> dict:
    """The figures as a JSON-able dict."""
    truth = {i for i, a in enumerate(s.agency) if a}
    flagged = result.flagged()
    groups: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(s.groups):
        groups[g].append(i)
    per_group = {g: {"n": len(groups[g]),
                     "flagged": sum(1 for i in groups[g] if i in flagged),
                     "rate": round(sum(1 for i in groups[g] if i in flagged) / len(groups[g]), 4)
                     if groups[g] else 0.0}
                 for g in (*GENUINE_GROUPS, *AGENCY_GROUPS) if g in groups}
    fired: Counter[str] = Counter()
    fired_flagged: Counter[str] = Counter()
    for i, a in result.final.items():
        for code in set(a.codes):
            fired[code] += 1
            if i in flagged:
                fired_flagged[code] += 1
    signals = {c: {"fired": fired[c], "on_flagged": fired_flagged[c]} for c in sorted(fired)}
    tp, fp = len(flagged & truth), len(flagged - truth)
    fn = len(truth - flagged)
    tn = len(s) - tp - fp - fn

    def miss(i: int) -> dict:
        a = result.final[i]
        return {"id": i, "group": s.groups[i], "batch": s.batches[i], "score": a.score,
                "reasons": [f"{r.code}:{r.weight}" for r in a.reasons]}

    return {
        "n": len(s), "agency": len(truth), "genuine": len(s) - len(truth),
        **_prf(flagged, truth),
        "at_arrival": _prf(result.flagged(arrival=True), truth),
        "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
        "groups": per_group,
        "signals": signals,
        "false_positives": [miss(i) for i in sorted(flagged - truth)],
        "false_negatives": [miss(i) for i in sorted(truth - flagged)],
        "seconds": round(result.seconds, 3),
        "per_submission_ms": round(1000 * result.seconds / max(1, len(s)), 3),
    }


def _print(rep: dict, seed: int, gen_seconds: float) -> None:
    print(f"integrity eval (generated set, seed {seed}): {rep['n']} submissions, "
          f"{rep['agency']} agency / {rep['genuine']} genuine; generated in {gen_seconds:.2f} s")
    print(f"flags after re-assessing related: precision {rep['precision']:.3f}  "
          f"recall {rep['recall']:.3f}  F1 {rep['f1']:.3f}")
    a = rep["at_arrival"]
    print(f"flags at arrival only:            precision {a['precision']:.3f}  "
          f"recall {a['recall']:.3f}  F1 {a['f1']:.3f}")
    c = rep["confusion"]
    print("confusion:              flagged  not flagged")
    print(f"  agency  (truth)     {c['tp']:>9}  {c['fn']:>11}")
    print(f"  genuine (truth)     {c['fp']:>9}  {c['tn']:>11}")
    print("flag rate per group:")
    for g, row in rep["groups"].items():
        kind = "agency " if g in AGENCY_GROUPS else "genuine"
        print(f"  {kind} {g:<26}{row['flagged']:>5} / {row['n']:<5} {row['rate']:>7.1%}")
    print("signals (submissions with the reason / of them flagged):")
    for code, row in rep["signals"].items():
        print(f"  {code:<16}{row['fired']:>6}{row['on_flagged']:>7}")
    for title, key in (("false positives", "false_positives"),
                       ("false negatives", "false_negatives")):
        rows = rep[key]
        print(f"{title}: {len(rows)}")
        for m in rows[:20]:
            print(f"  #{m['id']} {m['group']} batch {m['batch']} score {m['score']:.2f} "
                  f"{' '.join(m['reasons']) or '-'}")
    print(f"time: {rep['seconds']:.2f} s for index+assess+re-assess "
          f"({rep['per_submission_ms']:.2f} ms a submission)")


def integrity_eval_main(argv: Sequence[str] | None = None) -> int:
    """Build the set, run it, print the figures; exit 1 if below ``--min-precision/recall``."""
    parser = argparse.ArgumentParser(prog="tousu integrity-eval", description=__doc__)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scale", type=int, default=1,
                        help="repeat every group N times (timing at 10,000+ submissions)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--min-precision", type=float, default=0.0)
    parser.add_argument("--min-recall", type=float, default=0.0)
    args = parser.parse_args(list(argv) if argv is not None else None)
    t0 = time.perf_counter()
    s = generate(seed=args.seed, scale=args.scale)
    gen_seconds = time.perf_counter() - t0
    rep = report(s, run(s))
    rep["seed"] = args.seed
    rep["generate_seconds"] = round(gen_seconds, 3)
    if args.json:
        print(json.dumps(rep, ensure_ascii=False, indent=2))
    else:
        _print(rep, args.seed, gen_seconds)
    ok = rep["precision"] >= args.min_precision and rep["recall"] >= args.min_recall
    return 0 if ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tousu.integrity.cli [...]``."""
    return integrity_eval_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
