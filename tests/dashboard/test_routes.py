"""The dashboard's run routes through FastAPI's TestClient: runs, files, live updates, compare,
gallery, hosts (the roadmap pages and forms: test_roadmap_pages.py)."""

from __future__ import annotations

import json
import re
import time

import pytest
from fastapi.testclient import TestClient

from genlab.dashboard.app import create_app

from .conftest import make_run


# -- runs --------------------------------------------------------------------------------------------

def test_runs_page_lists_and_sorts(client):
    html = client.get("/runs").text
    for name in ("real-vae", "vae-a", "vae-b"):
        assert f'href="/runs/{name}"' in html
    names = lambda h: re.findall(r'<td><a href="/runs/([^"]+)">', h)  # noqa: E731
    assert names(client.get("/runs?sort=name&order=asc").text) == ["real-vae", "vae-a", "vae-b"]
    assert names(client.get("/runs?sort=name&order=desc").text) == ["vae-b", "vae-a", "real-vae"]
    for key in ("model", "dataset", "status", "step", "time", "metric", "nonsense"):
        assert client.get(f"/runs?sort={key}&order=asc").status_code == 200
    by_metric = names(client.get("/runs?sort=metric&order=asc").text)
    assert by_metric.index("vae-b") < by_metric.index("vae-a")  # lower nelbo first


def test_runs_page_without_runs(tmp_path, progress_db):
    with TestClient(create_app(tmp_path / "nothing-here", progress_db)) as c:
        r = c.get("/runs")
        assert r.status_code == 200 and "No runs in" in r.text
        assert c.get("/gallery").status_code == 200
        assert "No runs yet" in c.get("/compare").text


def test_real_run_page_has_chart_samples_and_report(client):
    r = client.get("/runs/real-vae")
    assert r.status_code == 200
    html = r.text
    charts = re.findall(r'<svg class="chart"[^>]*data-metric="([^"]+)"', html)
    assert "train/loss" in charts and "test/nelbo" in charts
    assert "<polyline" in html
    assert re.search(r'<img src="/runs/real-vae/files/samples/samples-step-\d+\.png', html)
    assert 'href="/runs/real-vae/files/report.html"' in html
    assert 'data-live="no"' in html  # finished: no polling
    assert "[model]" in html  # the config


def test_run_files_are_served(client):
    html = client.get("/runs/real-vae").text
    src = re.search(r'src="(/runs/real-vae/files/samples/[^"?]+)', html).group(1)
    img = client.get(src)
    assert img.status_code == 200 and img.headers["content-type"] == "image/png"
    assert img.content[:8] == b"\x89PNG\r\n\x1a\n"
    report = client.get("/runs/real-vae/files/report.html")
    assert report.status_code == 200 and "sandbox" in report.headers["content-security-policy"]
    metrics = client.get("/runs/real-vae/metrics.json").json()
    assert metrics["malformed_lines"] == 0 and metrics["records"][0]["step"] > 0


def test_live_endpoint_sends_changes_only(client, runs_root):
    run = make_run(runs_root, "training", status="running", steps=20, samples=False)
    page = client.get("/runs/training").text
    assert 'data-live="yes"' in page and "This run is training" in page
    first = client.get("/runs/training/live").json()
    assert first["live"] is True and "<svg" in first["html"]
    assert client.get(f"/runs/training/live?v={first['v']}").status_code == 204
    time.sleep(0.01)
    with open(run / "metrics.jsonl", "a") as fh:
        fh.write(json.dumps({"step": 25, "train/loss": 1.0}) + "\n")
    second = client.get(f"/runs/training/live?v={first['v']}")
    assert second.status_code == 200 and second.json()["v"] != first["v"]
    info = json.loads((run / "run.json").read_text())
    (run / "run.json").write_text(json.dumps({**info, "status": "finished"}))
    assert client.get("/runs/training/live").json()["live"] is False


