"""Fixtures for the browser tests: a Bourse server, the apps' URLs and a headless Chromium."""
from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

from harness import BourseServer, StaticProxy, find_chromedriver, find_chromium

WAIT = float(os.environ.get("BOURSE_BROWSER_WAIT", "30"))
OUTPUT = Path(os.environ.get("BOURSE_TEST_OUTPUT", Path(__file__).parent / "output"))


class Apps:
    """Where the apps live for this run and how to reach the API from Python."""

    def __init__(self, server: BourseServer, proxy: StaticProxy | None):
        self.server = server
        self.proxy = proxy

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.proxy.port}" if self.proxy else self.server.base

    def _query(self) -> str:
        # Served by the proxy: HTTP is same-origin through it, WebSockets go straight to Bourse.
        return f"?ws=ws://127.0.0.1:{self.server.port}" if self.proxy else ""

    @property
    def client_url(self) -> str:
        return f"{self.origin}/{self._query()}"

    @property
    def admin_url(self) -> str:
        return f"{self.origin}/admin/{self._query()}"

    def call(self, method: str, path: str, body=None, token: str | None = None):
        req = urllib.request.Request(self.server.base + path, method=method)
        req.add_header("Accept", "application/json")
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, data, timeout=30) as res:
                raw = res.read()
                return res.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as e:
            raw = e.read()
            return e.code, (json.loads(raw) if raw else None)

    def register(self, display_name: str | None = None, password: str = "Correct-Horse-Battery-9"):
        email = f"trader-{uuid.uuid4().hex[:10]}@example.com"
        body = {"email": email, "password": password}
        if display_name is not None:
            body["display_name"] = display_name
        status, user = self.call("POST", "/api/auth/register", body)
        assert status == 201, user
        return email, password, user

    def login(self, email: str, password: str) -> str:
        status, tokens = self.call("POST", "/api/auth/login", {"email": email, "password": password})
        assert status == 200, tokens
        return tokens["access_token"]

    @property
    def admin_password(self) -> str:
        assert self.server.admin_password, "the server did not print an admin password"
        return self.server.admin_password


@pytest.fixture(scope="session")
def bourse():
    binary = os.environ.get("BOURSE_BIN", "/tmp/bourse-bin/bourse")
    if not os.path.exists(binary):
        pytest.fail(f"BOURSE_BIN {binary} does not exist (build the server first)")
    server = BourseServer(binary).start()
    yield server
    server.cleanup()


@pytest.fixture(scope="session")
def apps(bourse):
    serves = os.environ.get("BOURSE_SERVES_PUBLIC") == "1"
    proxy = None if serves else StaticProxy(lambda: bourse.port)
    yield Apps(bourse, proxy)
    if proxy:
        proxy.stop()


def make_driver(width=1280, height=800, dark=False):
    chromium = find_chromium()
    driver_path = find_chromedriver()
    if not chromium or not driver_path:
        pytest.fail("chromium and chromium-driver are required: apt-get install -y chromium chromium-driver")
    opts = Options()
    opts.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={width},{height}", "--force-device-scale-factor=1", "--disable-extensions",
                "--no-first-run", "--disable-background-timer-throttling", "--disable-renderer-backgrounding"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(driver_path), options=opts)
    drv.set_window_size(width, height)
    # The window size includes browser chrome; pin the page's viewport to exactly width×height.
    drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    if dark:
        drv.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    drv.set_page_load_timeout(60)
    return drv


@pytest.fixture
def driver(request):
    drv = make_driver()
    yield drv
    OUTPUT.mkdir(parents=True, exist_ok=True)
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        drv.save_screenshot(str(OUTPUT / f"FAILED-{request.node.name}.png"))
        try:
            logs = drv.get_log("browser")
            (OUTPUT / f"FAILED-{request.node.name}.console.txt").write_text("\n".join(str(l) for l in logs))
        except Exception:
            pass
    drv.quit()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


@pytest.fixture
def wait(driver):
    return WebDriverWait(driver, WAIT)


@pytest.fixture(scope="session")
def output_dir():
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT
