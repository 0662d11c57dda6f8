"""Models a user can ship: ONNX graphs (:mod:`genlab.export.onnx`) and self-describing model
folders (:mod:`genlab.export.folder`), both made from a run's newest checkpoint by
``genlab export``; ``genlab serve-model`` (:mod:`genlab.serving`) puts either behind HTTP."""

from __future__ import annotations

from pathlib import Path

from genlab.errors import unknown

FORMATS = ("onnx", "safetensors-folder")


def export_run(run: str | Path, fmt: str, out: str | Path | None = None, runs_dir=None) -> dict:
    """Export a run (its folder, its name, or ``last``) as ``fmt``; returns what was written."""
    if fmt not in FORMATS:
        raise unknown("export format", fmt, FORMATS)
    from genlab.run_folder.run_dir import RunDir
    from genlab.training.job import load_trained

    run_dir = RunDir.open(run, runs_dir)
    model, _ = load_trained(run_dir, "cpu")
    if fmt == "onnx":
        from genlab.export.onnx import export_onnx

        path = Path(out) if out else Path(run_dir.path) / "export" / f"{run_dir.name}.onnx"
        if path.suffix != ".onnx":
            path = path / f"{run_dir.name}.onnx"
        path.parent.mkdir(parents=True, exist_ok=True)
        return export_onnx(model, path)
    from genlab.export.folder import export_folder

    return export_folder(run_dir, model, Path(out) if out else Path(run_dir.path) / "export" / run_dir.name)
