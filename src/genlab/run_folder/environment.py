"""What a run records about where it ran: versions, device, threads, git commit."""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path


def git_commit(cwd: Path | None = None) -> str | None:
    """The commit of the genlab checkout (or of the working directory), if it is a git repo."""
    for folder in (Path(__file__).resolve().parents[3], cwd or Path.cwd()):
        try:
            out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True,
                                 text=True, timeout=5)
        except (OSError, subprocess.SubprocessError):
            return None
        if out.returncode == 0:
            dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                                   cwd=folder, capture_output=True, text=True, timeout=5).stdout
            return out.stdout.strip() + ("+dirty" if dirty.strip() else "")
    return None


def collect(device) -> dict:
    import numpy
    import torch

    from genlab import __version__

    env = {
        "genlab": __version__,
        "python": sys.version.split()[0],
        "torch": torch.__version__,
        "numpy": numpy.__version__,
        "platform": platform.platform(),
        "device": str(device),
        "threads": torch.get_num_threads(),
        "git_commit": git_commit(),
    }
    if getattr(device, "type", "") == "cuda":
        env["gpu"] = torch.cuda.get_device_name(device)
    return env
