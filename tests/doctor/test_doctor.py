"""genlab doctor: one line per check with the fix; exit 0 only when training will work."""

from __future__ import annotations

import json
import subprocess
import sys

from genlab import doctor


def test_this_machine_is_ready_and_every_check_says_one_line(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "genlab", "doctor", "--runs-dir", str(tmp_path / "runs")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[-1] == "ready to train"
    names = [line.split()[1] for line in lines[:-1]]
    for name in ("python", "packages", "torch", "fashion-mnist", "digits", "runs", "chromium", "jupyter",
                 "export", "keras"):
        assert name in names
    assert all(line.split()[0] in ("ok", "warn", "fail") for line in lines[:-1])


def test_missing_torch_fails_with_the_fix(monkeypatch):
    real = doctor.importlib.util.find_spec
    monkeypatch.setattr(doctor.importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    check = doctor.check_torch()
    assert check.status == "fail" and "pip install torch==2.13.0" in check.line()
    assert not doctor.ready([check])


def test_an_unwritable_or_full_runs_folder_fails(tmp_path, monkeypatch):
    assert doctor.check_runs_folder(tmp_path / "runs").status == "ok"
    monkeypatch.setattr(doctor.os, "access", lambda path, mode: False)  # as root nothing is unwritable
    check = doctor.check_runs_folder(tmp_path / "runs")
    assert check.status == "fail" and "cannot be written" in check.detail and "--runs-dir" in check.fix
    monkeypatch.undo()
    full = type("Usage", (), {"free": 10 * 2 ** 20})()
    monkeypatch.setattr(doctor.shutil, "disk_usage", lambda path: full)
    check = doctor.check_runs_folder(tmp_path / "runs")
    assert check.status == "fail" and f"free at least {doctor.MIN_FREE_MB} MB" in check.fix


def test_a_missing_dataset_is_a_warning_with_how_to_get_it(monkeypatch, tmp_path):
    monkeypatch.setenv("GENLAB_SYSTEM_DATA", str(tmp_path))
    import importlib

    from genlab.data import sources

    importlib.reload(sources)
    try:
        checks = {c.name: c for c in doctor.check_datasets()}
        assert checks["mnist"].status == "warn" and "--data-dir" in checks["mnist"].fix
    finally:
        monkeypatch.undo()
        importlib.reload(sources)


def test_json_output_and_the_environment_hint(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "genlab", "doctor", "--json", "--runs-dir", str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    rows = json.loads(proc.stdout)
    assert {"name", "status", "detail", "fix"} <= set(rows[0])
    hint = doctor.environment_hint(ModuleNotFoundError("No module named 'torch'", name="torch"))
    assert "pip install torch==2.13.0" in hint and "genlab doctor" in hint
    assert doctor.environment_hint(ValueError("x")) is None


def test_doctor_imports_no_torch_until_it_checks():
    code = "import sys, genlab.doctor, genlab.cli.doctor_cmds; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
