"""The dependency audit fails on a known vulnerability, not on an unreachable service."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from audit_dependencies import CLEAN, FOUND, NOT_AUDITED, verdict  # noqa: E402

# pip-audit's JSON report, as it prints it.
VULNERABLE = {
    "dependencies": [
        {
            "name": "django",
            "version": "5.2.0",
            "vulns": [
                {
                    "id": "PYSEC-2025-1",
                    "fix_versions": ["5.2.1"],
                    "aliases": [],
                    "description": "SQL injection",
                }
            ],
        },
        {"name": "wagtail", "version": "8.0.1", "vulns": []},
        {"name": "anyascii", "skip_reason": "Dependency not found on PyPI"},
    ],
    "fixes": [],
}
CLEAN_REPORT = {
    "dependencies": [
        {"name": "django", "version": "5.2.19", "vulns": []},
        {"name": "anyascii", "skip_reason": "Dependency not found on PyPI"},
    ],
    "fixes": [],
}
NOTHING_AUDITED = {
    "dependencies": [
        {"name": "django", "skip_reason": "Dependency not found on PyPI"},
    ],
    "fixes": [],
}


def test_a_known_vulnerability_fails_and_names_the_fix():
    outcome, lines = verdict(1, json.dumps(VULNERABLE))
    assert outcome == FOUND
    assert lines == ["django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)"]


def test_a_clean_report_passes_and_counts_what_was_audited():
    outcome, lines = verdict(0, json.dumps(CLEAN_REPORT))
    assert outcome == CLEAN
    assert lines == [
        "1 packages audited, no known vulnerabilities (1 not known to the service)."
    ]


@pytest.mark.parametrize(
    ("output", "errors"),
    [
        ("", "requests.exceptions.ConnectionError: Failed to resolve 'pypi.org'"),
        (json.dumps(NOTHING_AUDITED), ""),
    ],
)
def test_an_unreachable_service_is_not_audited_rather_than_clean(output, errors):
    outcome, lines = verdict(1 if errors else 0, output, errors)
    assert outcome == NOT_AUDITED
    if errors:
        assert "ConnectionError" in lines[-1]
