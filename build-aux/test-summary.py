#!/usr/bin/env python3
"""Prints "N passed, N failed, N skipped" from meson's testlog.json; exits 1 on failures
or when no test ran, and with --fail-on-skip also when a test was skipped (naming it).
--also NAME=OK|FAIL counts a check run outside meson (CI's package check) as one more."""
import json
import sys

args = sys.argv[1:]
fail_on_skip = "--fail-on-skip" in args
args = [a for a in args if a != "--fail-on-skip"]
also = []
while "--also" in args:
    i = args.index("--also")
    also.append(args[i + 1].split("=", 1))
    del args[i:i + 2]

passed = failed = skipped = 0
skipped_names = []
for name, result in also:
    if result == "OK":
        passed += 1
    else:
        failed += 1
        print(f"failed: {name}", file=sys.stderr)
with open(args[0], encoding="utf-8") as log:
    for line in log:
        if not line.strip():
            continue
        entry = json.loads(line)
        result = entry["result"]
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            skipped += 1
            skipped_names.append(entry.get("name", "?"))
        else:
            failed += 1

if fail_on_skip and skipped:
    for name in skipped_names:
        print(f"skipped, which fails this run: {name}", file=sys.stderr)
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 or (fail_on_skip and skipped) else 0)
