"""Security behaviour behind a proxy and under production defaults: client addresses for rate
limits and lock-outs, long usernames, the health check over plain HTTP, tokens kept out of the
session table and the logs, staff scope, and static files."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission, User
from django.contrib.sessions.backends.db import SessionStore
from django.core import checks
from django.test import Client

from contact.models import ContactRequest
from tests.integration.test_contact_form import contact_url, form_data
from tests.integration.test_coordinator_admin import ADMIN, World, login
from tests.integration.test_production import PRODUCTION, run_without_database
from tests.integration.test_saved_results import save
from trials.models import Trial

ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.2"
HLX43_NCT = "NCT06839066"


def behind_proxy(address: str) -> Client:
    """A browser at `address`, reaching the site through the TLS proxy at PROXY."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


# Client addresses ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rate_limits_count_each_visitor_behind_the_proxy_apart(seeded_catalogue, settings):
    settings.TRUSTED_PROXIES = 1
    settings.CONTACT_RATE_LIMIT = (2, 3600)
    first, second = behind_proxy("198.51.100.1"), behind_proxy("198.51.100.2")
    for number in range(2):
        data = form_data(email=f"a{number}@example.org", message=f"first {number}")
        assert first.post(contact_url(), data).status_code == 302
    data = form_data(email="a9@example.org")
    assert first.post(contact_url(), data).status_code == 429
    # Another person behind the same proxy is not refused for the first one's messages.
    assert second.post(contact_url(), form_data(email="b@example.org")).status_code == 302
    # Nor can the first one pick a new address by sending the header themselves.
    spoofed = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.50, 198.51.100.1")
    assert spoofed.post(contact_url(), form_data(email="a10@example.org")).status_code == 429
    assert ContactRequest.objects.count() == 3


