"""A longer fuzzing run: the hypothesis and schemathesis suites with more examples.

    .venv/bin/python scripts/fuzz.py --examples 500

Prints, per test, the cases hypothesis ran (passing, failing, invalid) and the totals.
DATABASE_URL, when set, chooses the database as for the test suite.
"""

import argparse
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUITES = ["tests/security/test_fuzz_queries.py", "tests/security/test_openapi_fuzz.py"]
TEST_LINE = re.compile(r"^(tests/.+):\s*$")
CASES = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid test cases")


def case_counts(statistics):
    """{test: [passing, failing, invalid]} summed over hypothesis's phases."""
    counts, test = defaultdict(lambda: [0, 0, 0]), None
    for line in statistics.splitlines():
        if match := TEST_LINE.match(line.strip()):
            test = match[1]
        elif (match := CASES.search(line)) and test:
            for index, value in enumerate(match.groups()):
                counts[test][index] += int(value)
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=500)
    args = parser.parse_args()
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *SUITES,
            "-q",
            "-p",
            "no:logging",
            "--hypothesis-show-statistics",
        ],
        cwd=ROOT,
        env={**os.environ, "QMS_FUZZ_EXAMPLES": str(args.examples)},
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - started
    counts = case_counts(result.stdout)
    print(f"{'test':<90} passing failing invalid")
    for test, (passing, failing, invalid) in sorted(counts.items()):
        print(f"{test:<90} {passing:>7} {failing:>7} {invalid:>7}")
    totals = [sum(column) for column in zip(*counts.values(), strict=True)] or [0] * 3
    print(f"{'total':<90} {totals[0]:>7} {totals[1]:>7} {totals[2]:>7}")
    print(result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "")
    print(f"{seconds:.0f} s with --examples {args.examples}")
    if result.returncode:
        print(result.stdout[-5000:])
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
