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

from jinguo.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.live

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
SEED = os.environ.get("JINGUO_SCHEMATHESIS_SEED", "20240601")
EXAMPLES_PER_OPERATION = 40


def _token(base_url: str, username: str, password: str) -> str:
    request = urllib.request.Request(  # noqa: S310 - the live test server's own URL
        f"{base_url}/api/v1/auth/token/",
        data=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.load(response)["token"]


def test_no_request_gets_a_server_error(live_world, live_server, tmp_path):
    token = _token(live_server.url, "admin", DEMO_PASSWORD)
    command = [
        str(SCHEMATHESIS),
        "--no-color",
        "run",
        f"{live_server.url}/api/schema/",
        "--url",
        live_server.url,
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
        "--report-dir",
        str(tmp_path),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False, cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"schemathesis found problems:\n{output}"
    print(output)
    assert "not_a_server_error" in output  # the check ran
