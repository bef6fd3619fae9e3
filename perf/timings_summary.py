#!/usr/bin/env python3
"""Where a clean build's time goes: reads the cargo-timing.html reports that
`perf/clean-build.sh ours --timings` and `perf/clean-build.sh og --timings`
keep in target/perf-timings/, and prints each build's end, the sum of its
units (CPU spent compiling), its largest units, the units only one side
compiles, and the last units (the serial tail, where one core idles).

Usage: timings_summary.py [target/perf-timings]
"""
import json
import os
import re
import sys


def units(path):
    text = open(path).read()
    data = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);\n", text, re.S).group(1))
    return {(u["name"], u["version"], u["target"].strip()): u for u in data}


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "target/perf-timings"
    sides = {w: units(os.path.join(root, f"{w}.html")) for w in ("ours", "og")}
    for w, us in sides.items():
        end = max(u["start"] + u["duration"] for u in us.values())
        total = sum(u["duration"] for u in us.values())
        print(f"{w}: {len(us)} units, finished at {end:.1f} s, {total:.1f} s of compiling")
        for k, u in sorted(us.items(), key=lambda kv: -kv[1]["duration"])[:12]:
            print(f"  {u['duration']:6.2f} s  {k[0]} {k[1]} {k[2]}")
        print("  last to finish:")
        for k, u in sorted(us.items(), key=lambda kv: -(kv[1]["start"] + kv[1]["duration"]))[:5]:
            print(f"    {u['start']:6.1f}-{u['start'] + u['duration']:6.1f} s  {k[0]} {k[2]}")
    a, b = sides["ours"], sides["og"]
    for label, x, y in (("only ours", a, b), ("only og", b, a)):
        only = sorted(set(x) - set(y), key=lambda k: -x[k]["duration"])
        total = sum(x[k]["duration"] for k in only)
        print(f"{label}: {len(only)} units, {total:.1f} s")
        for k in only[:14]:
            print(f"  {x[k]['duration']:6.2f} s  {k[0]} {k[1]} {k[2]}")


if __name__ == "__main__":
    main()
