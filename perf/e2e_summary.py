#!/usr/bin/env python3
"""Across the rounds of one perf/cancel-e2e.sh run: each function's ratio to
raw_reqwest_typed per round and the median of those ratios.

Usage: e2e_summary.py target/perf-results/cancel-e2e.jsonl RUN_ID GROUP
"""
import json
import statistics
import sys


def main():
    path, run, group = sys.argv[1:4]
    rows = [json.loads(l) for l in open(path) if l.strip()]
    rows = [r for r in rows if r["run"] == run and r["group"] == group]
    by = {}
    for r in rows:
        by.setdefault(r["function"], []).append(r)
    print(f"{group}, run {run}: ratio to raw_reqwest_typed per round, median")
    for function, rs in sorted(by.items()):
        ratios = [r["ratio"] for r in sorted(rs, key=lambda r: r["round"])]
        print(f"  {function:>28}: " + ", ".join(f"{x:.3f}" for x in ratios)
              + f"   median {statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
