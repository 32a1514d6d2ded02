"""Production readiness: deploy checks, security headers, admin lock-out, health and outages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

# Its processes use the database DATABASE_URL names: it runs in every database pass.
pytestmark = pytest.mark.database

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "p" * 20 + "-production-like-secret-key-" + "q" * 30,
    "DJANGO_ALLOWED_HOSTS": "trials.example.org",
    "DJANGO_EMAIL_BACKEND": "smtp",
    "DJANGO_CONTACT_FALLBACK_EMAIL": "trial-contacts@example.org",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path):
    env = {**PRODUCTION, "DJANGO_STATIC_ROOT": str(tmp_path / "static")}
    collected = manage("collectstatic", "--no-input", env=env)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_reports_static_files_that_were_not_collected(tmp_path: Path):
    env = {**PRODUCTION, "DJANGO_STATIC_ROOT": str(tmp_path / "never-collected")}
    result = manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "config.E001" in result.stderr
    assert "collectstatic" in result.stderr


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_CONTACT_FALLBACK_EMAIL"]
)
def test_production_refuses_to_start_without_secrets(missing: str):
    result = manage("check", env={k: v for k, v in PRODUCTION.items() if k != missing})
    assert result.returncode != 0
    assert f"{missing}" in result.stderr


def run_without_database(script: str, **settings: str) -> subprocess.CompletedProcess[str]:
    """Run `script` in a fresh process with production settings and a database that is not
    there; `settings` (DJANGO_* variables) go on top."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env = {
        **clean,
        **PRODUCTION,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing",
        "DJANGO_MANIFEST_STATIC": "false",
        **settings,
    }
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_unreachable_database_gives_a_clear_503_not_an_error():
    script = (
        "import django, os; django.setup();"
        "from django.test import Client; c = Client(raise_request_exception=False);"
        "r = c.get('/trials/'); h = c.get('/healthz');"
        "print(r.status_code, r['Retry-After'],"
        " 'Please try again in a minute' in r.content.decode(), h.status_code)"
    )
    result = run_without_database(script, DJANGO_SSL_REDIRECT="false")
    assert result.stdout.split() == ["503", "60", "True", "503"], (
        result.stdout + result.stderr[-2000:]
    )


@pytest.mark.django_db
def test_health_check_reports_the_database(client: Client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_security_headers(client: Client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "max-age=31536000" in response["Strict-Transport-Security"]
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "script-src 'self' 'nonce-" in csp
    assert "frame-ancestors 'none'" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


@pytest.mark.django_db
def test_admin_login_locks_out_after_five_wrong_passwords(client: Client):
    User.objects.create_superuser("curator", "curator@example.org", "a-long-correct-password")
    for _ in range(4):
        response = client.post("/admin/login/", {"username": "curator", "password": "wrong"})
        assert response.status_code == 200
    # The fifth wrong password locks the account for this address, right password or not.
    assert client.post("/admin/login/", {"username": "curator", "password": "x"}).status_code == 429
    locked = client.post(
        "/admin/login/", {"username": "curator", "password": "a-long-correct-password"}
    )
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_correct_login_works_and_staff_sessions_expire_when_idle(client: Client):
    User.objects.create_superuser("curator", "curator@example.org", "a-long-correct-password")
    response = client.post(
        "/admin/login/", {"username": "curator", "password": "a-long-correct-password"}
    )
    assert response.status_code == 302
    client.get("/admin/")
    assert client.session.get_expiry_age() == 3600


@pytest.mark.django_db
def test_patients_sessions_are_not_shortened(client: Client):
    client.post("/match/begin/", {"mode": "patient"})
    assert client.session.get_expiry_age() == 1209600


def test_other_server_errors_get_a_plain_500_page(rf):
    from config.views import server_error

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert "Retry-After" not in response
