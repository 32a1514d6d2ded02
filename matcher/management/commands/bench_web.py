"""Time the main pages over a throw-away catalogue of N synthetic trials, beside a bare view.

`manage.py bench_web --trials N` creates a fresh database (a temporary SQLite file, or a new
PostgreSQL database on the server DATABASE_URL names), fills it with N published synthetic trials
in one process, then measures in another, fresh process, as a web worker would start: every
page through Django's full stack (the test client, no network), next to /healthz. It prints one
JSON object and drops the database.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from matcher.catalogue import build_catalogue, catalogue_cache
from matcher.engine.bench import REALISTIC_PROFILE
from trials.models import CatalogueVersion, Trial

MANAGE = Path(__file__).resolve().parents[3] / "manage.py"

CLINICIAN_FORM = {
    "age": "52",
    "sex": "male",
    "diagnosis": "NPC",
    "disease_status": ["recurrent", "metastatic"],
    "prior_systemic_lines": "2",
    "prior_therapies": ["platinum_chemotherapy", "pd1_pdl1_inhibitor"],
    "ecog": "1",
}
# The same clinician's answers as the match API takes them (numbers as numbers).
CLINICIAN_ANSWERS = {
    key: int(value) if isinstance(value, str) and value.isdigit() else value
    for key, value in CLINICIAN_FORM.items()
}


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _memory_mb(pid: int) -> dict[str, float]:
    """A process's resident memory now and at its peak (Linux), in MB."""
    found: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in {"VmRSS", "VmHWM"}:
                found[name] = round(int(value.split()[0]) / 1024, 1)
    except OSError:
        return {}
    return {"rss_mb": found.get("VmRSS", 0.0), "peak_rss_mb": found.get("VmHWM", 0.0)}


