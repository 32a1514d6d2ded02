"""The JSON API against its own OpenAPI document, on a real server (gunicorn over a fresh,
seeded database), as clients reach it: schemathesis generates valid and invalid requests from
the live document and runs every check it has; a chunked body is read like any other.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.test_servers import (
    Site,
    running_site,
)

# Its processes use the database DATABASE_URL names: it runs in every database pass.
pytestmark = pytest.mark.database

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
# Per operation; with four operations the whole run stays near half a minute on a busy machine.
MAX_EXAMPLES = 50
HLX43 = "hlx43-recurrent-metastatic-npc"


@pytest.fixture(scope="module")
def api_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One gunicorn server (two workers) over a fresh, migrated, seeded database."""
    with running_site(tmp_path_factory.mktemp("api"), LOG_LEVEL="ERROR") as site:
        yield site


def test_schemathesis_finds_no_failure_with_every_check(api_server: Site, tmp_path: Path):
    config = tmp_path / "schemathesis.toml"
    # A real trial for the one path parameter, so the trial's own answer is checked too
    # (arbitrary keys are test_api_fuzz's work).
    config.write_text(
        f'[[operations]]\ninclude-path = "/trials/{{key}}"\nparameters = {{ key = "{HLX43}" }}\n'
    )
    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "--config-file",
            str(config),
            "run",
            api_server.urls[0] + "/api/v1/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--workers",
            "1",
            "--seed",
            "20261129",
            "--request-timeout",
            "30",
            "--no-color",
        ],
        cwd=tmp_path,
        env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    print(result.stdout[result.stdout.find("SUMMARY") :])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "Tested: 4" in result.stdout
    assert " passed" in result.stdout


def post_chunked(base: str, chunks: list[bytes], content_type: str = "application/json"):
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(
            "POST",
            "/api/v1/match",
            body=iter(chunks),
            headers={"Content-Type": content_type},
            encode_chunked=True,
        )
        response = connection.getresponse()
        return response.status, response.getheader("Transfer-Encoding"), response.read()
    finally:
        connection.close()


def test_a_chunked_body_is_read_in_full(api_server: Site):
    body = json.dumps({"answers": {"age": 52, "diagnosis": "NPC"}, "limit": 2}).encode()
    status, _, content = post_chunked(api_server.urls[0], [body[:7], body[7:30], body[30:]])
    assert status == 200, content[:500]
    assert len(json.loads(content)["results"]) == 2


def test_a_chunked_body_over_the_limit_is_413_json(api_server: Site):
    status, _, content = post_chunked(
        api_server.urls[0], [b'{"answers": {"x": "'] + [b"y" * 8192] * 10
    )
    assert status == 413
    assert "body" in json.loads(content)["errors"]
