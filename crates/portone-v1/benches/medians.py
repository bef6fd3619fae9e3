#!/usr/bin/env python3
"""Prints criterion medians (and MB/s, and ratios to a baseline) as a table.

Usage: medians.py <criterion dir> <group> <baseline function>
e.g.   medians.py target/criterion decode_cancel_response value

Reads <dir>/<group>/<function>/<parameter>/new/{estimates,benchmark}.json,
which criterion writes after every run, so the figures quoted in
BENCHMARKS.md are medians, not the mean criterion prints.
"""
import json
import os
import sys


def main():
    root, group, baseline = sys.argv[1], sys.argv[2], sys.argv[3]
    rows = {}
    for dirpath, _, files in os.walk(os.path.join(root, group)):
        if os.path.basename(dirpath) != "new" or "estimates.json" not in files:
            continue
        with open(os.path.join(dirpath, "estimates.json")) as f:
            median_ns = json.load(f)["median"]["point_estimate"]
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            bench = json.load(f)
        function = bench.get("function_id") or ""
        param = bench.get("value_str") or ""
        throughput = bench.get("throughput") or {}
        rows[(param, function)] = (median_ns, throughput.get("Bytes"))
    params = sorted({p for p, _ in rows}, key=lambda p: (len(p), p))
    print(f"{'parameter':>10} {'function':>22} {'median':>12} {'MB/s':>8} {'vs ' + baseline:>12}")
    for param in params:
        base = rows.get((param, baseline))
        for (p, function), (ns, nbytes) in sorted(rows.items()):
            if p != param:
                continue
            mbs = f"{nbytes / ns * 1e3:8.1f}" if nbytes else f"{'':>8}"
            ratio = f"{ns / base[0]:12.3f}" if base else f"{'':>12}"
            print(f"{param:>10} {function:>22} {fmt(ns):>12} {mbs} {ratio}")


def fmt(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.3f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


if __name__ == "__main__":
    main()
