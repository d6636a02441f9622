"""A real tousu server (demo data, job runner) driven by Debian's Chromium via Playwright.

The server runs as users run it (``tousu demo --no-serve`` then ``tousu serve``) on its own
data directory; on the PostgreSQL pass it uses the throwaway cluster's database. Screenshots
go to ``TOUSU_SCREENSHOT_DIR`` (default ``build/screenshots``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from realserver import free_port, wait_for

CHROMIUM = os.environ.get("TOUSU_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "tousu-demo-2026"
ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("TOUSU_SCREENSHOT_DIR", ROOT / "build" / "screenshots"))


def _need_browser() -> None:
    missing = not Path(CHROMIUM).exists()
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing = True
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs Chromium at {CHROMIUM} and the playwright package")
        pytest.skip(f"no Chromium at {CHROMIUM} or playwright missing")


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:
    _need_browser()
    data = tmp_path_factory.mktemp("ui-server")
    # A small demo: rank from 2 complaints up so the rankings have rows to show.
    env = {**os.environ, "TOUSU_DATA_DIR": str(data), "TOUSU_SWEEP_SECONDS": "5",
           "TOUSU_RANK_MIN_VOLUME": "2"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if env.get("DATABASE_URL"):
        # A database of its own on PostgreSQL: other real-server tests leave data in the
        # cluster's main database, and the journeys must start from the demo alone.
        import uuid

        import psycopg

        name = f"tousu_ui_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = env["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
    tousu = str(Path(sys.executable).with_name("tousu"))
    subprocess.run([tousu, "demo", "--no-serve", "--complaints", "60"], env=env, check=True,
                   stdout=subprocess.DEVNULL, timeout=600)
    port = free_port()
    log = open(data / "server.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([tousu, "serve", "--port", str(port), "--workers", "2"], env=env,
                            stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/accounts/login/", proc, seconds=90)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        if os.environ.get("TOUSU_KEEP_UI_LOG"):
            shutil.copy(data / "server.log", SHOTS / "server.log")


@pytest.fixture(scope="session")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"])
        yield b
        b.close()


class Session:
    """One person at one browser: signs in, moves around, saves screenshots."""

    def __init__(self, browser, base: str, *, mobile: bool = False) -> None:
        viewport = {"width": 390, "height": 844} if mobile else {"width": 1280, "height": 860}
        self.context = browser.new_context(viewport=viewport, locale="zh-CN")
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.base = base

    def go(self, path: str):
        response = self.page.goto(self.base + path)
        return response

    def login(self, username: str) -> Session:
        self.go("/accounts/login/")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(PASSWORD)
        self.page.locator("main").get_by_role("button", name="登录").click()
        self.page.wait_for_url(lambda url: "/accounts/login" not in url)
        return self

    def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_session(browser, server):
    sessions: list[Session] = []

    def make(username: str | None = None, *, mobile: bool = False) -> Session:
        s = Session(browser, server, mobile=mobile)
        sessions.append(s)
        return s.login(username) if username else s

    yield make
    for s in sessions:
        s.close()
