"""The site as it runs in production: gunicorn processes over a database of their own.

One person's questionnaire continues across two server processes (the application keeps no
state beside the database), and 100 contact requests posted at once are all stored, once.
The database is a fresh one beside the test database: a new PostgreSQL database when the
suite runs on PostgreSQL, an SQLite file otherwise.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.smtp import HangingSmtp, SmtpServer, free_port

# Its processes use the database DATABASE_URL names: it runs in every database pass.
pytestmark = pytest.mark.database

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
HLX43 = "hlx43-recurrent-metastatic-npc"


@dataclass
class Site:
    urls: list[str]
    env: dict[str, str]

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        return result.stdout


def server_env(url: str, **settings: str) -> dict[str, str]:
    """The environment of a production-like process over the database at `url`: this machine's
    environment without any DJANGO_ variable, production settings over plain HTTP, and
    `settings` (DJANGO_ names without the prefix, e.g. CONTACT_RATE_LIMIT="10") on top."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "server-test-secret-" + uuid.uuid4().hex,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_MANIFEST_STATIC": "false",
        "DJANGO_CONTACT_FALLBACK_EMAIL": "trial-contacts@example.org",
        "DJANGO_LOG_LEVEL": "WARNING",
        # SQLite: a connection per request. A kept one holds the database file open, so a
        # process would read on from the file an outage test moves away, and keep it busy.
        **({"DJANGO_CONN_MAX_AGE": "0"} if url.startswith("sqlite") else {}),
        **{f"DJANGO_{name}": value for name, value in settings.items()},
    }


def database_url(tmp: Path) -> tuple[str, tuple[Any, str] | None]:
    """A URL for a fresh database, and how to drop it afterwards."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        return f"sqlite:///{tmp / 'site.sqlite3'}", None
    import psycopg

    base = settings.DATABASES["default"]
    name = f"servers_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(
        host=base["HOST"],
        port=base["PORT"] or 5432,
        user=base["USER"],
        password=base["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    user = base["USER"] or ""
    password = f":{base['PASSWORD']}" if base["PASSWORD"] else ""
    url = f"postgres://{user}{password}@{base['HOST']}:{base['PORT'] or 5432}/{name}"
    return url, (admin, name)


@contextlib.contextmanager
def running_site(
    tmp: Path, *, servers: int = 1, workers: int = 2, seeds: bool = True, **settings: str
) -> Iterator[Site]:
    """A fresh database, migrated (and seeded), with `servers` gunicorn servers over it
    (none for a database alone); everything stopped and dropped afterwards. `settings` go to
    `server_env`."""
    url, dropper = database_url(tmp)
    site = Site(urls=[], env=server_env(url, **settings))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        site.manage("migrate", "--no-input")
        site.manage("createcachetable")
        if seeds:
            site.manage("import_trials", str(ROOT / "seeds"))
        for _ in range(servers):
            port = free_port()
            command = [str(GUNICORN), "config.wsgi", "--workers", str(workers)]
            command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
            processes.append(subprocess.Popen(command, cwd=ROOT, env=site.env))
            site.urls.append(f"http://127.0.0.1:{port}")
        for base in site.urls:
            wait_until_up(base + "/healthz")
        yield site
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)
        if dropper:
            admin, name = dropper
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Two gunicorn servers (two workers each) over one fresh, migrated, seeded database."""
    with running_site(
        tmp_path_factory.mktemp("site"), servers=2, CONTACT_RATE_LIMIT="100000"
    ) as site:
        yield site


