"""Fixtures for the dashboard: one real training run (made once per session), hand-built run
folders in every state a run can be in, a TestClient, and a live uvicorn server."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

CONFIG = """recipe = "{model}"
[model]
name = "{model}"
hidden_dim = {hidden}
latent_dim = 8
[data]
dataset = "digits"
batch_size = 64
[optim]
name = "adam"
lr = {lr}
[train]
steps = {steps}
seed = 0
"""


def write_png(path: Path, seed: int = 0, size: int = 40) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.new("L", (size, size))
    img.putdata([((x * 7 + y * 13 + seed * 31) % 256) for y in range(size) for x in range(size)])
    img.save(path)


def make_run(root: Path, name: str, *, model: str = "vae", status: str | None = "finished",
             steps: int = 40, hidden: int = 16, lr: float = 1e-3, metrics: bool = True,
             samples: bool = True, checkpoint: bool = True, config: str | None = None,
             info_text: str | None = None, extra_lines: str = "") -> Path:
    """A run folder built by hand: every part optional, so half-written states are easy."""
    path = root / name
    path.mkdir(parents=True)
    (path / "config.toml").write_text(config if config is not None else
                                      CONFIG.format(model=model, hidden=hidden, lr=lr,
                                                    steps=steps))
    if info_text is not None:
        (path / "run.json").write_text(info_text)
    elif status is not None:
        final = 40.0 + 1000.0 / (hidden + steps)
        info = {"status": status, "model": model, "dataset": "digits", "key_metric": "test/nelbo",
                "step": steps, "train_seconds": steps * 0.05, "seed": 0,
                "environment": {"device": "cpu", "python": "3.11", "torch": "x"}}
        if status == "finished":
            info["metrics"] = {"test/nelbo": final}
        (path / "run.json").write_text(json.dumps(info))
    if metrics:
        lines = []
        for step in range(5, steps + 1, 5):
            lines.append({"step": step, "train/loss": 60.0 - step * 0.3 + hidden * 0.01,
                          "lr": lr, "time": step * 0.05})
            if step % 20 == 0:
                lines.append({"step": step, "test/nelbo": 40.0 + 1000.0 / (hidden + step)})
        (path / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines)
                                            + extra_lines)
    if samples:
        write_png(path / "samples" / f"samples-step-{steps:08d}.png", seed=hidden)
        write_png(path / "samples" / f"reconstructions-step-{steps:08d}.png", seed=hidden + 1)
    if checkpoint:
        (path / "checkpoints" / f"step-{steps:08d}").mkdir(parents=True)
        (path / "checkpoints" / f"step-{steps:08d}" / "model.safetensors").write_bytes(b"x")
        (path / "checkpoints" / "latest").write_text(f"step-{steps:08d}\n")
    return path


@pytest.fixture(scope="session")
def real_run(tmp_path_factory) -> Path:
    """One real (tiny) VAE run on the embedded digits, trained once per session (~5 s)."""
    root = tmp_path_factory.mktemp("real-runs")
    home = tmp_path_factory.mktemp("real-home")
    env = {**os.environ, "GENLAB_OFFLINE": "1", "GENLAB_HOME": str(home),
           "GENLAB_CACHE": str(home / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "genlab", "train", "vae", "--dataset", "digits", "--steps", "60",
         "-q", "--runs-dir", str(root), "--set", "model.hidden_dim=16",
         "--set", "train.log_every=5"],
        env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    (run,) = [p for p in root.iterdir() if p.is_dir()]
    return run


@pytest.fixture
def runs_root(tmp_path, real_run) -> Path:
    """A runs folder with the real run (renamed ``real-vae``) and two hand-built finished
    runs that differ in their config."""
    root = tmp_path / "dash-runs"
    root.mkdir()
    shutil.copytree(real_run, root / "real-vae")
    make_run(root, "vae-a", hidden=16, lr=1e-3)
    make_run(root, "vae-b", hidden=32, lr=3e-3)
    return root


@pytest.fixture
def progress_db(tmp_path) -> Path:
    return Path(os.environ["GENLAB_HOME"]) / "progress.db"


def serve(runs_root, progress_db):
    """A TestClient of the dashboard (as a fixture's body: ``yield from serve(...)``)."""
    from fastapi.testclient import TestClient

    from genlab.dashboard.app import create_app

    app = create_app(runs_root, progress_db)
    with TestClient(app) as c:
        c.app_state = app.state
        yield c


def form(client, **fields):
    return {"csrf": client.app_state.csrf_token, **fields}


def status_of(db, mid):
    from genlab.roadmap.progress import ProgressStore

    with ProgressStore(db) as store:
        return store.snapshot().status(mid)


@pytest.fixture
def client(runs_root, progress_db):
    yield from serve(runs_root, progress_db)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """uvicorn serving a dashboard app in a thread, on a free loopback port."""

    def __init__(self, app):
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning", access_log=False))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the dashboard server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
