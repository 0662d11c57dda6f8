"""Checkpoints are atomic: killing the writer at any moment leaves one that loads."""

import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest
import torch

from genlab.training import checkpoint as ckpt

WRITER = textwrap.dedent("""
    import sys, torch
    from pathlib import Path
    from genlab.training.checkpoint import save_checkpoint
    folder = Path(sys.argv[1])
    model = torch.nn.Linear(1024, 1024)       # 4 MB of weights: writes take a while

    def save(step):
        with torch.no_grad():
            model.weight.fill_(step)
            model.bias.fill_(step)
        save_checkpoint(folder, step, model, {"step": step, "note": "x" * 1000}, keep=2)

    step = int(sys.argv[2]) + 1
    save(step)                                # one complete checkpoint before any kill
    print("ready", flush=True)                # from here on, killed at a random moment
    while True:
        step += 1
        save(step)
""")


def load(folder):
    model = torch.nn.Linear(1024, 1024)
    state = ckpt.load_checkpoint(folder, model)
    return model, state


def test_roundtrip_and_pruning(tmp_path):
    model = torch.nn.Linear(3, 2)
    for step in (1, 2, 3):
        ckpt.save_checkpoint(tmp_path, step, model, {"step": step, "t": torch.arange(3)}, keep=2)
    assert sorted(p.name for p in tmp_path.glob("step-*")) == ["step-00000002", "step-00000003"]
    other = torch.nn.Linear(3, 2)
    state = ckpt.load_checkpoint(tmp_path, other)
    assert state["step"] == 3 and torch.equal(state["t"], torch.arange(3))
    assert torch.equal(other.weight, model.weight)


def test_state_file_is_not_unpickled(tmp_path):
    """A state file carrying an arbitrary object is refused (weights_only=True)."""
    model = torch.nn.Linear(2, 2)
    ckpt.save_checkpoint(tmp_path, 1, model, {"step": 1})
    folder = tmp_path / "step-00000001"
    torch.save({"step": 2, "evil": Exception("pickled object")}, folder / ckpt.STATE)
    with pytest.raises(Exception, match="no loadable checkpoint"):
        ckpt.load_checkpoint(tmp_path, torch.nn.Linear(2, 2))


def test_falls_back_when_latest_is_damaged(tmp_path):
    model = torch.nn.Linear(2, 2)
    ckpt.save_checkpoint(tmp_path, 1, model, {"step": 1}, keep=3)
    ckpt.save_checkpoint(tmp_path, 2, model, {"step": 2}, keep=3)
    (tmp_path / "step-00000002" / ckpt.WEIGHTS).write_bytes(b"garbage")
    assert ckpt.load_checkpoint(tmp_path, torch.nn.Linear(2, 2))["step"] == 1


@pytest.mark.slow
def test_kill_9_during_writes_never_leaves_a_broken_checkpoint(tmp_path):
    rng = random.Random(0)
    step = 0
    for attempt in range(12):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), str(step)],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        model, state = load(tmp_path)
        # the weights and the state belong to the same step, and steps only move forward
        assert state["step"] >= step
        assert torch.all(model.weight == state["step"]) and torch.all(model.bias == state["step"])
        step = state["step"]
    assert step > 0
