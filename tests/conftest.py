"""Shared test set-up: no downloads, and every genlab folder inside the test's tmp dir."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path, monkeypatch):
    monkeypatch.setenv("GENLAB_OFFLINE", "1")
    monkeypatch.setenv("GENLAB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("GENLAB_RUNS", str(tmp_path / "runs"))
    monkeypatch.setenv("GENLAB_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GENLAB_DATA", raising=False)
    yield


def run_cli(*args: str, timeout: float = 300, env: dict | None = None, cwd=None):
    """Run ``python -m genlab ARGS`` in a subprocess and return the CompletedProcess."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "genlab", *args], capture_output=True, text=True,
                          timeout=timeout, env=full_env, cwd=cwd)


def wait_for(url: str, proc: subprocess.Popen, timeout: float = 30) -> bytes:
    """The body at ``url`` once a server started as ``proc`` answers (it must not exit first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited: {proc.stderr.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.read()
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


def stop(proc: subprocess.Popen) -> tuple[str, str]:
    """Terminate a server process (kill it if it lingers); its stdout and stderr."""
    proc.terminate()
    try:
        return proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.communicate()


needs_shared = pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data not present")
needs_fashion = pytest.mark.skipif(not (FASHION_DIR / "t10k-images-idx3-ubyte.gz").is_file(),
                                   reason="Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)")

CHROMIUM = os.environ.get("GENLAB_CHROMIUM", "/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                    reason=f"{CHROMIUM} missing (apt-get install chromium)")


@pytest.fixture
def offline_page():
    """A headless chromium page that may load file:// only; yields (page, urls it tried outside)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        page = browser.new_page()
        outside: list[str] = []
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                   else (outside.append(route.request.url), route.abort()))
        yield page, outside
        browser.close()
