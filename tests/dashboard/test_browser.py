"""The dashboard in a real browser: Debian's chromium driven by Playwright.

Needs ``/usr/bin/chromium`` (``apt-get install -y chromium chromium-driver``; .ci/run does it as
root) and the ``playwright`` Python package; Playwright's own browser download is never used.
Every request the page makes is checked to stay on the test server (the dashboard works
offline). Screenshots go to the test's tmp folder, and also to ``docs/`` when
``GENLAB_UPDATE_SCREENSHOTS=1`` (that is how the README's images are made).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from genlab.dashboard.app import create_app

from .conftest import REPO, LiveServer, make_run

CHROMIUM = os.environ.get("GENLAB_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason=f"{CHROMIUM} missing (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def site(runs_root, progress_db):
    """A live server with a run that is still training, and a page that may only talk to it."""
    make_run(runs_root, "vae-training", status="running", steps=20, samples=True)
    app = create_app(runs_root, progress_db, poll_seconds=0.25)
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    outside: list[str] = []
    errors: list[str] = []

    def guard(route):
        if urlsplit(route.request.url).netloc == f"127.0.0.1:{site.port}":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield pg
    context.close()
    assert outside == [], f"the page tried to reach other hosts: {outside}"
    assert errors == [], f"errors in the page: {errors}"


def screenshot(pg, name: str, tmp_path: Path, **kwargs) -> Path:
    out = tmp_path / f"{name}.png"
    pg.screenshot(path=str(out), **kwargs)
    assert out.stat().st_size > 10_000
    if os.environ.get("GENLAB_UPDATE_SCREENSHOTS") == "1":
        shutil.copy(out, REPO / "docs" / f"{name}.png")
    return out


def roadmap_json(home: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "genlab", "roadmap", "--json"],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "GENLAB_HOME": home})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def status_in(view: dict, mid: int) -> str:
    return next(m["status"] for p in view["phases"] for m in p["milestones"] if m["id"] == mid)


def test_roadmap_mark_done_in_the_page_and_the_cli_agrees(page, site, tmp_path):
    page.goto(site.url + "/")
    assert page.locator("section.phase").count() == 4
    assert status_in(roadmap_json(os.environ["GENLAB_HOME"]), 1) == "not-started"
    for mid in (1, 2):
        page.select_option(f"#status-{mid}", "done")
        with page.expect_navigation():
            page.click(f"#save-{mid}")
    page.select_option("#status-3", "in-progress")
    page.fill("#m3 input[name=note]", "working through the ML crash course")
    with page.expect_navigation():
        page.click("#save-3")
    assert page.get_attribute("#m1", "data-status") == "done"
    assert page.get_attribute("#m3", "data-status") == "in-progress"
    width = page.eval_on_selector("#phase-1 .bar span", "e => e.getBoundingClientRect().width")
    assert width > 0  # the phase's progress bar moved
    view = roadmap_json(os.environ["GENLAB_HOME"])
    assert status_in(view, 1) == "done" and status_in(view, 2) == "done"
    assert status_in(view, 3) == "in-progress"
    assert "working through the ML crash course" in page.content()  # recent journal
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "dashboard-roadmap", tmp_path)


def test_milestone_note_from_the_page(page, site):
    page.goto(site.url + "/milestone/7")
    page.fill("textarea[name=note]", "wrote my own reparameterization trick")
    with page.expect_navigation():
        page.click("text=add note")
    assert page.locator("ul.journal li", has_text="reparameterization").count() == 1
    with page.expect_navigation():
        page.click("ol.activities li:first-child button.tick")
    assert page.locator("ol.activities li.ticked").count() == 1


def test_run_page_chart_and_samples_render(page, site, tmp_path):
    page.goto(site.url + "/runs/real-vae")
    charts = page.locator("svg.chart")
    assert charts.count() >= 2
    box = charts.first.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 50
    assert page.locator("svg.chart polyline").count() >= 2
    img = page.locator("#live img").first
    img.wait_for()
    page.wait_for_function("() => [...document.querySelectorAll('#live img')]"
                           ".every(i => i.complete && i.naturalWidth > 0)")
    assert img.evaluate("i => i.naturalWidth") > 0
    screenshot(page, "dashboard-run", tmp_path)


def test_run_page_updates_while_training(page, site, runs_root):
    run = runs_root / "vae-training"
    page.goto(site.url + "/runs/vae-training")
    assert page.get_attribute("#live", "data-live") == "yes"
    chart = "svg.chart[data-metric='train/loss']"
    before = int(page.get_attribute(chart, "data-points"))
    with open(run / "metrics.jsonl", "a") as fh:
        for step in (25, 30, 35):
            fh.write(json.dumps({"step": step, "train/loss": 50.0 - step}) + "\n")
    page.wait_for_function(f"n => +document.querySelector(\"{chart}\").dataset.points > n",
                           arg=before, timeout=10_000)
    info = json.loads((run / "run.json").read_text())
    (run / "run.json").write_text(json.dumps({**info, "status": "finished"}))
    page.wait_for_function("() => document.getElementById('live').dataset.live === 'no'",
                           timeout=10_000)
    assert page.inner_text("#run-status") == "finished"


def test_runs_compare_and_gallery_pages(page, site):
    page.goto(site.url + "/runs")
    page.click("th a:has-text('steps')")
    page.check("input[value='vae-a']")
    page.check("input[value='vae-b']")
    with page.expect_navigation():
        page.click("text=compare the ticked runs")
    assert "/compare?" in page.url and "run=vae-a" in page.url and "run=vae-b" in page.url
    assert page.locator("svg.chart polyline").count() >= 4
    assert page.locator("table.diff tbody tr").count() >= 2
    page.goto(site.url + "/gallery")
    images = page.locator("figure img")
    assert images.count() == 3  # the finished runs
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("() => [...document.querySelectorAll('figure img')]"
                           ".every(i => i.complete && i.naturalWidth > 0)", timeout=10_000)
