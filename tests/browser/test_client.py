"""The trading client in a real headless Chromium against a real Bourse server."""
from __future__ import annotations

import uuid
from decimal import Decimal

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from pages import client_login, fill, select_symbol, text_of, visible, wait_for


def test_register_login_and_see_live_btc_price(driver, apps, output_dir):
    driver.get(apps.client_url)
    visible(driver, "#login-form")
    driver.find_element(By.ID, "tab-register").click()
    visible(driver, "#register-form")
    email = f"ui-{uuid.uuid4().hex[:8]}@example.com"
    fill(driver, "#reg-name", "Ada Trader")
    fill(driver, "#reg-email", email)
    fill(driver, "#reg-password", "Correct-Horse-Battery-9")
    driver.find_element(By.ID, "reg-password").send_keys(Keys.ENTER)  # Enter submits
    visible(driver, "#trade-view")
    wait_for(driver, lambda d: text_of(d, "#user-name") == "Ada Trader")
    wait_for(driver, lambda d: text_of(d, "#acct-equity") not in ("", "—"))

    select_symbol(driver, "BTCUSD")
    wait_for(driver, lambda d: d.find_element(By.ID, "ws-market").get_attribute("data-state") == "open")
    first = wait_for(driver, lambda d: (t := text_of(d, "#chart-last")) not in ("", "—") and t)
    # A live quote over the market socket changes the price shown (no reload, no polling of quotes).
    wait_for(driver, lambda d: text_of(d, "#chart-last") != first, timeout=90, message="BTCUSD price never changed")
    row_price = text_of(driver, '#watch-body tr[data-symbol="BTCUSD"] .last')
    assert row_price not in ("", "—")
    # The chart has drawn candles (the canvas is not blank-sized).
    canvas = driver.find_element(By.CSS_SELECTOR, "#chart-box canvas")
    assert canvas.size["width"] > 200 and canvas.size["height"] > 150
    driver.save_screenshot(str(output_dir / "client-trade.png"))


def test_limit_buy_far_below_market_shows_in_open_orders_and_cancels(driver, apps):
    email, password, _ = apps.register("Limit Tester")
    client_login(driver, apps, email, password)
    select_symbol(driver, "BTCUSD")
    _, quote = apps.call("GET", "/market/quotes/BTCUSD")
    far_below = (Decimal(quote["last"]) / 2).quantize(Decimal("0.01"))

    driver.find_element(By.CSS_SELECTOR, "#o-type option[value=limit]").click()
    fill(driver, "#o-qty", "0.01")
    fill(driver, "#o-limit", str(far_below))
    driver.find_element(By.ID, "order-submit").click()

    row = visible(driver, "#open-orders tbody tr[data-order-id]")
    order_id = row.get_attribute("data-order-id")
    assert "BTCUSD" in row.text and "limit" in row.text
    assert f"{far_below:,}" in row.text or str(far_below) in row.text

    row.find_element(By.CSS_SELECTOR, "button[data-cancel]").click()
    wait_for(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, f'#open-orders tr[data-order-id="{order_id}"]'),
             message="cancelled order still listed")
    token = apps.login(email, password)
    status, order = apps.call("GET", f"/trading/orders/{order_id}", token=token)
    assert status == 200 and order["status"] == "canceled"


def test_display_name_with_html_is_shown_as_text(driver, apps):
    nasty = "<img src=x onerror=alert(1)>"
    email, password, _ = apps.register(nasty)
    client_login(driver, apps, email, password)
    wait_for(driver, lambda d: text_of(d, "#user-name") == nasty)
    assert driver.find_elements(By.CSS_SELECTOR, "#user-name img") == []
    assert driver.find_elements(By.CSS_SELECTOR, "img[src=x]") == []
    try:
        driver.switch_to.alert
        raise AssertionError("an alert() ran: the display name was injected as HTML")
    except NoAlertPresentException:
        pass


def test_api_validation_error_appears_next_to_qty(driver, apps):
    email, password, _ = apps.register("Validation Tester")
    client_login(driver, apps, email, password)
    select_symbol(driver, "BTCUSD")
    driver.find_element(By.CSS_SELECTOR, "#o-type option[value=limit]").click()
    fill(driver, "#o-qty", "0")
    fill(driver, "#o-limit", "100")
    driver.find_element(By.ID, "o-limit").send_keys(Keys.ENTER)
    err = wait_for(driver, lambda d: (t := text_of(d, "#o-qty-err")) and t)
    assert "qty" in err or "zero" in err
    assert driver.find_element(By.ID, "o-qty").get_attribute("aria-invalid") == "true"
    assert driver.find_elements(By.CSS_SELECTOR, "#open-orders tbody tr[data-order-id]") == []


def test_a_refused_access_token_is_refreshed_with_the_refresh_token(driver, apps):
    email, password, _ = apps.register("Refresh Tester")
    client_login(driver, apps, email, password)
    old_refresh = driver.execute_script("return sessionStorage.getItem('bourse.client.refresh')")
    assert old_refresh and driver.execute_script("return localStorage.getItem('bourse.client.refresh')") is None
    # Spoil the access token: the next request gets 401, rotates the refresh token and retries.
    driver.execute_script("localStorage.setItem('bourse.client.access', 'eyJhbGciOiJIUzI1NiJ9.e30.spoiled')")
    driver.find_element(By.ID, "tab-activity").click()
    wait_for(driver, lambda d: "initial deposit" in text_of(d, "#bottom-body"))
    assert driver.find_element(By.ID, "trade-view").is_displayed()
    new_refresh = driver.execute_script("return sessionStorage.getItem('bourse.client.refresh')")
    assert new_refresh and new_refresh != old_refresh
