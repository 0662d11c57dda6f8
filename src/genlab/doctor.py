"""``genlab doctor``: is this machine ready to train? One line per check, with the fix.

Each check returns a :class:`Check`: ``ok``, ``warn`` (something optional is missing: a dataset
that has a fallback, chromium for the browser tests, Jupyter for the guides) or ``fail``
(training the demo would not work: no torch, no scikit-learn, no writable runs folder). The
command exits 0 only when nothing fails. Importing this module imports no torch; the torch
check imports it (that is what it checks).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import platform
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

TORCH_FIX = "pip install torch==2.13.0 (the CPU wheel; install it before genlab, or pip pulls a CUDA build)"
MIN_FREE_MB = 200


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # ok | warn | fail
    detail: str
    fix: str = ""

    def line(self) -> str:
        text = f"{self.status:<4}  {self.name:<18} {self.detail}"
        return text + (f" — fix: {self.fix}" if self.fix and self.status != "ok" else "")


def run_checks(runs_dir: str | Path | None = None) -> list[Check]:
    return [check_python(), *check_packages(), check_torch(), *check_datasets(),
            check_runs_folder(runs_dir), check_chromium(), check_jupyter(), check_export(), check_keras()]


def ready(checks: list[Check]) -> bool:
    """True when training the demo will work (no check failed)."""
    return not any(c.status == "fail" for c in checks)


# -- the checks -----------------------------------------------------------------------------
def check_python() -> Check:
    v = sys.version_info
    text = f"{platform.python_version()} ({sys.executable})"
    if v < (3, 10):
        return Check("python", "fail", text, "use Python 3.10 or newer (3.11 for the torch parts)")
    if v[:2] != (3, 11):
        return Check("python", "warn", text + "; the torch CPU wheel here is for 3.11",
                     "the roadmap and exercises work; for the labs use Python 3.11")
    return Check("python", "ok", text)


def check_packages() -> list[Check]:
    """genlab's declared dependencies (torch has its own check)."""
    try:
        requires = importlib.metadata.requires("genlab") or []
    except importlib.metadata.PackageNotFoundError:
        return [Check("genlab", "fail", "not installed as a package", "pip install -e . in the repository")]
    missing, counted = [], 0
    for req in requires:
        if "extra ==" in req:
            continue
        counted += 1
        name = req.split(";")[0].split("[")[0]
        for sep in "<>=!~ ":
            name = name.split(sep)[0]
        if name == "torch" or (";" in req and not _marker_applies(req)):
            continue
        try:
            importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            missing.append(name)
    version = importlib.metadata.version("genlab")
    if missing:
        return [Check("packages", "fail", f"genlab {version}; missing: {', '.join(missing)}",
                      f"pip install {' '.join(missing)}")]
    return [Check("packages", "ok", f"genlab {version} and its {counted} dependencies")]


def _marker_applies(req: str) -> bool:
    try:
        from packaging.requirements import Requirement

        return Requirement(req).marker is None or Requirement(req).marker.evaluate()
    except Exception:  # noqa: BLE001 - packaging missing or an odd marker: check the package
        return True


def check_torch() -> Check:
    if importlib.util.find_spec("torch") is None:
        return Check("torch", "fail", "not installed", TORCH_FIX)
    try:
        import torch
    except Exception as exc:  # noqa: BLE001 - a broken install is a finding, not a crash
        return Check("torch", "fail", f"does not import ({type(exc).__name__}: {str(exc)[:80]})", TORCH_FIX)
    build = f"CUDA {torch.version.cuda}" if torch.version.cuda else "CPU"
    devices = [f"{torch.get_num_threads()} CPU threads"]
    if torch.cuda.is_available():
        devices.append(f"CUDA: {torch.cuda.get_device_name(0)}")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        devices.append("MPS")
    return Check("torch", "ok", f"{torch.__version__} ({build} build); {', '.join(devices)}")


