"""A local stand-in for the ClinicalTrials.gov API v2 `/studies` endpoint, for the sync tests.

It serves real study JSON from `tests/fixtures/ctgov/real/` (and `corpus/` when present) on
127.0.0.1, in pages with page tokens, answering the parameters the sync sends:
`filter.overallStatus`, `filter.ids`, `filter.advanced=AREA[LastUpdatePostDate]RANGE[a,MAX]`,
`pageSize` and `pageToken` (the query terms `query.cond` / `query.locn` are recorded, not
applied: every held study matches). The fixture files carry no `lastUpdatePostDateStruct`; the
registry here stamps each study with a last update date of the test's choosing, which is test
scaffolding, not registry data. `faults` is a queue of answers to give instead of the next
pages: "429", "500", "timeout" (answer after the client gave up), "malformed" (not JSON).
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ctgov"
_RANGE = re.compile(r"AREA\[LastUpdatePostDate\]RANGE\[(\d{4}-\d{2}-\d{2}),MAX\]")


def real_studies() -> list[dict[str, Any]]:
    """Every real study fixture (one study object per file), in NCT ID order."""
    paths = sorted((FIXTURES / "real").glob("NCT*.json"))
    corpus = FIXTURES / "corpus"
    if corpus.is_dir():
        paths += sorted(corpus.glob("NCT*.json"))
    studies: dict[str, dict[str, Any]] = {}
    for path in paths:
        data = json.loads(path.read_text())
        for study in data.get("studies", [data]) if isinstance(data, dict) else data:
            studies[study["protocolSection"]["identificationModule"]["nctId"]] = study
    return [studies[key] for key in sorted(studies)]


def nct_id(study: dict[str, Any]) -> str:
    return str(study["protocolSection"]["identificationModule"]["nctId"])


def status_of(study: dict[str, Any]) -> str | None:
    return study["protocolSection"].get("statusModule", {}).get("overallStatus")


class Registry:
    """The studies the fake registry holds, and the faults it will inject."""

    def __init__(self, studies: list[dict[str, Any]], updated: str = "2026-11-01") -> None:
        self.studies: dict[str, dict[str, Any]] = {}
        for study in studies:
            self.put(study, updated)
        self.faults: list[str] = []
        self.requests: list[dict[str, list[str]]] = []
        self.lock = threading.Lock()
        self.slow_seconds = 1.0

    def put(self, study: dict[str, Any], updated: str) -> None:
        """Hold (or replace) a study, stamped as last updated on `updated`."""
        study = copy.deepcopy(study)
        status = study["protocolSection"].setdefault("statusModule", {})
        status["lastUpdatePostDateStruct"] = {"date": updated, "type": "ACTUAL"}
        self.studies[nct_id(study)] = study

    def set_status(self, key: str, status: str, updated: str) -> None:
        study = copy.deepcopy(self.studies[key])
        study["protocolSection"]["statusModule"]["overallStatus"] = status
        self.put(study, updated)

    def answer(self, query: dict[str, list[str]]) -> tuple[int, bytes, float]:
        """(HTTP status, body, seconds to wait first) for one request."""
        with self.lock:
            self.requests.append(query)
            fault = self.faults.pop(0) if self.faults else None
        match fault:
            case "429":
                return 429, b'{"message": "too many requests"}', 0.0
            case "500":
                return 500, b"internal error", 0.0
            case "malformed":
                return 200, b'{"studies": [{"protocolSection": ', 0.0
            case "timeout":
                return 200, b'{"studies": []}', self.slow_seconds
        selected = sorted(self.studies.values(), key=nct_id)
        if statuses := query.get("filter.overallStatus"):
            wanted = set(statuses[0].split("|"))
            selected = [s for s in selected if status_of(s) in wanted]
        if ids := query.get("filter.ids"):
            wanted = set(ids[0].split("|"))
            selected = [s for s in selected if nct_id(s) in wanted]
        if advanced := query.get("filter.advanced"):
            match = _RANGE.fullmatch(advanced[0])
            if match is None:
                return 400, b'{"message": "bad filter.advanced"}', 0.0
            selected = [
                s
                for s in selected
                if s["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"]
                >= match.group(1)
            ]
        size = int(query.get("pageSize", ["10"])[0])
        start = int(query.get("pageToken", ["p0"])[0].removeprefix("p"))
        page: dict[str, Any] = {"studies": selected[start : start + size]}
        if start + size < len(selected):
            page["nextPageToken"] = f"p{start + size}"
        return 200, json.dumps(page).encode(), 0.0


class ReplayServer:
    """`Registry` over HTTP on 127.0.0.1, in a thread; use as a context manager."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        registry_ref = registry

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path != "/api/v2/studies":
                    self.send_error(404)
                    return
                status, body, delay = registry_ref.answer(parse_qs(parts.query))
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/api/v2"

    def __enter__(self) -> ReplayServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
