"""The services shape on loopback for the cluster tests: `scripts/cluster start` (PostgreSQL,
Redis, a trading instance and its standby, two backend instances, nginx) in a state folder of the
test's own (CLUSTER_STATE), on free ports, stopped with `scripts/cluster stop` at the end whatever
happened. One cluster serves the whole module.

Environment: BOURSE_BIN (the binary scripts/cluster runs; default .build/debug/bourse),
BOURSE_CLUSTER_KEEP=1 keeps the state folder (logs, database) after the run.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid

import pytest
import requests
import websocket

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.abspath(os.environ.get("BOURSE_BIN", os.path.join(ROOT, ".build", "debug", "bourse")))
PASSWORD = "correct horse battery"

# What the terminal summary prints when a test failed: the ends of the cluster's logs.
_FAILURE_NOTES = []


def free_ports(count):
    """`count` distinct free TCP ports on loopback (held open together so none repeats)."""
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def read_env_file(path):
    """KEY=VALUE lines of cluster.env (values possibly in single quotes)."""
    values = {}
    with open(path) as file:
        for line in file:
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, value = line.split("=", 1)
            if len(value) >= 2 and value[0] == value[-1] == "'":
                value = value[1:-1]
            values[key] = value
    return values


def call(base, method, path, body=None, token=None, timeout=10):
    """One JSON request; returns (status, parsed body or text). Connection errors propagate."""
    headers = {"Authorization": "Bearer " + token} if token else {}
    response = requests.request(method, base + path, json=body, headers=headers, timeout=timeout)
    try:
        parsed = response.json() if response.content else None
    except ValueError:
        parsed = response.text
    return response.status_code, parsed


class Socket:
    """A WebSocket client (websocket-client) that reads JSON envelopes."""

    def __init__(self, url, timeout=10):
        self.url = url
        self.ws = websocket.create_connection(url, timeout=timeout)

    def ready(self, timeout=10):
        """Returns once the server has attached the socket to its channel: the hub answers a
        `ping` op only after the subscription is in place, so nothing published after this is
        missed. Envelopes read meanwhile are returned."""
        self.ws.send(json.dumps({"op": "ping"}))
        seen = []
        deadline = time.time() + timeout
        while True:
            message = self.next(deadline)
            assert message is not None, f"no pong from {self.redacted_url} within {timeout} s"
            if message.get("type") == "pong":
                return seen
            seen.append(message)

    def next(self, deadline):
        """The next envelope before `deadline` (epoch seconds), or None."""
        while True:
            remaining = deadline - time.time()
            if remaining <= 0:
                return None
            self.ws.settimeout(max(0.05, min(remaining, 1.0)))
            try:
                text = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                continue
            if text:
                return json.loads(text)

    def wait_for(self, predicate, timeout, what):
        """Reads envelopes until one satisfies `predicate`; fails after `timeout` seconds."""
        deadline = time.time() + timeout
        seen = []
        while True:
            message = self.next(deadline)
            if message is None:
                raise AssertionError(f"{what}: not received on {self.redacted_url} within {timeout} s; got {seen[-10:]}")
            seen.append(message)
            if predicate(message):
                return message

    @property
    def redacted_url(self):
        return re.sub(r"token=[^&]+", "token=...", self.url)

    def close(self):
        try:
            self.ws.close(timeout=1)
        except Exception:  # noqa: BLE001 - closing a dead socket
            pass


class Cluster:
    """The running cluster: its addresses, the admin, its processes and logs."""

    NAMES = ("backend-1", "backend-2", "trading", "trading-standby", "nginx", "redis", "postgres")

    def __init__(self, state, env, admin_email, admin_password, started_at):
        self.state = state
        self.env = env
        self.admin_email = admin_email
        self.admin_password = admin_password
        self.started_at = started_at
        self._admin_token = None

    # Addresses.
    @property
    def proxy(self):
        return f"http://127.0.0.1:{self.env['PORT']}"

    @property
    def proxy_ws(self):
        return f"ws://127.0.0.1:{self.env['PORT']}"

    def backend(self, number):
        return f"http://127.0.0.1:{self.env[f'BACKEND_{number}_PORT']}"

    def backend_ws(self, number):
        return f"ws://127.0.0.1:{self.env[f'BACKEND_{number}_PORT']}"

    # Accounts.
    def admin_token(self):
        if self._admin_token is None:
            status, tokens = call(self.proxy, "POST", "/api/auth/login", {"email": self.admin_email, "password": self.admin_password})
            assert status == 200, f"admin login through nginx: {status} {tokens}"
            self._admin_token = tokens["access_token"]
        return self._admin_token

    def new_user(self, base=None, label="user"):
        """Registers and logs in a fresh trader (through nginx unless `base` is given);
        returns (user id, access token)."""
        base = base or self.proxy
        email = f"{label}-{uuid.uuid4().hex[:12]}@example.com"
        status, user = call(base, "POST", "/api/auth/register", {"email": email, "password": PASSWORD})
        assert status == 201, f"register {email}: {status} {user}"
        status, tokens = call(base, "POST", "/api/auth/login", {"email": email, "password": PASSWORD})
        assert status == 200, f"login {email}: {status} {tokens}"
        return user["id"], tokens["access_token"]

    # Processes and logs.
    def pid(self, name):
        with open(os.path.join(self.state, "pids", f"{name}.pid")) as file:
            return int(file.read().strip())

    def alive(self, name):
        try:
            pid = self.pid(name)
            with open(f"/proc/{pid}/stat") as file:
                return file.read().split()[2] != "Z"
        except (OSError, ValueError):
            return False

    def kill9(self, name):
        """kill -9 the process in NAME's PID file and waits until it is gone; returns the time
        of the kill."""
        pid = self.pid(name)
        assert self.alive(name), f"{name} (pid {pid}) is not running"
        killed_at = time.time()
        os.kill(pid, signal.SIGKILL)
        deadline = time.time() + 10
        while self.alive(name):
            assert time.time() < deadline, f"{name} (pid {pid}) still there 10 s after SIGKILL"
            time.sleep(0.02)
        return killed_at

    def log(self, name):
        try:
            with open(os.path.join(self.state, "logs", f"{name}.log"), errors="replace") as file:
                return file.read()
        except OSError:
            return ""

    def log_tails(self, lines=25):
        parts = []
        for name in ("backend-1", "backend-2", "trading", "trading-standby", "nginx"):
            # nginx's error log has the request line, WebSocket tokens included.
            tail = re.sub(r"token=[^&\s\"]+", "token=...", self.log(name)).splitlines()[-lines:]
            parts.append(f"--- {self.state}/logs/{name}.log (last {len(tail)} lines)\n" + "\n".join(tail))
        return "\n".join(parts)


def _cluster_env(state, ports):
    names = ("CLUSTER_BACKEND_1_PORT", "CLUSTER_BACKEND_2_PORT", "CLUSTER_TRADING_PORT",
             "CLUSTER_TRADING_STANDBY_PORT", "CLUSTER_PG_PORT", "CLUSTER_REDIS_PORT")
    env = dict(os.environ, CLUSTER_STATE=state, BOURSE_BIN=BIN)
    env.pop("LOG_LEVEL", None)  # info: the log search test needs info records shipped
    env.update({name: str(port) for name, port in zip(names, ports)})
    return env


@pytest.fixture(scope="module")
def cluster(request):
    assert os.access(BIN, os.X_OK), f"BOURSE_BIN={BIN} is not an executable (swift build --product bourse)"
    state = tempfile.mkdtemp(prefix="bourse-cluster-test-")
    # PostgreSQL runs as the postgres user and must pass through the folder.
    os.chmod(state, 0o711)
    proxy_port, *ports = free_ports(7)
    env = _cluster_env(state, ports)
    failed_before = request.session.testsfailed
    instance = None
    try:
        result = subprocess.run([os.path.join(ROOT, "scripts", "cluster"), "start", "--port", str(proxy_port)],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"scripts/cluster start failed ({result.returncode}):\n{output[-4000:]}"
        match = re.search(r"^Admin account: (\S+)  password: (\S+)$", result.stdout, re.MULTILINE)
        assert match, f"scripts/cluster start printed no admin account:\n{output[-4000:]}"
        instance = Cluster(state, read_env_file(os.path.join(state, "cluster.env")), match.group(1), match.group(2), time.time())
        assert instance.env["PORT"] == str(proxy_port)
        yield instance
    finally:
        if request.session.testsfailed > failed_before and instance is not None:
            _FAILURE_NOTES.append(instance.log_tails())
        stop = subprocess.run([os.path.join(ROOT, "scripts", "cluster"), "stop"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=180)
        if stop.returncode != 0:
            _FAILURE_NOTES.append(f"scripts/cluster stop failed ({stop.returncode}):\n{stop.stdout}{stop.stderr}")
        if os.environ.get("BOURSE_CLUSTER_KEEP") == "1":
            _FAILURE_NOTES.append(f"cluster state kept in {state} (BOURSE_CLUSTER_KEEP=1)")
        else:
            shutil.rmtree(state, ignore_errors=True)
        assert stop.returncode == 0, f"scripts/cluster stop failed:\n{stop.stdout}{stop.stderr}"


def pytest_terminal_summary(terminalreporter):
    for note in _FAILURE_NOTES:
        terminalreporter.write_sep("-", "cluster")
        terminalreporter.write_line(note)
