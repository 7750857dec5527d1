"""Audit the installed packages for known vulnerabilities with pip-audit.

Exit 1 when any package has a known vulnerability. When the vulnerability service
cannot be reached, or answers for none of the packages, say so in a banner and exit
0: a network hiccup must not fail the build (QMS_REQUIRE_AUDIT=1 makes it fail).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")
COMMAND = [
    str(PIP_AUDIT),
    "--local",
    "--skip-editable",
    "--format",
    "json",
    "--progress-spinner",
    "off",
    "--timeout",
    "30",
]
FOUND, CLEAN, NOT_AUDITED = "found", "clean", "not audited"


def verdict(returncode, output, errors=""):
    """(outcome, lines to print) for pip-audit's exit code, JSON output and stderr."""
    try:
        dependencies = json.loads(output)["dependencies"]
    except (ValueError, KeyError, TypeError):
        # E.g. a ConnectionError's traceback: its last line says why.
        reason = (errors.strip().splitlines() or [""])[-1][:300]
        return NOT_AUDITED, [
            f"pip-audit gave no report (exit code {returncode}).",
            reason,
        ]
    vulnerable = [item for item in dependencies if item.get("vulns")]
    if vulnerable:
        return FOUND, [
            f"{item['name']} {item['version']}: {vuln['id']}"
            f" (fixed in {', '.join(vuln.get('fix_versions') or ['no release yet'])})"
            for item in vulnerable
            for vuln in item["vulns"]
        ]
    audited = [item for item in dependencies if "skip_reason" not in item]
    if not audited:
        return NOT_AUDITED, [
            f"the service answered for none of the {len(dependencies)} packages."
        ]
    skipped = len(dependencies) - len(audited)
    return CLEAN, [
        f"{len(audited)} packages audited, no known vulnerabilities"
        + (f" ({skipped} not known to the service)." if skipped else ".")
    ]


def banner(lines):
    """Print lines where nobody can miss them."""
    print("!" * 70)
    for line in lines:
        print(f"!! {line}")
    print("!" * 70)


def main():
    result = subprocess.run(COMMAND, capture_output=True, text=True, timeout=600)
    outcome, lines = verdict(result.returncode, result.stdout, result.stderr)
    if outcome == FOUND:
        banner(["Known vulnerabilities in installed packages:", *lines])
        return 1
    if outcome == NOT_AUDITED:
        banner(["The dependency audit was NOT run:", *lines])
        return 1 if os.environ.get("QMS_REQUIRE_AUDIT") == "1" else 0
    print(*lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
