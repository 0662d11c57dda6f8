"""Path traversal in every spelling, over a real socket (raw paths, no client-side clean-up),
and through the TestClient; plus the runs list never touching checkpoints."""

from __future__ import annotations

import http.client
import os
import sys

import pytest
from fastapi.testclient import TestClient

from genlab.dashboard.app import create_app
from genlab.dashboard.runs import resolve_file, resolve_run

from .conftest import LiveServer, make_run

SECRET = "top-secret-outside-the-runs-folder"


@pytest.fixture
def traps(tmp_path, runs_root):
    """A secret file next to the runs folder, and symlinks that point at it from inside."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_text(SECRET)
    (outside / "config.toml").write_text('[model]\nname = "vae"\n')
    (tmp_path / "secret.txt").write_text(SECRET)
    run = runs_root / "vae-a"
    os.symlink(outside / "secret.png", run / "samples" / "link-step-00000001.png")
    os.symlink(outside, run / "samples" / "linkdir")
    os.symlink(outside, runs_root / "linked-run")  # a run folder that is a symlink out
    return outside


BAD_PATHS = [
    "/runs/..",
    "/runs/%2e%2e",
    "/runs/%2E%2E/secret.txt",
    "/runs/../secret.txt",
    "/runs/..%2fsecret.txt",
    "/runs/%2e%2e%2fsecret.txt",
    "/runs/%252e%252e%252fsecret.txt",
    "/runs/linked-run",
    "/runs/linked-run/files/secret.png",
    "/runs/vae-a/files/../../secret.txt",
    "/runs/vae-a/files/%2e%2e/%2e%2e/secret.txt",
    "/runs/vae-a/files/..%2f..%2fsecret.txt",
    "/runs/vae-a/files/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/runs/vae-a/files/..%5c..%5csecret.txt",
    "/runs/vae-a/files//etc/passwd",
    "/runs/vae-a/files/%2fetc%2fpasswd",
    "/runs/vae-a/files/%2Fetc%2Fpasswd",
    "/runs/vae-a/files/samples/link-step-00000001.png",
    "/runs/vae-a/files/samples/linkdir/secret.png",
    "/runs/vae-a/files/checkpoints/latest",
    "/runs/vae-a/files/checkpoints/step-00000040/model.safetensors",
    "/runs/vae-a/files/.",
    "/runs/vae-a/files/samples/",
    "/runs/vae-a/files/samples/%00.png",
    "/runs/%2fetc/files/passwd",
    "/runs/vae-a/files/run.json%00.png",
    "/static/../app.py",
    "/static/%2e%2e/app.py",
    "/static/..%2fapp.py",
    "/static/%2e%2e%2f%2e%2e%2fdashboard%2fapp.py",
]


@pytest.fixture
def server(runs_root, progress_db, traps):
    with LiveServer(create_app(runs_root, progress_db)) as live:
        yield live


def raw_get(server, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)  # the path goes out as written
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_traversal_over_a_real_socket_is_404(server):
    assert raw_get(server, "/runs/vae-a/files/config.toml")[0] == 200  # the control
    results = {path: raw_get(server, path) for path in BAD_PATHS}
    for path, (status, body) in results.items():
        assert SECRET.encode() not in body, path
        assert status in (404, 400), (path, status)  # 400: uvicorn refusing a malformed path
    assert sum(status == 404 for status, _ in results.values()) >= len(BAD_PATHS) - 2


@pytest.mark.parametrize("path", BAD_PATHS)
def test_traversal_through_the_test_client_is_404(client, traps, path):
    r = client.get(path)
    assert SECRET not in r.text
    if r.request.url.raw_path.decode() == path:  # httpx removes dot segments before sending
        assert r.status_code == 404


def test_resolvers_directly(runs_root, traps):
    assert resolve_run(runs_root, "vae-a") == (runs_root / "vae-a").resolve()
    for name in ("..", ".", "", "/etc", "vae-a/samples", "..\\x", ".hidden", "linked-run",
                 "a\x00b", "C:evil"):
        assert resolve_run(runs_root, name) is None, name
    run = runs_root / "vae-a"
    assert resolve_file(run, "samples/samples-step-00000040.png") is not None
    for rel in ("../vae-b/config.toml", "/etc/passwd", "samples/../../vae-b/config.toml",
                "checkpoints/latest", "samples/link-step-00000001.png", "samples",
                "samples/linkdir/secret.png", "", "metrics.jsonl/"):
        assert resolve_file(run, rel) is None, rel


def test_symlink_inside_the_run_to_its_own_file_is_fine(runs_root):
    run = runs_root / "vae-a"
    os.symlink(run / "samples" / "samples-step-00000040.png", run / "samples" / "alias.png")
    assert resolve_file(run, "samples/alias.png") is not None


def test_runs_list_never_opens_checkpoints(runs_root, progress_db):
    """An audit hook records every file the process opens while the runs pages render."""
    opened: list[str] = []
    recording = [False]

    def hook(event, args):
        if recording[0] and event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
            opened.append(os.fsdecode(args[0]))

    sys.addaudithook(hook)
    for i in range(5):
        make_run(runs_root, f"extra-{i}")
    with TestClient(create_app(runs_root, progress_db)) as c:
        recording[0] = True
        try:
            assert c.get("/runs").status_code == 200
            assert c.get("/gallery").status_code == 200
            assert c.get("/runs?sort=metric").status_code == 200
        finally:
            recording[0] = False
    assert any(p.endswith("run.json") for p in opened)  # the hook works
    assert not [p for p in opened if "checkpoints" in p]
