"""`genlab serve` as a user runs it, and the no-torch rule for the dashboard."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import urllib.request

import pytest

from genlab.cli.dashboard_cmds import is_loopback

from tests.conftest import stop, wait_for

from .conftest import free_port


def start_serve(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "genlab", "serve", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=os.environ.copy())


def test_serve_on_loopback(runs_root):
    port = free_port()
    proc = start_serve("--port", str(port), "--runs-dir", str(runs_root))
    try:
        body = wait_for(f"http://127.0.0.1:{port}/runs", proc)
        assert b"real-vae" in body
        # another Host header (DNS rebinding) is refused on loopback
        req = urllib.request.Request(f"http://127.0.0.1:{port}/runs",
                                     headers={"Host": "evil.example"})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=5)
        assert err.value.code == 400
    finally:
        out, errs = stop(proc)
    assert f"http://127.0.0.1:{port}/" in out
    assert "warning" not in errs


def test_serve_warns_when_not_loopback(runs_root):
    port = free_port()
    proc = start_serve("--host", "0.0.0.0", "--port", str(port), "--runs-dir", str(runs_root))
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", proc)
    finally:
        _, errs = stop(proc)
    assert "warning: listening on 0.0.0.0, not loopback" in errs


def test_serve_errors_are_one_line(runs_root, tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "genlab", "serve", "--port", str(port),
                               "--runs-dir", str(runs_root)], capture_output=True, text=True,
                              timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("error: cannot listen on 127.0.0.1") and \
        done.stderr.count("\n") == 1
    missing = subprocess.run([sys.executable, "-m", "genlab", "serve", "--runs-dir",
                              str(tmp_path / "nope")], capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    bad_port = subprocess.run([sys.executable, "-m", "genlab", "serve", "--port", "70000"],
                              capture_output=True, text=True, timeout=60)
    assert bad_port.returncode == 2 and bad_port.stderr.count("\n") == 1


@pytest.mark.parametrize("host,expected", [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.5.0.1", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("example.com", False)])
def test_is_loopback(host, expected):
    assert is_loopback(host) is expected


def test_dashboard_imports_neither_torch_nor_matplotlib(runs_root, progress_db):
    code = textwrap.dedent(f"""
        import sys
        from fastapi.testclient import TestClient
        from genlab.cli.main import _register_commands
        _register_commands()
        from genlab.dashboard.app import create_app
        c = TestClient(create_app({str(runs_root)!r}, {str(progress_db)!r}))
        for url in ("/", "/milestone/7", "/runs", "/runs/real-vae", "/runs/real-vae/live",
                    "/compare?run=vae-a&run=vae-b", "/gallery"):
            assert c.get(url).status_code == 200, url
        heavy = [m for m in ("torch", "matplotlib", "numpy") if m in sys.modules]
        print("heavy:", heavy)
        assert not [m for m in heavy if m != "numpy"], heavy
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr


def test_serve_in_process_open_and_hosts(runs_root, monkeypatch, capsys):
    """--open opens the page once the server starts; loopback gets the Host check."""
    import threading
    import webbrowser

    import uvicorn

    from genlab.cli import dashboard_cmds

    calls: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.update(app=app, **kw))
    monkeypatch.setattr(webbrowser, "open", lambda url: calls.update(opened=url))

    class Now:  # threading.Timer that fires at once
        def __init__(self, delay, fn):
            self.fn = fn

        def start(self):
            self.fn()

    monkeypatch.setattr(threading, "Timer", Now)
    port = free_port()
    dashboard_cmds.serve(port=port, host="127.0.0.1", open_browser=True, runs_dir=runs_root,
                         curriculum=None)
    assert calls["opened"] == f"http://127.0.0.1:{port}/"
    assert calls["host"] == "127.0.0.1" and calls["port"] == port
    from fastapi.testclient import TestClient

    with TestClient(calls["app"], base_url=f"http://localhost:{port}") as c:
        assert c.get("/healthz").status_code == 200
        assert c.get("/healthz", headers={"Host": "evil.example"}).status_code == 400
    assert f"http://127.0.0.1:{port}/" in capsys.readouterr().out