@pytest.mark.django_db
def test_wrong_passwords_from_elsewhere_do_not_lock_a_coordinator_out(settings):
    settings.TRUSTED_PROXIES = 1
    User.objects.create_superuser("curator", "curator@example.org", "a-long-correct-password")
    attacker = behind_proxy("198.51.100.66")
    codes = [
        attacker.post("/admin/login/", {"username": "curator", "password": "guess"}).status_code
        for _ in range(6)
    ]
    assert codes[-1] == 429
    # The lock-out is for the attacker's address and this username, not for everyone.
    coordinator = behind_proxy("203.0.113.5")
    response = coordinator.post(
        "/admin/login/", {"username": "curator", "password": "a-long-correct-password"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in coordinator.session
    # And the attacker, changing the header they send, is still locked out.
    spoofed = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.66")
    response = spoofed.post(
        "/admin/login/", {"username": "curator", "password": "a-long-correct-password"}
    )
    assert response.status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize("length", [151, 256, 300, 5000])
def test_a_very_long_admin_username_is_a_failed_login_not_an_error(length: int):
    User.objects.create_superuser("curator", "curator@example.org", "a-long-correct-password")
    response = Client().post("/admin/login/", {"username": "u" * length, "password": "x"})
    assert response.status_code == 200
    assert "_auth_user_id" not in Client().session


@pytest.mark.django_db
def test_very_long_usernames_still_count_towards_the_lock_out():
    client = Client()
    codes = [
        client.post("/admin/login/", {"username": "u" * 300, "password": "x"}).status_code
        for _ in range(5)
    ]
    assert codes == [200, 200, 200, 200, 429]


# The health check under production defaults ---------------------------------------------------


@pytest.mark.django_db
def test_the_health_check_answers_plain_http_while_pages_redirect(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/trials/").status_code == 301


def test_the_health_check_answers_503_over_plain_http_when_the_database_is_down():
    script = (
        "import django; django.setup();"
        "from django.test import Client; c = Client(raise_request_exception=False);"
        "print(c.get('/healthz').status_code, c.get('/trials/').status_code)"
    )
    result = run_without_database(script)  # SECURE_SSL_REDIRECT stays on, as in production
    assert result.stdout.split() == ["503", "301"], result.stdout + result.stderr[-2000:]


# Tokens ---------------------------------------------------------------------------------------


def session_data(client: Client) -> str:
    key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return json.dumps(SessionStore(session_key=key).load())


@pytest.fixture
def answered(client: Client, seeded_catalogue, settings) -> Client:
    from tests.integration.test_questionnaire import THIRD_LINE_NPC, walk

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    walk(client, THIRD_LINE_NPC)
    return client


def test_owner_tokens_are_not_kept_in_the_session_table(answered: Client):
    _result, path = save(answered)
    token = path.split("/")[2]
    assert token not in session_data(answered)
    # Nor a new share link's token, waiting to be shown once on the owner page.
    response = answered.post(path + "share/", {"passcode": "blue-heron-42", "days": "30"})
    assert response.status_code == 302
    page = answered.get(path).content.decode()
    found = re.search(r'id="new-share-link" value="http://testserver/shared/([\w-]+)/"', page)
    assert found is not None
    assert found.group(1) not in session_data(answered)
    assert token not in session_data(answered)
    # Shown once.
    assert 'id="new-share-link"' not in answered.get(path).content.decode()
    # The browser still finds its saved result again.
    page = answered.get("/match/results/save/").content.decode()
    assert f'href="{path}"' in page


def test_a_forged_owner_cookie_finds_nothing(answered: Client, settings):
    _result, path = save(answered)
    stranger = Client()
    stranger.cookies[settings.KEEP_OWNER_COOKIE] = "forged:value"
    stranger.get("/match/")
    page = stranger.get("/match/results/save/")
    assert path not in page.content.decode()


CAPABILITY_PATHS = [
    "/saved/{token}/",
    "/saved/{token}/print/",
    "/shared/{token}/",
    "/notify/confirm/{token}/",
    "/notify/manage/{token}/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", CAPABILITY_PATHS)
def test_capability_tokens_stay_out_of_the_logs(path: str, caplog):
    token = "Secret" + uuid.uuid4().hex
    caplog.set_level(logging.INFO)
    response = Client(REMOTE_ADDR="198.51.100.7").get(path.format(token=token))
    assert response.status_code == 404
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert token not in text
    # The access log has the line, with the client address and the token masked.
    access = [r.getMessage() for r in caplog.records if r.name == "access"]
    assert any("198.51.100.7" in line and "404" in line for line in access), access
    # Django's own "Not Found" warning too.
    assert any(r.name == "django.request" for r in caplog.records)


@pytest.mark.django_db
def test_the_access_log_uses_the_client_address_behind_the_proxy(caplog, settings):
    settings.TRUSTED_PROXIES = 1
    caplog.set_level(logging.INFO)
    behind_proxy("198.51.100.9").get("/healthz")
    access = [r.getMessage() for r in caplog.records if r.name == "access"]
    assert access
    assert access[-1].startswith("198.51.100.9 "), access


# Staff scope ----------------------------------------------------------------------------------


def test_unpublished_trials_need_the_view_permission_not_just_staff(client, seeded_catalogue):
    Trial.objects.filter(nct_id=HLX43_NCT).update(published=False)
    client.force_login(User.objects.create_user("coordinator", is_staff=True))
    assert client.get(f"/api/v1/trials/{HLX43_NCT}").status_code == 404
    curator = User.objects.create_user("curator", is_staff=True)
    curator.user_permissions.add(Permission.objects.get(codename="view_trial"))
    client.force_login(curator)
    assert client.get(f"/api/v1/trials/{HLX43_NCT}").status_code == 200
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    assert client.get(f"/api/v1/trials/{HLX43_NCT}").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "{pk}/change/",
        "{pk}/history/",
        "{pk}/delete/",
        "{pk}/history/{history_id}/",
    ],
)
def test_another_sites_request_answers_exactly_like_a_missing_one(path: str):
    world = World()
    history_id = world.rb.history.latest().history_id
    alice = login(world.alice)
    other = alice.get(ADMIN + path.format(pk=world.rb.pk, history_id=history_id))
    missing = alice.get(ADMIN + path.format(pk=999999, history_id=999999))
    assert (other.status_code, missing.status_code) == (404, 404)


# Static files ---------------------------------------------------------------------------------


def test_a_missing_static_manifest_fails_loudly_at_start(settings, tmp_path):
    from config.checks import check_static_manifest

    settings.STATIC_ROOT = tmp_path / "nothing-collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    errors = check_static_manifest(None)
    assert [error.id for error in errors] == ["config.E001"]
    assert errors[0].level == checks.ERROR
    assert "collectstatic" in (errors[0].hint or "")


def test_the_check_is_quiet_with_plain_storage_or_a_manifest(settings, tmp_path):
    from config.checks import check_static_manifest

    assert check_static_manifest(None) == []  # tests use the plain storage
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    assert check_static_manifest(None) == []


def test_the_server_refuses_to_start_without_collectstatic(tmp_path):
    """gunicorn loads config.wsgi: without the manifest it fails at once, saying what to do."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env = {
        **clean,
        **PRODUCTION,
        "DJANGO_STATIC_ROOT": str(tmp_path / "empty"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", "import config.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "collectstatic" in result.stderr


@pytest.mark.django_db
def test_error_pages_do_not_need_the_manifest(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "nothing-collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    client = Client(raise_request_exception=False)
    response = client.get("/trials/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert "Content-Security-Policy" in response
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert "Content-Security-Policy" in missing
