"""Headless Debian Chromium (``deploy/services.sh browser`` installs it) driven by Playwright, for screenshots.

Without Chromium the screenshot tests skip, unless ``CLAIMTRACK_REQUIRE_BROWSER`` is set (``.ci/run``
sets it), so CI cannot pass without having rendered the pages.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# Root in a container needs --no-sandbox; the machine's closed network refuses Chromium's own traffic.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """The Chromium binary, or skip (fail when CLAIMTRACK_REQUIRE_BROWSER is set)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    message = "chromium is not installed: run `bash deploy/services.sh browser` (make test does)"
    if os.environ.get("CLAIMTRACK_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


@contextlib.contextmanager
def browser_page(width: int = 1600, height: int = 1000) -> Iterator:
    """A fresh Playwright page in headless Chromium."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=FLAGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()
