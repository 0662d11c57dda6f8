"""Every generated file says where it came from, and whether its content changed since."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from genlab.errors import DataError
from genlab.responsible import provenance

from ..conftest import run_cli


def _image():
    return Image.fromarray(np.arange(64, dtype=np.uint8).reshape(8, 8))


def test_a_png_carries_its_record_and_notices_an_edit(tmp_path):
    path = tmp_path / "samples.png"
    with provenance.context(run="vae-1", model="vae"):
        provenance.save_png(_image(), path, step=40, seed=3)
    record, matches = provenance.read(path)
    assert matches and record["run"] == "vae-1" and record["model"] == "vae"
    assert record["step"] == 40 and record["seed"] == 3 and record["genlab_version"]
    assert record["sha256"] == provenance.pixels_sha256(Image.open(path))
    edited = Image.open(path).copy()
    edited.putpixel((0, 0), 255)
    meta = Image.open(path).text                      # keep the record, change a pixel
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_itxt(provenance.PNG_KEY, meta[provenance.PNG_KEY])
    edited.save(path, pnginfo=info)
    assert provenance.read(path) == (record, False)
    assert any("CHANGED" in line for line in provenance.describe(path))


def test_resaving_without_metadata_drops_the_record(tmp_path):
    path = tmp_path / "a.png"
    provenance.save_png(_image(), path)
    Image.open(path).save(path)                       # Pillow drops unknown text chunks by default
    assert provenance.read(path) == (None, None)


def test_other_files_get_a_sidecar(tmp_path):
    text = tmp_path / "sample.txt"
    text.write_text("to be or not to be")
    sidecar = provenance.stamp(text, run="gpt-1", seed=0)
    assert sidecar.name == "sample.txt.provenance.json"
    assert json.loads(sidecar.read_text())["sha256"] == provenance.file_sha256(text)
    assert provenance.read(text)[1] is True
    text.write_text("to be or not to be, edited")
    assert provenance.read(text)[1] is False
    with pytest.raises(DataError, match="provenance record"):
        provenance.read(sidecar)


def test_the_command_says_what_it_found_with_its_exit_code(tmp_path):
    good, bare, broken = tmp_path / "good.png", tmp_path / "bare.png", tmp_path / "broken.png"
    provenance.save_png(_image(), good, run="r", model="vae", step=5)
    _image().save(bare)
    broken.write_bytes(b"not a png")
    result = run_cli("provenance", str(good))
    assert result.returncode == 0 and "model: vae" in result.stdout and "matches the record" in result.stdout
    result = run_cli("provenance", str(bare))
    assert result.returncode == 1 and "no genlab provenance" in result.stdout
    result = run_cli("provenance", str(broken))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "not a readable PNG" in result.stderr
    result = run_cli("provenance", str(tmp_path / "missing.png"))
    assert result.returncode == 2 and "is not a file" in result.stderr


def test_provenance_and_card_start_without_torch(tmp_path):
    import subprocess
    import sys

    png = tmp_path / "a.png"
    provenance.save_png(_image(), png)
    run = tmp_path / "run"
    run.mkdir()
    (run / "config.toml").write_text('[model]\nname = "vae"\n[data]\ndataset = "digits"\n[train]\nseed = 0\n')
    (run / "run.json").write_text('{"status": "finished", "step": 3}')
    code = ("import sys; from genlab.cli.main import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "assert 'torch' not in sys.modules, 'torch imported'\nprint('clean')")
    for args in (["provenance", str(png)], ["card", str(run)]):
        proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
        assert proc.returncode == 0 and "clean" in proc.stdout, proc.stderr
    card = (run / "model-card.md").read_text()
    assert "No audits were run" in card and "No evaluation was recorded" in card


def test_damaged_audit_files_are_skipped(tmp_path):
    from genlab.responsible.records import read_audits
    from genlab.run_folder.run_dir import RunDir

    folder = tmp_path / "audit"
    folder.mkdir()
    (folder / "balance.json").write_text('{"audit": "balance", "summary": "ok"}')
    (folder / "memorization.json").write_text('{"audit": "memo')          # half written
    (folder / "membership.json").write_bytes(b"\xff\xfe")
    (folder / "text.json").write_text("[1, 2]")
    assert [a["audit"] for a in read_audits(RunDir(tmp_path))] == ["balance"]
