"""The production settings, the container entrypoint and the compose file."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_ENV = {
    "DJANGO_SETTINGS_MODULE": "qms_site.settings.production",
    "SECRET_KEY": "x7#kq2!vLp9@wZr4$eTb6^nYc8&uJm1*oHs3(dGf5)aQi0-lKj",
    "ALLOWED_HOSTS": "qms.example.kg",
    "DEBUG": "false",
}


def run(args, env, **kwargs):
    """Run a command with a clean environment plus `env`."""
    base = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG"}
    }
    return subprocess.run(
        args,
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def django_check(env):
    return run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env,
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = django_check(
        {**GOOD_ENV, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DEBUG": "true"}, "DEBUG must be off in production"),
        ({"SECRET_KEY": ""}, "Set SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "Set SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "Set ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_misconfigured(tmp_path, change, message):
    result = django_check(
        {**GOOD_ENV, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", **change}
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_entrypoint_migrates_collects_static_and_runs_the_command(tmp_path):
    env = {
        **GOOD_ENV,
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "QMS_APP_DIR": str(ROOT),
        "PYTHON": sys.executable,
    }
    result = run(["docker/entrypoint.sh", "echo", "server started"], env)
    assert result.returncode == 0, result.stderr
    assert "database: ready" in result.stdout
    assert result.stdout.strip().endswith("server started")
    assert (tmp_path / "db.sqlite3").stat().st_size > 100_000
    assert (tmp_path / "static" / "qms_pages" / "qms.css").exists()


def test_entrypoint_stops_with_a_reason_when_the_database_never_answers(tmp_path):
    env = {
        **GOOD_ENV,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "QMS_WAIT_SECONDS": "2",
        "QMS_APP_DIR": str(ROOT),
        "PYTHON": sys.executable,
    }
    result = run(["docker/entrypoint.sh", "echo", "never"], env)
    assert result.returncode == 1
    assert "database did not answer within 2 s" in result.stderr
    assert "never" not in result.stdout


@pytest.mark.skipif(
    not shutil.which("docker-compose"),
    reason="docker-compose is not installed (make system)",
)
def test_compose_file_is_valid(tmp_path):
    for name in ("docker-compose.yml", "Dockerfile"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    result = subprocess.run(
        ["docker-compose", "config", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    services = subprocess.run(
        ["docker-compose", "config", "--services"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.split()
    assert sorted(services) == ["db", "search", "web", "worker"]
