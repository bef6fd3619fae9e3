#!/usr/bin/env python3
"""Criterion medians with their 95 % confidence intervals, and each
function's ratio to a baseline function of the same group and run.

Usage: criterion_ratios.py <criterion dir> <group> <baseline> [--json]
e.g.   criterion_ratios.py target/criterion cancel_concurrent_64 raw_reqwest_typed

Reads <dir>/<group>/<function>[/<parameter>]/new/{estimates,benchmark}.json,
written by the last `cargo bench` run of that group. The ratio's interval
is the widest one the two medians' intervals allow (low/high_base ..
high/low_base), so it is conservative. --json prints one JSON object per
row instead of the table (perf/*.sh collect them).
"""
import json
import os
import sys


def rows_of(root, group):
    rows = {}
    for dirpath, _, files in os.walk(os.path.join(root, group)):
        if os.path.basename(dirpath) != "new" or "estimates.json" not in files:
            continue
        with open(os.path.join(dirpath, "estimates.json")) as f:
            med = json.load(f)["median"]
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            bench = json.load(f)
        key = (bench.get("value_str") or "", bench.get("function_id") or "")
        ci = med["confidence_interval"]
        rows[key] = (med["point_estimate"], ci["lower_bound"], ci["upper_bound"],
                     (bench.get("throughput") or {}))
    return rows


def fmt(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.3f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def main():
    args = [a for a in sys.argv[1:] if a != "--json"]
    as_json = "--json" in sys.argv
    root, group, baseline = args
    rows = rows_of(root, group)
    if not as_json:
        print(f"{group}: median [95% CI], ratio to {baseline} [conservative CI]")
    for (param, function), (m, lo, hi, tp) in sorted(rows.items()):
        base = rows.get((param, baseline))
        out = {"group": group, "parameter": param, "function": function,
               "median_ns": m, "ci_low_ns": lo, "ci_high_ns": hi}
        if tp.get("Bytes"):
            out["mb_per_s"] = tp["Bytes"] / m * 1e3
        if base:
            out["ratio"] = m / base[0]
            out["ratio_low"] = lo / base[2]
            out["ratio_high"] = hi / base[1]
        if as_json:
            print(json.dumps(out))
            continue
        ratio = (f"{out['ratio']:.3f} [{out['ratio_low']:.3f}, {out['ratio_high']:.3f}]"
                 if base else "")
        mbs = f"{out['mb_per_s']:7.1f} MB/s" if "mb_per_s" in out else ""
        print(f"  {param:>6} {function:>28} {fmt(m):>10} [{fmt(lo)}, {fmt(hi)}] {mbs} {ratio}")


if __name__ == "__main__":
    main()
