"""Limits that must hold when requests arrive at once, against real servers: gunicorn processes
over a fresh database (PostgreSQL when the suite runs on it, SQLite otherwise), as in
test_servers.py. Also the worker riding out a database outage."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.integration.test_servers import (
    HLX43,
    ROOT,
    Browser,
    Site,
    TcpProxy,
    free_port,
    running_site,
)

# Its processes use the database DATABASE_URL names: it runs in every database pass.
pytestmark = pytest.mark.database

PROXY_HEADER = "X-Forwarded-For"


@pytest.fixture(scope="module")
def limited_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One gunicorn server with four workers behind one trusted proxy, contact limit 10."""
    with running_site(
        tmp_path_factory.mktemp("limited"),
        workers=4,
        CONTACT_RATE_LIMIT="10",
        TRUSTED_PROXIES="1",
    ) as site:
        yield site


class ProxiedBrowser(Browser):
    """A browser whose requests arrive through the proxy, which names its address."""

    def __init__(self, address: str) -> None:
        super().__init__()
        self.opener.addheaders = [(PROXY_HEADER, address)]


def last_line(output: str) -> str:
    return output.strip().splitlines()[-1]


def test_20_contact_requests_at_once_against_a_limit_of_10_store_exactly_10(limited_site: Site):
    base = limited_site.urls[0]
    forms = []
    for number in range(20):
        person = ProxiedBrowser("198.51.100.20")  # one person, twenty tabs
        page = person.get(f"{base}/trials/{HLX43}/contact/")[2]
        site_id = re.search(r'name="site" value="(\d+)"', page)
        token = re.search(r'name="form_token" value="([^"]+)"', page)
        assert site_id
        assert token
        data = {
            "first_name": f"Burst{number}",
            "last_name": "Limit",
            "email": f"burst{number}@example.org",
            "phone": f"+86 138 0013 {7000 + number:04d}",
            "site": site_id.group(1),
            "consent": "on",
            "form_token": token.group(1),
            "website": "",
        }
        forms.append((person, data))

    def send(item: tuple[ProxiedBrowser, dict[str, str]]) -> int:
        person, data = item
        return person.post(f"{base}/trials/{HLX43}/contact/", data)[0]

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(send, forms))
    assert sorted(statuses) == [302] * 10 + [429] * 10
    stored = limited_site.manage(
        "shell",
        "-c",
        "from contact.models import ContactRequest as C;"
        "print(C.objects.filter(last_name='Limit').count())",
    )
    assert last_line(stored) == "10"
    # Another person behind the same proxy is not refused.
    other = ProxiedBrowser("198.51.100.21")
    page = other.get(f"{base}/trials/{HLX43}/contact/")[2]
    token = re.search(r'name="form_token" value="([^"]+)"', page)
    assert token
    data = {**forms[0][1], "email": "other@example.org", "form_token": token.group(1)}
    assert other.post(f"{base}/trials/{HLX43}/contact/", data)[0] == 302


def test_20_wrong_passcodes_at_once_lock_the_link_for_the_right_one(limited_site: Site):
    base = limited_site.urls[0]
    owner = ProxiedBrowser("198.51.100.30")
    owner.get(f"{base}/match/")
    assert owner.post(f"{base}/match/begin/", {"mode": "patient"})[0] == 302
    owner.post(f"{base}/match/question/", {"step": "diagnosis", "answer": "NPC"})
    status, location, _ = owner.post(f"{base}/match/results/save/", {"consent": "on", "note": ""})
    assert status == 302, location
    owner_path = urllib.parse.urlsplit(location).path
    passcode = "blue-heron-42"
    status, _, _ = owner.post(f"{base}{owner_path}share/", {"passcode": passcode, "days": "30"})
    assert status == 302
    page = owner.get(f"{base}{owner_path}")[2]
    found = re.search(r'id="new-share-link" value="http://[^/]+(/shared/[\w-]+/)"', page)
    assert found
    link = base + found.group(1)

    def guess(number: int) -> int:
        person = ProxiedBrowser(f"203.0.113.{number + 1}")  # twenty people, one link
        person.get(link)
        return person.post(link, {"passcode": f"wrong-guess-{number}"})[0]

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(guess, range(20)))
    assert set(statuses) <= {200, 403}, statuses
    # Only the allowed number of passcodes were ever checked, however many arrived at once.
    attempts = limited_site.manage(
        "shell",
        "-c",
        "from keep.models import ShareLink as S; s = S.objects.get();"
        "print(s.failed_attempts, s.locked_at is not None)",
    )
    assert last_line(attempts).split() == ["5", "True"]
    right = ProxiedBrowser("203.0.113.200")
    right.get(link)
    status, _, page = right.post(link, {"passcode": passcode})
    assert status == 403
    assert "This link is locked" in page


