"""Headless Chromium (Debian's chromium + chromium-driver) with networking blocked."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@contextmanager
def offline_chromium(width: int = 1280, height: int = 860, *, phone: bool = False):
    """A Selenium driver whose browser cannot reach any host (DNS fails, proxy refuses).

    Only the machine itself (127.0.0.1, as a test's own tile server) is reachable. With
    ``phone`` the browser emulates a phone of ``width`` x ``height`` CSS pixels with touch.
    """
    webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium: the extra [test]")
    from selenium.webdriver.chrome.service import Service

    for program in (CHROMIUM, DRIVER):
        if not Path(program).exists():
            raise RuntimeError(f"{program} is missing: apt install chromium chromium-driver")

    profile = tempfile.mkdtemp(prefix="gp-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--proxy-server=127.0.0.1:9",
        f"--window-size={width},{height}",
    ):
        options.add_argument(arg)
    if phone:
        options.add_experimental_option(
            "mobileEmulation",
            {
                "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2, "touch": True},
                "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
                "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
            },
        )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
