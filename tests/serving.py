"""A ``realpolitik serve`` subprocess for tests that drive the server over HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest


def call(url: str, body: dict[str, Any] | None = None, timeout: float = 120) -> Any:
    """GET ``url`` (or POST ``body`` as JSON) and the decoded JSON answer."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(folder: Path, wait_s: float = 60) -> Iterator[str]:
    """``realpolitik serve`` on a fresh store in ``folder``, bound to 127.0.0.1 and a free
    port, without a token; its base URL once /health answers, and stopped afterwards."""
    port = free_port()
    log_path = folder / "serve.log"
    command = [sys.executable, "-m", "realpolitik.cli", "serve"]
    command += ["--db", str(folder / "events.duckdb"), "--port", str(port)]
    env = {name: value for name, value in os.environ.items() if name != "REALPOLITIK_TOKEN"}
    with log_path.open("w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + wait_s
            while True:
                if process.poll() is not None:
                    pytest.fail(f"realpolitik serve exited: {log_path.read_text()}")
                try:
                    call(f"{base}/health")
                    break
                except (urllib.error.URLError, ConnectionError):
                    if time.monotonic() > deadline:
                        pytest.fail(f"realpolitik serve did not answer within {wait_s:.0f} s")
                    time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
