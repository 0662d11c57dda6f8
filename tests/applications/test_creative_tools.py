"""Creative tools on tiny trained runs: inpainting, image-to-image, class morphs, latent maps."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import genlab
from genlab.errors import ConfigError, DataError
from genlab.responsible import provenance
from tests.conftest import run_cli

TINY = {"train.num_samples": 4}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """One tiny run each of diffusion, cgan, cvae and the 2-D VAE on the 8x8 digits."""
    root = tmp_path_factory.mktemp("creative")
    import os

    os.environ.setdefault("GENLAB_OFFLINE", "1")
    common = dict(dataset="digits", steps=3, runs_dir=root, quiet=True)
    return {
        "diffusion": genlab.train("diffusion", set={**TINY, "model.channels": 8, "model.sample_steps": 2,
                                                    "model.eval_samples": 100}, **common),
        "cgan": genlab.train("cgan", set={**TINY, "model.eval_samples": 100}, **common),
        "cvae": genlab.train("cvae", set={**TINY, "model.eval_samples": 100}, **common),
        "vae-2d": genlab.train("vae-2d", set=TINY, **common),
        "root": root,
    }


def _image(run) -> torch.Tensor:
    return run._test_images()[0].float().div(255)


def test_inpainting_keeps_the_known_pixels_exactly_and_fills_the_rest(runs):
    from genlab.pipelines.inpainting import inpaint
    from genlab.pipelines.inputs import read_mask

    run = runs["diffusion"]
    model = run.model("cpu")
    image = _image(run)
    fill = read_mask("right", model.data_info.shape)
    out = inpaint(model, image, fill, n=3, steps=4, resample=2, generator=torch.Generator().manual_seed(0))
    keep = (~fill).expand_as(image)
    assert out.shape == (3, *image.shape)
    assert torch.allclose(out[:, keep], image[keep].expand(3, -1), atol=1e-5)
    assert not torch.allclose(out[:, ~keep], image[~keep].expand(3, -1), atol=1e-3)
    again = inpaint(model, image, fill, n=3, steps=4, resample=2, generator=torch.Generator().manual_seed(0))
    assert torch.equal(out, again)  # seeded: the same completions


def test_sdedit_stays_near_the_input_at_low_strength_and_leaves_it_at_full(runs):
    from genlab.pipelines.image_to_image import edit

    run = runs["diffusion"]
    model, image = run.model("cpu"), _image(run)
    gen = lambda: torch.Generator().manual_seed(0)  # noqa: E731
    near = (edit(model, image, 0.02, n=4, steps=10, generator=gen()) - image).abs().mean()
    far = (edit(model, image, 1.0, n=4, steps=10, generator=gen()) - image).abs().mean()
    assert near < far
    with pytest.raises(ConfigError, match="strength"):
        edit(model, image, 0.0)


def test_ddim_can_start_part_way_down_the_schedule():
    from genlab.schedulers import make_schedule
    from genlab.schedulers.samplers import DDIMSampler

    times = DDIMSampler(make_schedule("cosine", 100), steps=5, start=40).timesteps()
    assert times[0] == 40 and times[-1] == 0 and len(times) == 5
    with pytest.raises(ValueError):
        DDIMSampler(make_schedule("cosine", 100), steps=5, start=100)


@pytest.mark.parametrize("name", ["cgan", "cvae", "diffusion"])
def test_a_class_morph_starts_at_one_class_and_ends_at_the_other(runs, name):
    from genlab.models.capabilities import slerp  # noqa: F401  (the walk the morph uses)
    from genlab.pipelines.morphing import class_morph

    model = runs[name].model("cpu")
    frames = class_morph(model, 1, 7, frames=4, rows=2, generator=torch.Generator().manual_seed(0))
    assert len(frames) == 4 and frames[0].shape == (2, *model.data_info.shape)
    ends = model.draw_latents(4, torch.Generator().manual_seed(0))
    first = model.decode_latents(ends[:2], torch.tensor([1, 1]), generator=torch.Generator().manual_seed(0))
    last = model.decode_latents(ends[2:], torch.tensor([7, 7]), generator=torch.Generator().manual_seed(0))
    # soft one-hot labels decode exactly as the integer labels they equal
    assert torch.allclose(frames[0], first.clamp(0, 1), atol=1e-5)
    assert torch.allclose(frames[-1], last.clamp(0, 1), atol=1e-5)


def test_soft_labels_embed_as_the_weighted_mean_of_the_classes():
    from genlab.models.capabilities import embed_labels, null_labels

    emb = torch.nn.Embedding(4, 3)
    soft = torch.tensor([[0.25, 0.75, 0.0, 0.0]])
    assert torch.allclose(embed_labels(emb, soft), 0.25 * emb.weight[0] + 0.75 * emb.weight[1])
    assert torch.equal(null_labels(torch.tensor([2, 0]), 3), torch.tensor([3, 3]))
    assert null_labels(soft, 3).tolist() == [[0.0, 0.0, 0.0, 1.0]]


def test_the_latent_map_needs_a_2d_vae_and_tours_its_plane(runs):
    from genlab.pipelines.morphing import latent_map

    frames = latent_map(runs["vae-2d"].model("cpu"), frames=3, grid=5)
    assert len(frames) == 3 and frames[0].shape[0] == 3 and not torch.equal(frames[0], frames[1])
    with pytest.raises(ConfigError, match="2-D latent space"):
        latent_map(runs["cvae"].model("cpu"))


def test_api_writes_grids_and_gifs_with_provenance(runs, tmp_path):
    run = runs["diffusion"]
    png = run.inpaint("test:2", "centre", n=2, steps=3, resample=2).save(tmp_path / "fill.png")
    record, intact = provenance.read(png)
    assert intact and record["what"] == "inpainting (RePaint)" and record["mask"] == "centre"
    assert record["run"] == run.name and record["seed"] == 0
    gif = runs["cgan"].morph(0, 3, frames=3, rows=2).save(tmp_path / "morph.gif")
    record, intact = provenance.read(gif)
    assert intact and record["what"].startswith("class morph 0 -> 3")
    assert runs["vae-2d"].latent_map(frames=2).save(tmp_path / "map.gif").stat().st_size > 0


def test_inputs_are_read_into_the_model_shape_and_bad_ones_are_one_line_errors(tmp_path):
    from PIL import Image

    from genlab.pipelines.inputs import read_image, read_mask

    Image.fromarray(np.full((40, 60, 3), 200, np.uint8)).save(tmp_path / "x.png")
    assert read_image(tmp_path / "x.png", (1, 8, 8)).shape == (1, 8, 8)
    assert read_image(tmp_path / "x.png", (3, 32, 32)).shape == (3, 32, 32)
    Image.fromarray(np.zeros((8, 8), np.uint8)).save(tmp_path / "black.png")
    with pytest.raises(ConfigError, match="all black"):
        read_mask(tmp_path / "black.png", (1, 8, 8))
    with pytest.raises(DataError, match="not found"):
        read_image(tmp_path / "missing.png", (1, 8, 8))
    (tmp_path / "bad.png").write_bytes(b"nope")
    with pytest.raises(DataError, match="not an image"):
        read_mask(tmp_path / "bad.png", (1, 8, 8))
    with pytest.raises(ConfigError, match="test:K"):
        read_image("test:x", (1, 8, 8), lambda: torch.zeros(2, 1, 8, 8))
    assert read_mask("top", (1, 4, 4))[0, :2].all() and not read_mask("top", (1, 4, 4))[0, 2:].any()


def test_cli_inpaint_edit_morph_and_latent_map(runs, tmp_path):
    from PIL import Image, ImageDraw

    root = str(runs["root"])
    diffusion = str(runs["diffusion"].path)
    sketch = Image.new("L", (32, 32), 0)
    ImageDraw.Draw(sketch).rectangle([10, 4, 22, 28], fill=255)  # a rough stroke
    sketch.save(tmp_path / "sketch.png")
    for args, written in [
        (["inpaint", diffusion, "--image", "test:0", "--mask", "left", "--n", "2", "--steps", "3"], "inpaint.png"),
        (["edit", diffusion, "--image", str(tmp_path / "sketch.png"), "--strength", "0.5", "--n", "2"], "edit.png"),
        (["morph", str(runs["cvae"].path), "--from", "0", "--to", "1", "--frames", "3"], "morph.gif"),
        (["latent-map", str(runs["vae-2d"].path), "--frames", "3"], "latent-map.gif"),
    ]:
        out = run_cli(*args, "--out", str(tmp_path / written), "--runs-dir", root, cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        assert (tmp_path / written).is_file()
    assert provenance.read(tmp_path / "edit.png")[0]["strength"] == 0.5
    assert (tmp_path / "morph.gif.provenance.json").is_file()


@pytest.mark.parametrize("args, message", [
    (["inpaint", "{cgan}", "--image", "test:0"], "needs a model that predicts noise"),
    (["morph", "{vae}", "--from", "0", "--to", "1"], "class-conditional"),
    (["morph", "{cvae}", "--from", "0", "--to", "10"], "out of range"),
    (["edit", "{diffusion}", "--image", "test:0", "--strength", "1.5"], "strength must be in"),
    (["inpaint", "{diffusion}", "--image", "test:0", "--out", "x.jpg"], "must be a .png"),
    (["latent-map", "{cvae}"], "2-D latent space"),
])
def test_cli_refuses_bad_requests_in_one_line(runs, tmp_path, args, message):
    paths = {"cgan": runs["cgan"].path, "vae": runs["vae-2d"].path, "cvae": runs["cvae"].path,
             "diffusion": runs["diffusion"].path}
    out = run_cli(*[a.format(**paths) for a in args], cwd=tmp_path)
    assert out.returncode == 2 and message in out.stderr and out.stderr.count("\n") == 1, out.stderr
