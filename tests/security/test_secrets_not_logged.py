"""Passwords, the secret key and database credentials never reach a log or an error."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "k9#Qm2!zR7@wLp4$eTb6^nYc8&uJx1*oHs3(dGf5)aVi0-lKj"
DB_PASSWORD = "pg-Парол-7731"
TYPED_PASSWORD = "жашыруун-Сырсөз-4412"


def run_manage(args, **env):
    """manage.py in a clean environment; its whole output."""
    base = {
        key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.mark.django_db
def test_a_failed_sign_in_logs_neither_the_password_nor_the_key(client, caplog):
    get_user_model().objects.create_user("redaktor", password="башка-сырсөз-1")
    cache.clear()
    with caplog.at_level(logging.DEBUG):
        for _ in range(7):  # past the rate limit too
            client.post(
                "/admin/login/", {"username": "redaktor", "password": TYPED_PASSWORD}
            )
    assert caplog.records
    assert TYPED_PASSWORD not in caplog.text
    assert "test-only-key" not in caplog.text
    cache.clear()


def test_an_unreachable_database_is_reported_without_its_password(tmp_path):
    code, output = run_manage(
        ["migrate", "--check"],
        DJANGO_SETTINGS_MODULE="qms_site.settings.production",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="qms.example.kg",
        DATABASE_URL=f"postgres://qms:{DB_PASSWORD}@127.0.0.1:9/qms",
    )
    assert code != 0
    assert "127.0.0.1" in output  # the error says where it failed
    assert DB_PASSWORD not in output
    assert SECRET_KEY not in output


@pytest.mark.parametrize(
    "change",
    [{"DEBUG": "true"}, {"ALLOWED_HOSTS": ""}, {"SECRET_KEY": "dev-" + SECRET_KEY}],
)
def test_a_settings_error_does_not_print_the_secrets(tmp_path, change):
    env = {
        "DJANGO_SETTINGS_MODULE": "qms_site.settings.production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "qms.example.kg",
        "DATABASE_URL": f"postgres://qms:{DB_PASSWORD}@127.0.0.1:9/qms",
        **change,
    }
    code, output = run_manage(["check"], **env)
    assert code != 0
    assert "ImproperlyConfigured" in output
    assert SECRET_KEY not in output
    assert DB_PASSWORD not in output