class Command(BaseCommand):
    help = (
        "Fill a throw-away database with N synthetic published trials, then time the home "
        "page, the trial list and search, a trial page, a questionnaire step, the results and "
        "clinician pages and the match API through Django's full stack next to /healthz (a "
        "bare view); print p50/p95 (ms), the ratio to the bare view, response bytes (as sent to "
        "a client that accepts gzip, and uncompressed) and SQL queries per page, as one JSON "
        "object."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--trials", type=int, default=1000, help="synthetic trials")
        parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
        parser.add_argument("--phase", choices=["fill", "measure"], help=_INTERNAL)

    def handle(self, *args: Any, trials: int, requests: int, phase: str | None, **_: Any) -> None:
        if trials < 1:
            raise CommandError("--trials must be at least 1.")
        if requests < 1:
            raise CommandError("--requests must be at least 1.")
        match phase:
            case "fill":
                self._fill(trials)
            case "measure":
                self.stdout.write(json.dumps(self._measure(trials, requests)))
            case _:
                self.stdout.write(json.dumps(self._run(trials, requests), indent=2))

    # The parent: a database of its own, one process to fill it, one to measure ------------------

    def _run(self, trials: int, requests: int) -> dict[str, Any]:
        default = settings.DATABASES["default"]
        with tempfile.TemporaryDirectory(prefix="bench-web-") as folder:
            admin: Any = None
            if default["ENGINE"] == "django.db.backends.postgresql":
                import psycopg

                name = f"bench_web_{uuid.uuid4().hex[:12]}"
                url = dj_database_url.parse(os.environ["DATABASE_URL"])
                # A connection of its own: the project's may be inside a transaction (or a test).
                admin = psycopg.connect(
                    host=url["HOST"],
                    port=url["PORT"] or 5432,
                    user=url["USER"],
                    password=url.get("PASSWORD") or None,
                    dbname=url["NAME"],
                    autocommit=True,
                )
                admin.execute(f'CREATE DATABASE "{name}"')
                login = url["USER"] + (f":{url['PASSWORD']}" if url.get("PASSWORD") else "")
                database_url = f"postgres://{login}@{url['HOST']}:{url['PORT'] or 5432}/{name}"
                drop = name
            else:
                database_url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
                drop = ""
            try:
                env = {
                    **os.environ,
                    "DATABASE_URL": database_url,
                    "DJANGO_CATALOGUE_REBUILD_IN_REQUEST": "false",
                    # Pages link static files by name; no collectstatic manifest is needed.
                    "DJANGO_MANIFEST_STATIC": "false",
                }
                base = [sys.executable, str(MANAGE), "bench_web", "--trials", str(trials)]
                subprocess.run([*base, "--phase", "fill"], env=env, check=True)
                measured = subprocess.run(
                    [*base, "--requests", str(requests), "--phase", "measure"],
                    env=env,
                    check=True,
                    stdout=subprocess.PIPE,
                    text=True,
                )
                return dict(json.loads(measured.stdout.strip().splitlines()[-1]))
            finally:
                if admin is not None:
                    admin.execute(f'DROP DATABASE IF EXISTS "{drop}" WITH (FORCE)')
                    admin.close()

    def _fill(self, trials: int) -> None:
        from matcher.synthetic import publish_synthetic_trials

        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        publish_synthetic_trials(trials)
        if connection.vendor == "postgresql":
            # What autovacuum does for a database in service after a bulk load (it may be off,
            # or not have come round yet): planner statistics and the visibility map.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")

    # The measuring process: a fresh interpreter, like a web worker ------------------------------

    def _measure(self, trials: int, requests: int) -> dict[str, Any]:
        host = next((h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".")), "localhost")
        host = host.strip("[]")
        started = time.perf_counter()
        catalogue_cache().get()  # a worker's first (blocking) build, timed
        first_build = time.perf_counter() - started
        trial = Trial.objects.published().order_by("pk").first()
        assert trial is not None
        patient = Client(SERVER_NAME=host)
        patient.post("/match/begin/", {"mode": "patient"})
        patient.post("/match/question/", {"step": "diagnosis", "answer": "NPC"})
        clinician = Client(SERVER_NAME=host)
        clinician.post("/match/begin/", {"mode": "clinician"})
        clinician.post("/match/clinician/", CLINICIAN_FORM)
        api_bodies = {
            "api_match": json.dumps({"answers": REALISTIC_PROFILE, "as_of": "2026-12-01"}),
            "api_match_clinician": json.dumps(
                {"answers": CLINICIAN_ANSWERS, "as_of": "2026-12-01", "audience": "clinician"}
            ),
        }
        # name -> (client whose session it uses, method, path)
        pages: dict[str, tuple[Client, str, str]] = {
            "bare": (patient, "GET", "/healthz"),
            "home": (patient, "GET", "/"),
            "trial_list": (patient, "GET", "/trials/"),
            "trial_search": (patient, "GET", "/trials/?q=tislelizumab+NPC"),
            "trial_page": (patient, "GET", trial.get_absolute_url()),
            "questionnaire_step": (patient, "GET", "/match/question/"),
            "results": (patient, "GET", "/match/results/"),
            "results_group_page": (
                patient,
                "GET",
                "/match/results/?group=possibly_eligible&page=3",
            ),
            "results_not_eligible": (patient, "GET", "/match/results/?group=not_eligible"),
            "clinician": (clinician, "GET", "/match/clinician/"),
            "api_match": (patient, "POST", "/api/v1/match"),
            "api_match_clinician": (clinician, "POST", "/api/v1/match"),
        }

        # Bytes and SQL queries per page, in this process through the test client.
        report: dict[str, dict[str, float]] = {}
        for name, (client, method, path) in pages.items():
            api_body = api_bodies[name] if method == "POST" else None

            def call(c: Client = client, p: str = path, body: str | None = api_body) -> Any:
                if body is not None:
                    return c.post(p, body, content_type="application/json")
                return c.get(p)

            call()
            with CaptureQueriesContext(connection) as captured:
                response = call()
            if response.status_code != 200:
                raise CommandError(f"{name} answered {response.status_code}.")
            report[name] = {"bytes_uncompressed": len(response.content), "queries": len(captured)}

        # Timings through a real server: one gunicorn worker on the loopback address.
        with _Server(host) as server:
            for name, (client, method, path) in pages.items():
                cookie = f"sessionid={client.cookies['sessionid'].value}"
                body = api_bodies[name].encode() if method == "POST" else None
                for _ in range(3):  # warm the worker
                    server.request(method, path, cookie, body)
                cpu_before = server.worker_cpu_seconds()
                samples = [server.request(method, path, cookie, body) for _ in range(requests)]
                cpu = (server.worker_cpu_seconds() - cpu_before) / requests * 1000
                report[name]["worker_cpu_ms"] = round(cpu, 2)
                report[name]["p50_ms"] = round(statistics.median(samples), 2)
                report[name]["p95_ms"] = round(_percentile(samples, 0.95), 2)
                # The body as the server sent it to a client that accepts gzip, as browsers and
                # HTTP libraries do (only the API compresses: pages carry a CSRF token).
                report[name]["bytes"] = server.last_bytes
            bare = report["bare"]["p50_ms"]
            bare_cpu = report["bare"]["worker_cpu_ms"] or 0.01
            for numbers in report.values():
                numbers["ratio_to_bare"] = round(numbers["p50_ms"] / bare, 2)
                # The worker's own CPU time per request: what a busy machine distorts least.
                numbers["cpu_ratio_to_bare"] = round(numbers["worker_cpu_ms"] / bare_cpu, 2)
            worker = server.worker_pid()

            # A publish: the worker notices it on the next request, which must not wait for
            # the rebuild; the requests after it are timed until the new catalogue serves.
            results_cookie = f"sessionid={patient.cookies['sessionid'].value}"
            api_cookie = f"sessionid={patient.cookies['sessionid'].value}"
            served = server.total_trials(api_cookie, api_bodies["api_match"].encode())
            # The page as the others found it (its profile last ranked), so that the requests
            # after the publish differ from the timed ones by the publish alone.
            server.request("GET", "/match/results/", results_cookie)
            trial.published = False
            trial.save()
            after = [server.request("GET", "/match/results/", results_cookie) for _ in range(5)]
            first_after = after[0]
            memory = _memory_mb(worker)  # while the worker rebuilds
            # Until the worker serves the new catalogue (one trial fewer), then its memory again:
            # the peak covers the rebuild beside the catalogue still served.
            started = time.perf_counter()
            while server.total_trials(api_cookie, api_bodies["api_match"].encode()) == served:
                if time.perf_counter() - started > 900:
                    raise CommandError("The worker did not rebuild its catalogue in 15 minutes.")
                time.sleep(0.5)
            rebuilt_after = time.perf_counter() - started
            memory_after = _memory_mb(worker)
            # In this process: a build from nothing, as a worker's first, and a rebuild beside
            # it, as a worker's after a change.
            built = build_catalogue(CatalogueVersion.current())
            rebuild_in_process = build_catalogue(built.version, built).built_in_seconds
            same_worker = server.worker_pid() == worker
        return {
            "trials": trials,
            "database": connection.vendor,
            "load_average": [round(load, 2) for load in os.getloadavg()],
            "timed_through": "gunicorn, 1 sync worker, HTTP on the loopback address",
            "requests_per_page": requests,
            "pages": report,
            "first_after_publish_ms": round(first_after, 2),
            "first_after_publish_ratio": round(first_after / report["results"]["p50_ms"], 2),
            "after_publish_ms": [round(sample, 1) for sample in after],
            "worker_survived_rebuild": same_worker,
            "first_build_s": round(first_build, 3),
            "build_s": round(built.built_in_seconds, 3),
            "rebuild_s": round(rebuild_in_process, 3),
            "worker_memory": memory,
            "worker_memory_after_rebuild": memory_after,
            "rebuild_in_worker_s": round(rebuilt_after, 1),
        }


