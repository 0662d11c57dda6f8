"""Re-run a run from its recorded config and check that the result is the same.

On a CPU with the same seed, genlab training is deterministic: the batch order depends only
on (seed, epoch), initial weights on the seed, and noise on the RNG state the trainer seeds.
``genlab reproduce RUN`` trains the recorded config again and compares the final weights
tensor by tensor, and the final metrics.
"""

from __future__ import annotations

from pathlib import Path

from genlab.config import validate
from genlab.errors import RunError
from genlab.run_folder.run_dir import RunDir


def reproduce(original: RunDir, root: Path, console=None) -> dict:
    from genlab.training import job

    info = original.read_info()
    if info.get("status") != "finished":
        raise RunError(f"{original.path} did not finish (status {info.get('status')!r}); "
                       "only finished runs can be reproduced")
    cfg = validate(original.read_config())
    again = job.new_run(cfg, root, f"{original.name}-reproduce")
    result = job.train(cfg, again, progress=console is not None, console=console)
    return compare_runs(original, again) | {"run": str(again.path), "metrics": result.metrics}


def compare_runs(a: RunDir, b: RunDir) -> dict:
    """Weights compared exactly; environment and data differences listed."""
    from safetensors.torch import load_file

    from genlab.training.checkpoint import WEIGHTS, latest_checkpoint

    ca, cb = latest_checkpoint(a.checkpoints), latest_checkpoint(b.checkpoints)
    if ca is None or cb is None:
        raise RunError("both runs need a checkpoint to compare")
    wa, wb = load_file(str(ca / WEIGHTS)), load_file(str(cb / WEIGHTS))
    max_diff = 0.0
    identical = wa.keys() == wb.keys()
    for key in wa.keys() & wb.keys():
        if not wa[key].equal(wb[key]):
            identical = False
            max_diff = max(max_diff, (wa[key].float() - wb[key].float()).abs().max().item())
    ia, ib = a.read_info(), b.read_info()
    env_a, env_b = ia.get("environment", {}), ib.get("environment", {})
    differences = {k: (env_a.get(k), env_b.get(k)) for k in sorted(set(env_a) | set(env_b))
                   if env_a.get(k) != env_b.get(k) and k != "git_commit"}
    if ia.get("data_checksums") != ib.get("data_checksums"):
        differences["data_checksums"] = (ia.get("data_checksums"), ib.get("data_checksums"))
    return {"identical_weights": identical, "max_abs_diff": max_diff, "differences": differences}