def wait_until_up(url: str, *, seconds: float = 180) -> None:
    """Wait for a server that may start slowly on a busy machine: a refused connection or a
    read that times out both mean "not up yet", until the deadline."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=10)
            return
        except (urllib.error.URLError, OSError):  # refused, reset, or timed out (TimeoutError)
            if time.monotonic() > deadline:
                raise AssertionError(f"{url} did not answer within {seconds} s") from None
            time.sleep(0.2)


class Browser:
    """A cookie-keeping HTTP client, like one person's browser."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def csrf(self) -> str:
        return next(c.value or "" for c in self.jar if c.name == "csrftoken")

    def get(self, url: str) -> tuple[int, str, str]:
        return self.request(urllib.request.Request(url))

    def post(self, url: str, data: dict[str, str] | list[tuple[str, str]]) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(url, data=body, headers={"X-CSRFToken": self.csrf()})
        return self.request(request)

    def request(self, request: urllib.request.Request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return (
                    response.status,
                    response.headers.get("Location", ""),
                    response.read().decode(),
                )
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def step_of(page: str) -> str:
    found = re.search(r'name="step" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def test_one_questionnaire_continues_across_two_servers(site: Site):
    first, second = site.urls
    person = Browser()
    assert person.get(first + "/match/")[0] == 200
    assert person.post(first + "/match/begin/", {"mode": "patient"})[0] == 302
    status, _, page = person.get(second + "/match/question/")
    assert status == 200
    assert step_of(page) == "diagnosis"
    assert (
        person.post(second + "/match/question/", {"step": "diagnosis", "answer": "NPC"})[0] == 302
    )
    status, _, page = person.get(first + "/match/question/")
    assert step_of(page) == "disease_status"
    person.post(first + "/match/question/", [("step", "disease_status"), ("answer", "recurrent")])
    assert step_of(person.get(second + "/match/question/")[2]) == "prior_systemic_lines"
    # The results, on either server, come from the same answers.
    # (?group=not_eligible: the ruled-out trials are listed too, so all three show.)
    pages = [person.get(base + "/match/results/?group=not_eligible") for base in site.urls]
    assert [status for status, _, _ in pages] == [200, 200]
    assert all(page.count('class="card result-card"') == 3 for _, _, page in pages)


def test_100_contact_requests_at_once_are_all_stored_once(site: Site):
    form = Browser().get(f"{site.urls[0]}/trials/{HLX43}/contact/")[2]
    site_id = re.search(r'name="site" value="(\d+)"', form)
    assert site_id, "the contact form offers its site"

    def send(number: int) -> int:
        person = Browser()
        base = site.urls[number % 2]
        status, _, page = person.get(f"{base}/trials/{HLX43}/contact/")
        assert status == 200
        token = re.search(r'name="form_token" value="([^"]+)"', page)
        assert token
        status, location, _ = person.post(
            f"{base}/trials/{HLX43}/contact/",
            {
                "first_name": f"Person{number}",
                "last_name": "Load",
                "email": f"person{number}@example.org",
                "phone": f"+86 138 0013 {8000 + number:04d}",
                "site": site_id.group(1),
                "consent": "on",
                "form_token": token.group(1),
                "website": "",
            },
        )
        assert status == 302, (status, location)
        return status

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(send, range(100)))
    assert statuses == [302] * 100
    count = site.manage(
        "shell",
        "-c",
        "from contact.models import ContactRequest as C;"
        "ours = C.objects.filter(last_name='Load');"
        "print(ours.count(), ours.values('email').distinct().count())",
    )
    assert count.strip().splitlines()[-1].split() == ["100", "100"]


def test_a_worker_killed_mid_task_leaves_the_email_to_be_sent_once(
    site: Site, smtp_server: SmtpServer
):
    import signal

    person = Browser()
    form = person.get(f"{site.urls[0]}/trials/{HLX43}/contact/")[2]
    status, _, _ = person.post(
        f"{site.urls[0]}/trials/{HLX43}/contact/",
        {
            "first_name": "Worker",
            "last_name": "Fault",
            "email": "worker.fault@example.org",
            "phone": "+86 138 0013 7777",
            "site": re.search(r'name="site" value="(\d+)"', form).group(1),  # type: ignore[union-attr]
            "consent": "on",
            "form_token": re.search(r'name="form_token" value="([^"]+)"', form).group(1),  # type: ignore[union-attr]
            "website": "",
        },
    )
    assert status == 302
    count_running = (
        "from django_tasks_db.models import DBTaskResult as T;"
        "print(T.objects.filter(status='RUNNING').count())"
    )
    hanging = HangingSmtp()
    mail = {
        "DJANGO_EMAIL_BACKEND": "smtp",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_TIMEOUT": "60",
        "DJANGO_CONTACT_FALLBACK_EMAIL": "coordinators@example.org",
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"],
        cwd=ROOT,
        env={**site.env, **mail, "DJANGO_EMAIL_PORT": str(hanging.port)},
    )
    try:
        for _ in range(60):
            if site.manage("shell", "-c", count_running).strip().splitlines()[-1] == "1":
                break
            time.sleep(0.5)
        else:
            raise AssertionError("the worker never started the task")
        worker.send_signal(signal.SIGKILL)  # dies mid-task, without any chance to clean up
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
        hanging.close()
    assert site.manage("shell", "-c", count_running).strip().splitlines()[-1] == "1"

    assert "requeued 1 stale task" in site.manage(
        "requeue_stale_tasks", "--older-than-minutes", "0"
    )
    smtp_server.start()
    try:
        env = {**mail, "DJANGO_EMAIL_PORT": str(smtp_server.port)}
        for _ in range(2):  # a second worker run finds nothing left to send
            subprocess.run(
                [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
                cwd=ROOT,
                env={**site.env, **env},
                check=True,
                timeout=120,
                capture_output=True,
            )
    finally:
        smtp_server.stop()
    # (The queue also holds the emails of the 100 requests sent above.)
    ours = [m for m in smtp_server.messages if "worker.fault@example.org" in m.as_string()]
    assert sorted(m["To"] for m in ours) == ["coordinators@example.org", "worker.fault@example.org"]


class TcpProxy:
    """A loopback TCP forwarder that can be stopped and started: a database 'restart'."""

    def __init__(self, target_host: str, target_port: int) -> None:
        import threading

        self.target = (target_host, target_port)
        self.port = free_port()
        self.threading = threading
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        self.threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """Refuse new connections and cut every open one, as a stopped server does."""
        if self.listener:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
            self.listener.close()
            self.listener = None
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                self.threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass


def test_the_site_answers_503_while_the_database_is_down_and_recovers_by_itself(
    site: Site, tmp_path: Path
):
    url = urllib.parse.urlsplit(site.env["DATABASE_URL"])
    # PostgreSQL: persistent connections, which the outage leaves stale. SQLite: a connection
    # per request, since an open SQLite connection would keep reading the moved file.
    env = {**site.env, "DJANGO_CONN_MAX_AGE": "60" if url.scheme.startswith("postgres") else "0"}
    proxy: TcpProxy | None = None
    if url.scheme.startswith("postgres"):
        proxy = TcpProxy(url.hostname or "127.0.0.1", url.port or 5432)
        proxy.start()
        env["DATABASE_URL"] = url._replace(netloc=f"{url.username}@127.0.0.1:{proxy.port}").geturl()
    database_file = Path(url.path)
    port = free_port()
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "config.wsgi",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "critical",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    person = Browser()

    def status(path: str) -> int:
        return person.get(base + path)[0]

    try:
        wait_until_up(base + "/healthz")
        assert status("/trials/") == 200

        # The database goes away.
        if proxy:
            proxy.stop()
        else:
            database_file.rename(tmp_path / "away.sqlite3")
        code, _, page = person.get(base + "/trials/")
        assert code == 503
        assert "Please try again in a minute" in page
        assert status("/healthz") == 503

        # It comes back; the same server process recovers without a restart.
        if proxy:
            proxy.start()
        else:
            database_file.unlink(missing_ok=True)  # the empty file a failed connect left behind
            (tmp_path / "away.sqlite3").rename(database_file)
        assert status("/healthz") == 200
        assert status("/trials/") == 200
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=20)
        if proxy:
            proxy.stop()