HALF_WRITTEN = {
    "no-run-json": dict(status=None),
    "damaged-run-json": dict(info_text='{"status": "runn'),
    "bad-config": dict(config="[model\nname = "),
    "malformed-metrics": dict(extra_lines='{"step": 50, "train/lo\nnot json at all\n[1, 2]\n'),
    "no-metrics": dict(metrics=False, samples=False, status="running"),
    "empty-metrics": dict(metrics=False, status="running"),
    "no-checkpoint": dict(checkpoint=False),
    "no-samples": dict(samples=False),
    "diverged": dict(status="diverged"),
    "interrupted": dict(status="interrupted"),
    "wrong-types": dict(info_text='{"status": 3, "model": ["x"], "step": "many", '
                                  '"train_seconds": "long", "metrics": [1, 2], '
                                  '"environment": "cpu", "seed": null, "key_metric": 5}'),
    "not-an-object": dict(info_text="[1, 2, 3]"),
    "binary": dict(info_text="replaced below with bytes that are not UTF-8"),
    "odd-values": dict(extra_lines='{"step": 60, "train/loss": NaN}\n{"step": "x", "a": true}\n'
                                   '{"step": 70, "train/loss": 1e308, "lr": null}\n'),
}


@pytest.mark.parametrize("name", sorted(HALF_WRITTEN))
def test_half_written_runs_render_with_a_notice(client, runs_root, name):
    path = make_run(runs_root, name, **HALF_WRITTEN[name])
    if name == "empty-metrics":
        (path / "metrics.jsonl").write_text("")
    if name == "binary":
        (path / "run.json").write_bytes(b"\xff\xfe\x00garbage")
        with open(path / "metrics.jsonl", "ab") as fh:
            fh.write(b"\xff\x00\x01 not json\n")
    r = client.get(f"/runs/{name}")
    assert r.status_code == 200, r.text
    if name != "odd-values":
        assert 'class="notice"' in r.text
    assert client.get(f"/runs/{name}/live").status_code == 200
    assert client.get(f"/runs/{name}/metrics.json").status_code == 200
    for url in ("/runs", "/gallery", f"/compare?run={name}&run=vae-a"):
        assert client.get(url).status_code == 200, url


def test_specific_notices(client, runs_root):
    make_run(runs_root, "bad", extra_lines='{"step": 50, "train/lo\nnot json\n')
    assert "2 malformed lines in metrics.jsonl skipped" in client.get("/runs/bad").text
    deleted = make_run(runs_root, "deleted-ckpt")
    for f in (deleted / "checkpoints" / "step-00000040").iterdir():
        f.unlink()
    (deleted / "checkpoints" / "step-00000040").rmdir()
    assert "latest checkpoint (step-00000040) is missing" in client.get("/runs/deleted-ckpt").text
    stale = make_run(runs_root, "stale", status="running")
    old = time.time() - 3600
    import os

    for f in ("run.json", "metrics.jsonl"):
        os.utime(stale / f, (old, old))
    assert "has probably stopped" in client.get("/runs/stale").text


def test_folder_without_config_is_not_listed_but_its_page_explains(client, runs_root):
    (runs_root / "vae-starting").mkdir()
    assert "vae-starting" not in client.get("/runs").text
    r = client.get("/runs/vae-starting")
    assert r.status_code == 200 and "no config.toml yet" in r.text


def test_unknown_run_is_404(client):
    assert client.get("/runs/no-such-run").status_code == 404
    assert client.get("/runs/no-such-run/live").status_code == 404
    assert client.get("/runs/no-such-run/files/report.html").status_code == 404


def test_compare(client):
    r = client.get("/compare?run=vae-a&run=vae-b")
    assert r.status_code == 200
    html = r.text
    chart = re.search(r'<svg class="chart".*?data-metric="train/loss".*?</svg>', html, re.S).group(0)
    assert chart.count("<polyline") == 2
    assert "model.hidden_dim" in html and "optim.lr" in html  # the config diff
    assert "train.seed" not in html  # equal keys are not shown
    one = client.get("/compare?run=vae-a")
    assert one.status_code == 200 and 'type="checkbox"' in one.text
    assert client.get("/compare?run=vae-a&run=missing").status_code == 404


