#!/usr/bin/env python3
"""Runs one CI step with a time limit, and a limit per test for libtest output.

usage: watchdog.py [--step-limit SECS] [--test-limit SECS] [--name NAME] -- CMD...

The step runs in a process group of its own; its output is passed through
line by line. The step fails (exit 124, the group killed) when:

- it runs longer than --step-limit seconds in all; or
- a test runs longer than --test-limit seconds. libtest prints
  `test NAME has been running for over 60 seconds` for a test still running
  after 60 s, whether it sleeps or spins, and `test NAME ... ok` when it ends;
  the watchdog times each test from 60 s before that warning, under the test
  binary named by cargo's last `Running` line, and names the test it kills;
- it prints nothing for --quiet-limit seconds (a test binary run with one
  test thread never prints the warning): the watchdog names the test binary.

The group is killed with kill(2) (os.killpg), never with /usr/bin/kill:
Debian's procps-ng 4.0.2 turns `kill -9 -13473` into `kill(-1, SIGKILL)`.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import threading
import time

RUNNING = re.compile(r"^\s*Running (?:unittests )?(\S+)")
DOCTESTS = re.compile(r"^\s*Doc-tests (\S+)")
SLOW = re.compile(r"^test (.+) has been running for over (\d+) seconds$")
ENDED = re.compile(r"^test (.+?) \.\.\. ")
# libtest's warning comes this long after a test starts.
LIBTEST_WARNING_AFTER = 60


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--step-limit", type=float, default=3600)
    parser.add_argument("--test-limit", type=float, default=600)
    parser.add_argument("--quiet-limit", type=float, default=780)
    parser.add_argument("--name", default=None)
    parser.add_argument("cmd", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        parser.error("no command given")
    name = args.name or " ".join(cmd)

    child = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    started = time.monotonic()
    lock = threading.Lock()
    slow = {}  # "binary: test" -> when it started (monotonic)
    binary = ["?"]
    last_output = [started]
    verdict = []

    def kill(reason):
        with lock:
            if verdict:
                return
            verdict.append(reason)
        print(f"\n== watchdog: {reason}; killing `{name}`", flush=True)
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def watch():
        while child.poll() is None:
            now = time.monotonic()
            if now - started > args.step_limit:
                kill(f"step ran over its limit of {args.step_limit:.0f} s")
                return
            with lock:
                late = [(t, s) for t, s in slow.items() if now - s > args.test_limit]
            if now - last_output[0] > args.quiet_limit:
                kill(
                    f"no output for {args.quiet_limit:.0f} s while running "
                    f"`{binary[0]}`: it hangs"
                )
                return
            if late:
                test, since = late[0]
                kill(
                    f"test `{test}` has run for {now - since:.0f} s "
                    f"(limit {args.test_limit:.0f} s): it hangs"
                )
                return
            time.sleep(1)

    threading.Thread(target=watch, daemon=True).start()

    for raw in child.stdout:
        line = raw.decode("utf-8", "replace").rstrip("\n")
        print(line, flush=True)
        last_output[0] = time.monotonic()
        if m := RUNNING.match(line) or DOCTESTS.match(line):
            binary[0] = m.group(1)
            with lock:
                slow.clear()  # cargo runs one test binary at a time
        elif m := SLOW.match(line):
            with lock:
                slow[f"{binary[0]}: {m.group(1)}"] = time.monotonic() - int(m.group(2))
        elif m := ENDED.match(line):
            with lock:
                slow.pop(f"{binary[0]}: {m.group(1)}", None)

    code = child.wait()
    # Whatever the step left behind in its group goes too.
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if verdict:
        print(f"== watchdog: `{name}` failed: {verdict[0]}", flush=True)
        return 124
    print(f"== watchdog: `{name}` took {time.monotonic() - started:.0f} s", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