def check_datasets() -> list[Check]:
    from genlab.data import registry, sources

    out = []
    for name in ("fashion-mnist", "mnist"):
        spec = registry.image_spec(name)
        names = [f.name for pair in spec.files.values() for f in pair]
        found = sources.find_local(name, names)
        why = "the demo falls back to the 8x8 digits" if name == "fashion-mnist" else "only the MNIST recipes need it"
        out.append(Check(name, "ok", f"found in {found[0].parent}") if found else
                   Check(name, "warn", f"not found ({why})", spec.how_to_get))
    spec = registry.text_spec("tinyshakespeare")
    env = os.environ.get(spec.env_var or "")
    found = Path(env) if env and Path(env).is_file() else (sources.find_local(spec.name, [spec.file.name]) or [None])[0]
    out.append(Check("tinyshakespeare", "ok", f"found at {found}") if found else
               Check("tinyshakespeare", "warn", "not found (the language labs need a corpus)", spec.how_to_get))
    has_sklearn = importlib.util.find_spec("sklearn") is not None
    out.append(Check("digits", "ok", "scikit-learn's embedded 8x8 digits") if has_sklearn else
               Check("digits", "fail", "scikit-learn is missing", "pip install scikit-learn"))
    return out


def check_runs_folder(runs_dir=None) -> Check:
    from genlab.run_folder.run_dir import runs_root

    root = runs_root(runs_dir).resolve()
    existing = next((p for p in (root, *root.parents) if p.exists()), None)
    if existing is None or not os.access(existing, os.W_OK):
        return Check("runs folder", "fail", f"{root} cannot be written", "pass --runs-dir DIR or set $GENLAB_RUNS")
    free_mb = shutil.disk_usage(existing).free / 2 ** 20
    detail = f"{root}: {free_mb / 1024:.1f} GiB free"
    if free_mb < MIN_FREE_MB:
        return Check("runs folder", "fail", detail, f"free at least {MIN_FREE_MB} MB, or pass --runs-dir elsewhere")
    return Check("runs folder", "ok", detail)


def check_chromium() -> Check:
    path = os.environ.get("GENLAB_CHROMIUM", "/usr/bin/chromium")
    if Path(path).exists() or shutil.which("chromium"):
        return Check("chromium", "ok", f"{path if Path(path).exists() else shutil.which('chromium')} (dashboard browser tests)")
    return Check("chromium", "warn", "not found (only the dashboard's browser tests need it)",
                 "sudo apt-get install chromium, or set $GENLAB_CHROMIUM")


def check_jupyter() -> Check:
    missing = [m for m in ("nbclient", "ipykernel") if importlib.util.find_spec(m) is None]
    if missing:
        return Check("jupyter", "warn", f"{', '.join(missing)} missing (genlab notebook --execute needs them)",
                     'pip install -e ".[notebooks]"')
    return Check("jupyter", "ok", "nbclient and ipykernel (guides run with genlab notebook --execute)")


def check_export() -> Check:
    missing = [m for m in ("onnx", "onnxscript", "onnxruntime") if importlib.util.find_spec(m) is None]
    if missing:
        return Check("export", "warn", f"{', '.join(missing)} missing (genlab export --format onnx needs them)",
                     "pip install 'genlab[export]'")
    return Check("export", "ok", "onnx, onnxscript and onnxruntime (genlab export --format onnx)")


def check_keras() -> Check:
    try:
        version = importlib.metadata.version("keras")
    except importlib.metadata.PackageNotFoundError:
        return Check("keras", "warn", "Keras 3 missing (only the Keras track needs it)", "pip install 'genlab[keras]'")
    if int(version.split(".")[0]) < 3:
        return Check("keras", "warn", f"Keras {version}: the Keras track needs Keras 3", "pip install -U keras")
    backend = os.environ.get("KERAS_BACKEND", "torch")
    return Check("keras", "ok", f"Keras {version} (the Keras track, on the {backend} backend)")


def environment_hint(exc: BaseException) -> str | None:
    """The one-line doctor hint for an error that comes from the environment, not the input."""
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        package = exc.name.split(".")[0]
        fix = TORCH_FIX if package == "torch" else f"pip install {package}"
        return f"the package {package!r} is missing ({fix}); `genlab doctor` checks the whole set-up"
    if isinstance(exc, OSError) and getattr(exc, "errno", None) in (28, 13, 30):  # no space, denied, read-only
        return f"{exc.strerror or exc}: {getattr(exc, 'filename', '') or ''}; `genlab doctor` checks the runs folder"
    return None
