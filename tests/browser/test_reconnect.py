"""The client's sockets say they are reconnecting when the server goes away, and recover on their own."""
from __future__ import annotations

import os

import pytest
from selenium.webdriver.common.by import By

from conftest import Apps
from harness import BourseServer, StaticProxy
from pages import client_login, visible, wait_for


@pytest.fixture
def own_server():
    server = BourseServer(os.environ.get("BOURSE_BIN", "/tmp/bourse-bin/bourse")).start()
    proxy = None if os.environ.get("BOURSE_SERVES_PUBLIC") == "1" else StaticProxy(lambda: server.port)
    yield server, Apps(server, proxy)
    server.cleanup()
    if proxy:
        proxy.stop()


def test_socket_status_shows_reconnecting_and_recovers(driver, own_server, output_dir):
    server, apps = own_server
    email, password, _ = apps.register("Reconnect Tester")
    client_login(driver, apps, email, password)
    wait_for(driver, lambda d: d.find_element(By.ID, "ws-trading").get_attribute("data-state") == "open")

    server.stop()
    wait_for(driver, lambda d: d.find_element(By.ID, "ws-market").get_attribute("data-state") == "reconnecting",
             message="market socket never said reconnecting")
    banner = visible(driver, "#conn-banner")
    assert "reconnecting" in banner.text.lower()
    driver.save_screenshot(str(output_dir / "client-reconnecting.png"))

    server.wait_port_free()
    server.start()
    for pill in ("ws-market", "ws-trading", "ws-notes"):
        wait_for(driver, lambda d, p=pill: d.find_element(By.ID, p).get_attribute("data-state") == "open", timeout=90,
                 message=f"{pill} did not recover")
    wait_for(driver, lambda d: not d.find_elements(By.ID, "conn-banner"))
