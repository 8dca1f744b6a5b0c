"""Fixtures that run the real `bourse` binary on loopback for system tests."""
import json
import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest

BIN = os.environ.get("BOURSE_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "bourse"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One `bourse serve` process; restartable on the same port and data directory."""

    def __init__(self, data_dir, port, extra_env=None):
        self.data_dir = data_dir
        self.port = port
        self.env = dict(os.environ, LOG_LEVEL="warning", SIM_SPEED="10", **(extra_env or {}))
        self.process = None
        self.admin_password = None
        self.stdout_path = os.path.join(data_dir, "stdout.log")

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        out = open(self.stdout_path, "a")
        self.process = subprocess.Popen(
            [BIN, "serve", "--data-dir", self.data_dir, "--port", str(self.port)],
            stdout=out, stderr=open(os.path.join(self.data_dir, "stderr.log"), "a"), env=self.env)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("bourse exited: " + open(os.path.join(self.data_dir, "stderr.log")).read()[-2000:])
            try:
                with urllib.request.urlopen(self.base + "/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        else:
            raise RuntimeError("bourse did not become healthy")
        text = open(self.stdout_path).read()
        match = re.search(r"Admin account: \S+  password: (\S+)", text)
        if match:
            self.admin_password = match.group(1)

    def kill9(self):
        self.process.kill()
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def call(base, method, path, body=None, token=None, timeout=30):
    """One JSON request; returns (status, parsed body)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            return response.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, (json.loads(raw) if raw else None)


@pytest.fixture
def server():
    data_dir = tempfile.mkdtemp(prefix="bourse-system-")
    instance = Server(data_dir, free_port())
    instance.start()
    yield instance
    instance.stop()
