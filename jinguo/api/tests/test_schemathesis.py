"""Schemathesis against the live API: whatever a client sends, the answer is never a server error.

It reads the OpenAPI schema from the running server, generates valid and invalid requests for
every operation (a bounded number each, from a fixed seed so a CI failure can be replayed), and
fails on any 5xx. Set JINGUO_SCHEMATHESIS_SEED to explore other inputs.
"""

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from rest_framework.throttling import ScopedRateThrottle

from jinguo.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.live

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
SEED = os.environ.get("JINGUO_SCHEMATHESIS_SEED", "20240601")
EXAMPLES_PER_OPERATION = 25
OPERATIONS = 28  # test_schema.OPERATIONS


def _post_json(url: str, data: dict[str, str]) -> dict[str, str]:
    request = urllib.request.Request(  # noqa: S310 - the live test server's own URL
        url, data=json.dumps(data).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.load(response)


def _command(base_url: str, token: str, report: Path) -> list[str]:
    return [
        str(SCHEMATHESIS),
        "--no-color",
        "run",
        f"{base_url}/api/schema/",
        "--url",
        base_url,
        "--header",
        f"Authorization: Token {token}",
        "--checks",
        "not_a_server_error",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        "--seed",
        SEED,
        "--workers",
        "1",  # the live server shares one in-memory SQLite connection between its threads
        "--request-timeout",
        "20",
        "--generation-database",
        "none",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]


def test_no_request_gets_a_server_error(live_world, live_server, tmp_path, monkeypatch):
    # The token view's rate limit (tested in test_api) would answer most fuzzed logins with 429.
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {**ScopedRateThrottle.THROTTLE_RATES, "token": "1000/s"})
    token = _post_json(f"{live_server.url}/api/v1/auth/token/", {"username": "admin", "password": DEMO_PASSWORD})
    report = tmp_path / "report.json"
    result = subprocess.run(
        _command(live_server.url, token["token"], report),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )
    output = f"{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, f"schemathesis found problems:\n{output}"
    summary = json.loads(report.read_text())
    assert summary["failures"] == [] and summary["errors"] == [], output
    assert summary["operations"] | {"skip_reasons": []} == {
        "total": OPERATIONS,
        "selected": OPERATIONS,
        "tested": OPERATIONS,
        "errored": 0,
        "skipped": 0,
        "skip_reasons": [],
    }, output
    assert summary["test_cases"]["generated"] >= OPERATIONS * 20, output
