"""Fixtures that run the real `bourse` binary on loopback for system tests."""
import json
import os
import re
import shutil
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


class RedisServer:
    """A throwaway redis-server on loopback that can be stopped and started again on its port."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        assert self.binary, "redis-server is not installed (scripts/test installs Debian's package)"
        self.folder = tempfile.mkdtemp(prefix="bourse-system-redis-")
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}"

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.folder, "--logfile", os.path.join(self.folder, "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline:
            assert self.process.poll() is None, "redis-server exited: " + self.log()
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                    connection.sendall(b"PING\r\n")
                    if connection.recv(64).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("redis-server did not answer PING: " + self.log())

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def log(self):
        try:
            return open(os.path.join(self.folder, "redis.log")).read()[-2000:]
        except OSError:
            return ""

    def remove(self):
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


class PostgresCluster:
    """A throwaway PostgreSQL 15 cluster on loopback (as scripts/lib.sh `start_postgres` makes it:
    trust on loopback, fsync off), stoppable and startable again on its port and data directory.
    PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user."""

    BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")

    def __init__(self):
        assert os.access(os.path.join(self.BIN, "pg_ctl"), os.X_OK), \
            f"PostgreSQL 15 is not installed in {self.BIN} (scripts/test installs postgresql-15)"
        self.folder = tempfile.mkdtemp(prefix="bourse-system-pg-")
        self.port = free_port()
        os.mkdir(os.path.join(self.folder, "sock"))
        self.as_owner = []
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "postgres:postgres", self.folder], check=True)
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        result = subprocess.run(
            self.as_owner + [os.path.join(self.BIN, "initdb"), "-D", self.data, "-U", "bourse",
                             "--auth-host=trust", "--auth-local=trust", "-E", "UTF8"],
            capture_output=True, text=True)
        if result.returncode != 0:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise RuntimeError("initdb failed: " + result.stdout[-1500:] + result.stderr[-1500:])

    @property
    def data(self):
        return os.path.join(self.folder, "data")

    @property
    def url(self):
        return f"postgres://bourse@127.0.0.1:{self.port}/postgres?sslmode=disable"

    def pg_ctl(self, *arguments, check=True):
        result = subprocess.run(self.as_owner + [os.path.join(self.BIN, "pg_ctl"), "-D", self.data, *arguments],
                                capture_output=True, text=True, timeout=120)
        if check:
            assert result.returncode == 0, f"pg_ctl {arguments[-1]} failed: {result.stdout[-1500:]}{result.stderr[-1500:]}\n{self.log()}"
        return result

    def start(self):
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder}/sock -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300")
        self.pg_ctl("-l", os.path.join(self.folder, "server.log"), "-w", "-t", "60", "-o", options, "start")

    def stop(self, mode="fast"):
        self.pg_ctl("-m", mode, "-w", "stop")

    @property
    def running(self):
        return self.pg_ctl("status", check=False).returncode == 0

    def log(self):
        try:
            return open(os.path.join(self.folder, "server.log")).read()[-2000:]
        except OSError:
            return ""

    def remove(self):
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            self.pg_ctl("-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def redis_server():
    """A redis-server of this test module's own (never the one scripts/test shares)."""
    instance = RedisServer()
    try:
        instance.start()
        yield instance
    finally:
        instance.remove()


@pytest.fixture(scope="module")
def postgres_cluster():
    """A PostgreSQL cluster of this test module's own (never the one scripts/test shares)."""
    instance = PostgresCluster()
    try:
        instance.start()
        yield instance
    finally:
        instance.remove()


@pytest.fixture(scope="module")
def services_server(redis_server, postgres_cluster):
    """`bourse serve` (role all) on PostgreSQL and Redis Pub/Sub, with a fresh data directory."""
    data_dir = tempfile.mkdtemp(prefix="bourse-system-")
    instance = Server(data_dir, free_port(), extra_env={
        "DATABASE_URL": postgres_cluster.url, "REDIS_URL": redis_server.url,
        "JWT_SECRET_KEY": "system-test-signing-key-" + os.urandom(16).hex()})
    try:
        instance.start()
        yield instance
    finally:
        instance.stop()