class _Server:
    """gunicorn with one worker over the same database, timed with plain HTTP requests."""

    def __init__(self, host: str) -> None:
        self.host = host
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process: subprocess.Popen[bytes] | None = None
        self.last_bytes = 0  # the body of the last response as sent (compressed or not)

    def __enter__(self) -> _Server:
        env = {**os.environ, "DJANGO_SSL_REDIRECT": "false", "DJANGO_LOG_LEVEL": "WARNING"}
        command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "1"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"]
        # The worker's first request compiles the catalogue (tens of seconds at 50,000 trials
        # on a busy machine): past gunicorn's default 30-second timeout.
        command += ["--timeout", "600"]
        self.process = subprocess.Popen(command, env=env, cwd=MANAGE.parent)
        for _ in range(100):
            try:
                self.request("GET", "/healthz", "")
                return self
            except OSError:
                time.sleep(0.1)
        raise CommandError("gunicorn did not start.")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)

    def request(self, method: str, path: str, cookie: str, body: bytes | None = None) -> float:
        """Send one request; return its time in milliseconds (connection included)."""
        headers = {"Host": self.host, "Cookie": cookie, "Accept-Encoding": "gzip"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        start = time.perf_counter()
        http = HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            http.request(method, path, body=body, headers=headers)
            response = http.getresponse()
            self.last_bytes = len(response.read())
        finally:
            http.close()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            raise CommandError(f"{method} {path} answered {response.status} through gunicorn.")
        return elapsed

    def total_trials(self, cookie: str, body: bytes) -> int:
        """The number of trials the match API ranks (`total`), as the worker serves them now."""
        headers = {"Host": self.host, "Cookie": cookie, "Content-Type": "application/json"}
        http = HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            http.request("POST", "/api/v1/match", body=body, headers=headers)
            response = http.getresponse()
            answer = json.loads(response.read())
        finally:
            http.close()
        return int(answer["total"])

    def worker_cpu_seconds(self) -> float:
        """The worker's user + system CPU time so far (Linux /proc; 0 elsewhere)."""
        try:
            fields = Path(f"/proc/{self.worker_pid()}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def worker_pid(self) -> int:
        assert self.process is not None
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return int(children[0])


_INTERNAL = "internal: run one step in a process of its own"
