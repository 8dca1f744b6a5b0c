"""Screenshots of the main views in light and dark themes, laptop and phone sizes.

They land in BOURSE_TEST_OUTPUT (default tests/browser/output) for a human to look at; the test
also fails on JavaScript errors in the console.
"""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from conftest import make_driver
from pages import admin_login, client_login, select_symbol, visible, wait_for

SIZES = {"laptop": (1280, 800), "phone": (390, 844)}


def severe_console_errors(driver):
    # 404s from sections whose API is not on the server yet are expected network noise, not script errors.
    return [l for l in driver.get_log("browser") if l.get("level") == "SEVERE" and "favicon" not in l.get("message", "")
            and not (l.get("source") == "network" and "status of 404" in l.get("message", ""))]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("size", list(SIZES))
def test_client_screens(apps, output_dir, theme, size):
    email, password, _ = apps.register("Screenshot Trader")
    token = apps.login(email, password)
    apps.call("POST", "/trading/orders", {"symbol": "ETHUSD", "side": "buy", "type": "market", "qty": "1"}, token)
    apps.call("POST", "/trading/orders", {"symbol": "BTCUSD", "side": "buy", "type": "limit", "qty": "0.01", "limit_price": "1000.00"}, token)
    w, h = SIZES[size]
    driver = make_driver(w, h, dark=theme == "dark")
    try:
        driver.get(apps.client_url)
        driver.execute_script("localStorage.setItem('bourse.theme', arguments[0])", theme)
        client_login(driver, apps, email, password)
        select_symbol(driver, "BTCUSD")
        wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#open-orders tbody tr[data-order-id]"))
        wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#book-bids tr.bid"))
        driver.save_screenshot(str(output_dir / f"client-{size}-{theme}.png"))
        if size == "laptop":
            driver.find_element(By.ID, "tab-positions").click()
            visible(driver, '#bottom-body tr[data-symbol="ETHUSD"]')
            driver.save_screenshot(str(output_dir / f"client-{size}-{theme}-positions.png"))
        else:
            driver.execute_script("document.querySelector('.area-ticket').scrollIntoView()")
            driver.save_screenshot(str(output_dir / f"client-{size}-{theme}-ticket.png"))
        assert severe_console_errors(driver) == []
    finally:
        driver.quit()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_client_login_screen(apps, output_dir, theme):
    driver = make_driver(390, 844, dark=theme == "dark")
    try:
        driver.get(apps.client_url)
        driver.execute_script("localStorage.setItem('bourse.theme', arguments[0])", theme)
        driver.refresh()
        visible(driver, "#login-form")
        driver.save_screenshot(str(output_dir / f"client-login-phone-{theme}.png"))
        assert severe_console_errors(driver) == []
    finally:
        driver.quit()


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("size", list(SIZES))
def test_admin_screens(apps, output_dir, theme, size):
    apps.register("Listed <i>User</i>")
    w, h = SIZES[size]
    driver = make_driver(w, h, dark=theme == "dark")
    try:
        driver.get(apps.admin_url)
        driver.execute_script("localStorage.setItem('bourse.theme', arguments[0])", theme)
        admin_login(driver, apps, "admin@bourse.local", apps.admin_password)
        visible(driver, "#console")
        wait_for(driver, lambda d: d.find_element(By.ID, "ws-market").get_attribute("data-state") == "open")
        visible(driver, "#ws-stats .cards")
        wait_for(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "#sec-overview .state.loading"))
        driver.save_screenshot(str(output_dir / f"admin-{size}-{theme}-overview.png"))
        for route, ready in (("market", "#audit-body tr"), ("users", "#users-body tr[data-user-id]"), ("scheduler", "#jobs-list > *"), ("analytics", "#analytics-cards .card")):
            driver.get(apps.admin_url + f"#/{route}")
            visible(driver, ready)
            wait_for(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, f"#sec-{route} .state.loading"))
            driver.save_screenshot(str(output_dir / f"admin-{size}-{theme}-{route}.png"))
        assert severe_console_errors(driver) == []
    finally:
        driver.quit()
