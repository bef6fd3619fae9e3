#!/usr/bin/env python3
"""Summary of one perf/build-vs-og.sh run: per side the median wall, CPU
(user + sys) and units compiled over the rounds; ours/og of the medians and
per round; the A/A ratio ours2/ours (1.00 = no noise).

Usage: build_summary.py target/perf-results/build-vs-og.jsonl RUN_ID
"""
import json
import statistics
import sys


def main():
    path, run = sys.argv[1], sys.argv[2]
    rows = [json.loads(l) for l in open(path) if l.strip()]
    rows = [r for r in rows if r.get("run") == run]
    by = {}
    for r in rows:
        by.setdefault(r["label"], []).append(r)
    med = {}
    print(f"run {run}: {len(rows)} builds")
    print(f"{'side':>6} {'wall s (each)':>26} {'median':>7} {'cpu s':>7} {'units':>5} {'load':>10}")
    for label in ("ours", "og", "ours2"):
        rs = sorted(by.get(label, []), key=lambda r: r["round"])
        if not rs:
            continue
        walls = [r["wall"] for r in rs]
        cpus = [r["user"] + r["sys"] for r in rs]
        loads = [r["load_before"] for r in rs]
        med[label] = statistics.median(walls)
        print(f"{label:>6} {' '.join(f'{w:6.1f}' for w in walls):>26} {med[label]:7.1f} "
              f"{statistics.median(cpus):7.1f} {rs[0]['units']:5d} "
              f"{min(loads):4.1f}-{max(loads):4.1f}")
    if "ours" in med and "og" in med:
        per_round = []
        for rnd in sorted({r["round"] for r in rows}):
            w = {r["label"]: r["wall"] for r in rows if r["round"] == rnd}
            if "ours" in w and "og" in w:
                per_round.append(w["ours"] / w["og"])
        print(f"ours/og (medians): {med['ours'] / med['og']:.3f}   per round: "
              + ", ".join(f"{x:.3f}" for x in per_round))
        if "ours2" in med:
            print(f"ours2/og: {med['ours2'] / med['og']:.3f}   "
                  f"A/A ours2/ours: {med['ours2'] / med['ours']:.3f}")


if __name__ == "__main__":
    main()
