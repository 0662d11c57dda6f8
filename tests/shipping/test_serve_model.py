"""`genlab serve-model` as a user runs it: a real server process on a loopback port, real HTTP
requests, the limits and the one-line errors."""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from genlab.export import export_run
from tests.conftest import run_cli, stop, wait_for
from tests.dashboard.conftest import free_port


def start(target, *args: str):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "genlab", "serve-model", str(target), "--port", str(port), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    wait_for(f"http://127.0.0.1:{port}/health", proc, timeout=60)
    return proc, f"http://127.0.0.1:{port}"


def post(url: str, body: dict) -> tuple[int, bytes, str]:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read(), r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as err:
        return err.code, err.read(), err.headers.get("Content-Type", "")


@pytest.fixture(scope="module")
def image_server(trained):
    proc, url = start(trained["flow-matching"], "--max-images", "8", "--max-steps", "5")
    yield url
    stop(proc)


def test_samples_as_json_and_as_one_png_grid(image_server):
    from PIL import Image

    status, body, _ = post(image_server + "/samples", {"n": 3, "seed": 1, "class": 2, "steps": 2})
    assert status == 200, body
    data = json.loads(body)
    assert len(data["images"]) == 3 and data["provenance"]["seed"] == 1
    first = Image.open(io.BytesIO(base64.b64decode(data["images"][0])))
    assert first.size == (8, 8)
    again = json.loads(post(image_server + "/samples", {"n": 3, "seed": 1, "class": 2, "steps": 2})[1])
    assert again["images"] == data["images"]   # a seed gives the same images
    status, png, kind = post(image_server + "/samples", {"n": 4, "format": "png"})
    assert status == 200 and kind == "image/png" and png.startswith(b"\x89PNG")


@pytest.mark.parametrize("body, words", [
    ({"n": 9}, "less than or equal to 8"),
    ({"n": 2, "steps": 6}, "less than or equal to 5"),
    ({"n": 2, "colour": "red"}, "Extra inputs are not permitted"),
    ({"n": "many"}, "valid integer"),
])
def test_requests_over_the_limits_or_malformed_are_refused_before_the_model_runs(image_server, body, words):
    status, reply, _ = post(image_server + "/samples", body)
    assert status == 422 and words in reply.decode()


def test_a_class_out_of_range_is_a_client_error(image_server):
    status, reply, _ = post(image_server + "/samples", {"n": 2, "class": 10})
    assert status == 400 and "out of range" in json.loads(reply)["detail"]


def test_an_endpoint_the_model_cannot_serve_says_which_models_can(image_server):
    status, reply, _ = post(image_server + "/generate", {"prompt": "a"})
    assert status == 400
    detail = json.loads(reply)["detail"]
    assert "TextGeneration" in detail and "gpt" in detail


def test_info_health_and_the_openapi_page(image_server):
    with urllib.request.urlopen(image_server + "/info", timeout=10) as r:
        info = json.loads(r.read())
    assert info["model"] == "flow-matching" and info["limits"]["images"] == 8
    with urllib.request.urlopen(image_server + "/openapi.json", timeout=10) as r:
        paths = json.loads(r.read())["paths"]
    assert {"/samples", "/generate", "/predict", "/health", "/info"} <= set(paths)
    with urllib.request.urlopen(image_server + "/docs", timeout=10) as r:
        assert b"swagger" in r.read().lower()


def test_another_host_header_is_refused_on_loopback(image_server):
    req = urllib.request.Request(image_server + "/health", headers={"Host": "evil.example"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=10)
    assert err.value.code == 400


def test_an_exported_language_model_folder_generates_text(trained, tmp_path):
    folder = tmp_path / "gpt"
    export_run(trained["gpt"], "safetensors-folder", folder)
    proc, url = start(folder, "--max-tokens", "30")
    try:
        status, body, _ = post(url + "/generate", {"prompt": "a", "tokens": 20, "seed": 3})
        assert status == 200, body
        text = json.loads(body)["text"]
        assert isinstance(text, str) and len(text) > 0
        assert post(url + "/generate", {"prompt": "a", "tokens": 31})[0] == 422
        assert post(url + "/samples", {"n": 1})[0] == 400
    finally:
        stop(proc)


def test_bad_arguments_are_one_line(trained, tmp_path):
    for args in (["--port", "0"], ["--max-images", "0"]):
        proc = run_cli("serve-model", str(trained["dcgan"]), *args)
        assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    missing = run_cli("serve-model", str(tmp_path / "nothing-here"))
    assert missing.returncode != 0 and len(missing.stderr.strip().splitlines()) == 1, missing.stderr


def test_a_video_model_predicts_frames_and_checks_their_shape(trained):
    proc, url = start(trained["convlstm"])
    try:
        clip = [[[[0.0] * 16 for _ in range(16)]] for _ in range(3)]   # 3 frames of 1x16x16
        status, body, _ = post(url + "/predict", {"frames": [clip]})
        assert status == 200, body
        reply = json.loads(body)
        assert reply["shape"][-4:] == [2, 1, 16, 16]   # 2 future frames
        assert post(url + "/predict", {"frames": [clip[:2]]})[0] == 422        # too few frames
        assert post(url + "/predict", {"frames": [[[[2.0] * 16] * 16]] * 3})[0] == 422  # not an array of clips
        too_bright = [[[[2.0] * 16 for _ in range(16)]] for _ in range(3)]
        status, body, _ = post(url + "/predict", {"frames": [too_bright]})
        assert status == 422 and "[0, 1]" in body.decode()
    finally:
        stop(proc)
