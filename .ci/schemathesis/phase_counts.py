"""Prints how many test cases each phase ran, from schemathesis's ndjson
events (run.sh writes them with --report ndjson): every finished scenario
names its phase and records its cases."""

import collections
import json
import sys

counts: collections.Counter[str] = collections.Counter()
with open(sys.argv[1], encoding="utf-8") as events:
    for line in events:
        event = json.loads(line)
        scenario = event.get("ScenarioFinished")
        if scenario is not None:
            # A skipped scenario records no cases.
            counts[scenario["phase"]] += len(scenario["recorder"].get("cases", {}))
print(
    "test cases per phase: "
    + ", ".join(f"{phase} {counts[phase]}" for phase in ("examples", "coverage", "fuzzing", "stateful"))
    + f" (total {sum(counts.values())})"
)
