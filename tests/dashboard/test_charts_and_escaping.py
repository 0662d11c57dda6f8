"""The SVG charts (thinning, ticks, odd values) and escaping of everything a run folder holds."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from genlab.dashboard import charts

from .conftest import make_run


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this raises


def test_chart_is_valid_svg_with_one_polyline_per_series():
    svg = charts.line_chart("train/loss", {"a": [(1, 3.0), (2, 2.0), (3, 1.5)],
                                           "b": [(1, 4.0), (3, 1.0)]})
    root = parse(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f"{ns}polyline")) == 2
    assert root.get("data-points") == "5"


def test_empty_and_non_finite_series():
    svg = charts.line_chart("x", {"a": [], "b": [(1, math.nan), (2, math.inf), ("s", 1)]})
    assert "no values yet" in svg and "<polyline" not in svg
    parse(svg)
    one = charts.line_chart("test/fid", {"a": [(500, 21.7)]})  # a single point: its value, no axes
    assert "21.7" in one and "at step 500" in one and "<polyline" not in one and "grid" not in one
    parse(one)
    two = charts.line_chart("test/fid", {"a": [(5, 2.0)], "b": [(5, 3.25)]})
    assert "a: 2" in two and "b: 3.25" in two
    parse(two)
    flat = charts.line_chart("x", {"a": [(1, 0.0), (2, 0.0)]})
    parse(flat)


def test_thinning_keeps_extremes_and_ends():
    pts = [(i, math.sin(i / 50)) for i in range(10_000)]
    pts[4321] = (4321, 99.0)  # a spike
    thinned = charts.thin(pts, 300)
    assert len(thinned) <= 310
    assert thinned[0] == pts[0] and thinned[-1] == pts[-1]
    assert (4321, 99.0) in thinned
    svg = charts.line_chart("long", {"a": pts})
    assert int(parse(svg).get("data-points")) <= 310


def test_nice_ticks_and_labels():
    assert charts.nice_ticks(0, 10) == [0, 2.5, 5.0, 7.5, 10.0]
    assert charts.nice_ticks(38.2, 44.9) == [40, 42, 44]
    assert charts.tick_labels([0, 2.5, 5.0]) == ["0.0", "2.5", "5.0"]
    assert charts.tick_labels([40, 42, 44]) == ["40", "42", "44"]
    assert charts.tick_labels([1e5, 2e5]) == ["1e+05", "2e+05"]
    assert charts.nice_ticks(1, 1) == [1]


def test_metric_keys_order():
    records = [{"step": 1, "epoch": 0.1, "time": 2, "final": True, "lr": 1e-3, "test/a": 1,
                "train/z": 2, "train/loss": 3, "flag": False, "name": "x"}]
    assert charts.metric_keys(records) == ["train/loss", "train/z", "test/a", "lr"]
    assert charts.metric_keys(records, ("test/a", "missing")) == ["test/a", "train/loss",
                                                                  "train/z", "lr"]


def test_labels_are_escaped_in_svg():
    svg = charts.line_chart('<b>"x"</b>', {"<script>": [(1, 1.0), (2, 2.0)],
                                           "ok": [(1, 2.0), (2, 1.0)]})
    assert "<script>" not in svg and "<b>" not in svg
    parse(svg)


EVIL = '<img src=x onerror=alert(1)> "run"'


def test_everything_from_a_run_folder_is_escaped(client, runs_root):
    make_run(runs_root, EVIL, config='[model]\nname = "</pre><script>alert(1)</script>"\n',
             extra_lines='{"step": 45, "<svg onload=alert(1)>": 1.0}\n')
    for url in ("/runs", "/gallery", "/compare"):
        html = client.get(url).text
        assert "<img src=x" not in html and "<script>alert" not in html, url
    from urllib.parse import quote

    r = client.get("/runs/" + quote(EVIL, safe=""))
    assert r.status_code == 200
    assert "<img src=x" not in r.text and "<script>alert" not in r.text
    assert "<svg onload" not in r.text
    assert "&lt;/pre&gt;&lt;script&gt;" in r.text
    live = client.get("/runs/" + quote(EVIL, safe="") + "/live").json()["html"]
    assert "<svg onload" not in live
    both = client.get(f"/compare?run={quote(EVIL, safe='')}&run=vae-a").text
    assert "<img src=x" not in both and "<script>alert" not in both
