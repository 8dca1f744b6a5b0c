"""Test harness for the Bourse web apps: start the server binary, and (until the server serves
Public/ itself) a small static server that also proxies the HTTP API to it.

Environment:
  BOURSE_BIN            server binary (default /tmp/bourse-bin/bourse)
  BOURSE_SERVES_PUBLIC  "1": the server serves the apps itself; open http://127.0.0.1:PORT/ directly
  BOURSE_SPEED          simulation speed passed to `serve --speed` (default 10)
  BOURSE_TEST_OUTPUT    where screenshots go (default tests/browser/output)
"""
from __future__ import annotations

import http.client
import http.server
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = ROOT / "Public"
PROXIED_PREFIXES = ("/api/", "/market/", "/trading/", "/health", "/metrics", "/openapi.json")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BourseServer:
    """One `bourse serve` process on a fixed port with its own data directory."""

    def __init__(self, binary: str, port: int | None = None, data_dir: str | None = None):
        self.binary = binary
        self.port = port or free_port()
        self.created_dir = data_dir is None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="bourse-browser-")
        self.proc: subprocess.Popen | None = None
        self.admin_password: str | None = None
        self.stdout_lines: list[str] = []
        self.log_path = Path(self.data_dir) / "server-stderr.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120.0) -> "BourseServer":
        env = dict(os.environ)
        env.setdefault("CORS_ORIGINS", "*")
        env.setdefault("PUBLIC_DIR", str(PUBLIC))
        speed = os.environ.get("BOURSE_SPEED", "10")
        self.stderr = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--data-dir", self.data_dir, "--port", str(self.port), "--speed", speed],
            stdout=subprocess.PIPE, stderr=self.stderr, env=env, cwd=str(ROOT), text=True, bufsize=1,
        )
        ready = threading.Event()

        def read():
            assert self.proc and self.proc.stdout
            for line in self.proc.stdout:
                self.stdout_lines.append(line)
                m = re.search(r"password:\s*(\S+)", line)
                if m:
                    self.admin_password = m.group(1)
                if "is running at" in line:
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(timeout) or self.proc.poll() is not None:
            raise RuntimeError(f"bourse did not start: {''.join(self.stdout_lines)} (stderr in {self.log_path})")
        # The admin password is printed only on the first start of a data directory.
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def cleanup(self) -> None:
        """Stops the server and removes the data directory this harness created."""
        self.stop()
        if self.created_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def wait_port_free(self, timeout: float = 30.0) -> None:
        end = time.time() + timeout
        while time.time() < end:
            with socket.socket() as s:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    s.bind(("127.0.0.1", self.port))
                    return
                except OSError:
                    time.sleep(0.2)


def make_static_handler(upstream_port_getter):
    class Handler(http.server.SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(PUBLIC), **kw)

        def log_message(self, *args):  # keep pytest output clean
            pass

        def end_headers(self):
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def guess_type(self, path):
            if str(path).endswith(".js"):
                return "text/javascript"
            return super().guess_type(path)

        def translate_path(self, path):
            clean = path.split("?", 1)[0]
            if clean in ("/", ""):
                clean = "/client/index.html"
            elif clean in ("/admin", "/admin/"):
                clean = "/admin/index.html"
            return super().translate_path(clean)

        def proxy(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "accept-encoding")}
            try:
                conn = http.client.HTTPConnection("127.0.0.1", upstream_port_getter(), timeout=30)
                conn.request(self.command, self.path, body=body, headers=headers)
                res = conn.getresponse()
                data = res.read()
            except OSError:
                data = b'{"error":true,"code":"bad_gateway","reason":"the Bourse server is not reachable"}'
                self.send_response(502)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            self.send_response(res.status)
            for k, v in res.getheaders():
                if k.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            conn.close()

        def dispatch(self):
            if self.path.startswith(PROXIED_PREFIXES):
                self.proxy()
            elif self.command in ("GET", "HEAD"):
                super().do_GET() if self.command == "GET" else super().do_HEAD()
            else:
                self.send_error(405)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = dispatch

    return Handler


class StaticProxy:
    """Serves Public/ and forwards API requests to Bourse (same origin, so no CORS involved)."""

    def __init__(self, upstream_port_getter):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_static_handler(upstream_port_getter))
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def find_chromedriver() -> str | None:
    for name in ("chromedriver", "chromium.chromedriver"):
        p = shutil.which(name)
        if p:
            return p
    for p in ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"):
        if os.path.exists(p):
            return p
    return None


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None