def test_gallery(client, runs_root):
    make_run(runs_root, "gan-x", model="gan")
    make_run(runs_root, "running-x", status="running")
    html = client.get("/gallery").text
    assert "<h2>gan" in html and "<h2>vae" in html
    assert "running-x" not in html  # only finished runs
    assert 'loading="lazy"' in html
    recon = client.get("/gallery?kind=reconstructions").text
    assert "reconstructions-step-" in recon
    assert "No finished run has" in client.get("/gallery?kind=nothing").text


def test_static_files_and_health(client):
    css = client.get("/static/dashboard.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    js = client.get("/static/dashboard.js")
    assert js.status_code == 200 and "fetch(" in js.text
    assert client.get("/static/nothing.js").status_code == 404
    assert client.get("/healthz").json()["ok"] is True
    assert client.get("/no/such/page").status_code == 404


def test_pages_reference_no_external_assets(client):
    for url in ("/", "/milestone/7", "/runs", "/runs/real-vae", "/compare?run=vae-a&run=vae-b",
                "/gallery"):
        html = client.get(url).text
        for attr in re.findall(r'(?:src|href)="([^"]+)"', html):
            if attr.startswith("http"):  # only resources' links, never a script, style or image
                assert re.search(rf'<a href="{re.escape(attr)}"', html), (url, attr)


def test_host_header_is_checked_when_asked(runs_root, progress_db):
    app = create_app(runs_root, progress_db, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8765") as ok:
        assert ok.get("/runs").status_code == 200
    with TestClient(app, base_url="http://attacker.example") as bad:
        assert bad.get("/runs").status_code == 400


@pytest.mark.parametrize("host,ok", [("127.0.0.1:8765", True), ("localhost", True),
                                     ("[::1]:8765", True), ("LOCALHOST:1", True),
                                     ("attacker.example", False), ("127.0.0.1.evil:80", False),
                                     ("[::2]:80", False), ("", False)])
def test_host_names(runs_root, progress_db, host, ok):
    app = create_app(runs_root, progress_db, allowed_hosts=["127.0.0.1", "localhost", "[::1]"])
    with TestClient(app) as c:
        r = c.get("/healthz", headers={"Host": host})
    assert (r.status_code == 200) is ok


def test_run_names_that_need_quoting(client, runs_root):
    make_run(runs_root, "vae run #1 ü?")
    html = client.get("/runs").text
    assert 'href="/runs/vae%20run%20%231%20%C3%BC%3F"' in html
    r = client.get("/runs/vae%20run%20%231%20%C3%BC%3F")
    assert r.status_code == 200 and "vae run #1 ü?" in r.text
    assert re.search(r'src="/runs/vae%20run%20%231%20%C3%BC%3F/files/samples/', r.text)
    assert client.get("/compare?run=vae+run+%231+%C3%BC%3F&run=vae-a").status_code == 200


def test_a_video_runs_gif_plays_on_its_run_page(client, runs_root):
    """The newest predictions GIF of a video run is shown (and so played) beside its grid."""
    import numpy as np
    from PIL import Image

    scores = {f"test/{line}ssim@{h}": 0.5 for line in ("", "copy_last/") for h in (1, 2, 3)}
    run = make_run(runs_root, "video-run", steps=20, extra_lines=json.dumps({"step": 20, **scores}) + "\n")
    frames = [Image.fromarray(np.full((8, 8), v, dtype=np.uint8)) for v in (0, 128, 255)]
    frames[0].save(run / "samples" / "predictions-step-00000020.gif", save_all=True, append_images=frames[1:])
    html = client.get("/runs/video-run").text
    assert 'src="/runs/video-run/files/samples/predictions-step-00000020.gif' in html
    # one chart by horizon, not one chart per horizon
    assert 'data-metric="ssim by horizon"' in html and 'data-metric="test/ssim@2"' not in html
    gif = client.get("/runs/video-run/files/samples/predictions-step-00000020.gif")
    assert gif.status_code == 200 and gif.headers["content-type"] == "image/gif"
