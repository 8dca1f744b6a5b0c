"""Page helpers shared by the browser tests."""
from __future__ import annotations

from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import WAIT


def wait_for(driver, condition, timeout=WAIT, message=""):
    # Live views re-render rows all the time: a stale or missing element just means "look again".
    return WebDriverWait(driver, timeout, poll_frequency=0.2,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(condition, message)


def visible(driver, css, timeout=WAIT):
    return wait_for(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, css)), timeout, f"{css} not visible")


def text_of(driver, css) -> str:
    return driver.find_element(By.CSS_SELECTOR, css).text


def fill(driver, css, value):
    el = driver.find_element(By.CSS_SELECTOR, css)
    el.clear()
    el.send_keys(value)
    return el


def client_login(driver, apps, email, password):
    driver.get(apps.client_url)
    visible(driver, "#login-form")
    fill(driver, "#login-email", email)
    fill(driver, "#login-password", password)
    driver.find_element(By.CSS_SELECTOR, "#login-submit").click()
    visible(driver, "#trade-view")
    wait_for(driver, lambda d: d.find_element(By.ID, "ws-market").get_attribute("data-state") == "open", message="market socket never opened")


def click(driver, css, timeout=WAIT):
    """Clicks an element that a live view may re-render between finding and clicking it."""
    def attempt(d):
        d.find_element(By.CSS_SELECTOR, css).click()
        return True
    wait_for(driver, attempt, timeout, f"could not click {css}")


def select_symbol(driver, symbol):
    visible(driver, f'#watch-body tr[data-symbol="{symbol}"]')
    click(driver, f'#watch-body tr[data-symbol="{symbol}"]')
    wait_for(driver, lambda d: d.find_element(By.ID, "chart-symbol").text == symbol)


def admin_login(driver, apps, email, password):
    driver.get(apps.admin_url)
    visible(driver, "#login-form")
    fill(driver, "#login-email", email)
    fill(driver, "#login-password", password)
    driver.find_element(By.CSS_SELECTOR, "#login-submit").click()