@pytest.fixture
def worker_site(tmp_path: Path) -> Iterator[Site]:
    with running_site(tmp_path, servers=0, seeds=False) as site:
        yield site


# A sign-up queues one confirmation email through the outbox.
SUBSCRIBE = (
    "from keep.notifications import subscribe; from matcher.session import Questionnaire;"
    "subscribe(email='{email}', questionnaire=Questionnaire(), consent_text='yes', language='en')"
)


def test_the_worker_rides_out_a_database_outage_and_sends_once(worker_site: Site, tmp_path):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Collect(Message):
        def __init__(self) -> None:
            super().__init__()
            self.messages: list[Any] = []

        def handle_message(self, message: Any) -> None:
            self.messages.append(message)

    site = worker_site
    url = urllib.parse.urlsplit(site.env["DATABASE_URL"])
    proxy: TcpProxy | None = None
    worker_env = dict(site.env)
    database_file = Path(url.path)
    if url.scheme.startswith("postgres"):
        proxy = TcpProxy(url.hostname or "127.0.0.1", url.port or 5432)
        proxy.start()
        worker_env["DATABASE_URL"] = url._replace(
            netloc=f"{url.username}@127.0.0.1:{proxy.port}"
        ).geturl()

    collect = Collect()
    controller = Controller(collect, hostname="127.0.0.1", port=free_port())
    controller.start()
    worker_env |= {
        "DJANGO_EMAIL_BACKEND": "smtp",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(controller.port),
        "DJANGO_CONTACT_FALLBACK_EMAIL": "coordinators@example.org",
        "DJANGO_WORKER_MAX_BACKOFF": "1",
    }
    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--no-startup-delay", "--interval", "0.2"],
            cwd=ROOT,
            env=worker_env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )

    def wait_for(count: int, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while len(collect.messages) < count:
            assert worker.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, f"{len(collect.messages)} of {count} emails"
            time.sleep(0.2)

    def queue_test_email(number: int) -> None:
        site.manage("shell", "-c", SUBSCRIBE.format(email=f"outage{number}@example.org"))

    try:
        queue_test_email(1)
        wait_for(1)
        # The database goes away under the running worker...
        if proxy:
            proxy.stop()
        else:
            database_file.rename(tmp_path / "away.sqlite3")
        time.sleep(3)  # the worker polls several times against a dead database
        assert worker.poll() is None, log.read_text()[-3000:]
        # ...and comes back, with an email queued meanwhile.
        if proxy:
            queue_test_email(2)  # written straight to the database, not through the proxy
            proxy.start()
        else:
            database_file.unlink(missing_ok=True)
            (tmp_path / "away.sqlite3").rename(database_file)
            queue_test_email(2)
        wait_for(2)
        time.sleep(2)  # nothing is sent twice
        recipients = sorted(m["To"] for m in collect.messages)
        assert recipients == ["outage1@example.org", "outage2@example.org"]
        assert "Database unavailable" in log.read_text()  # it did see the outage
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        controller.stop()
        if proxy:
            proxy.stop()
