"""The video lab: moving-digit clips, the scores, ConvLSTM, SimVP and SVG, ``genlab predict``."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from genlab.data.moving_digits import (ClipSettings, load_clips, random_bounce_trajectories, read_clip_array,
                                       read_standard_test, render, trajectories)
from genlab.errors import DataError
from genlab.metrics.video import ClipScores, best_of_k, diversity, frame_errors
from genlab.models.base import DataInfo
from genlab.models.convlstm import ConvLSTM, ConvLSTMCell
from genlab.models.simvp import SimVP
from genlab.models.svg import SVG
from tests.conftest import run_cli

TINY = ClipSettings(objects=1, frame_size=16, digit_size=8, speed=2.0, frames_in=4, frames_out=4)
TINY_MODEL = {"objects": 1, "frame_size": 16, "digit_size": 8, "speed": 2.0, "frames_in": 4, "frames_out": 4,
              "train_size": 64, "test_size": 16}


def test_flights_stay_inside_and_bounce_off_the_walls():
    s = ClipSettings(frames_in=30, frames_out=30)
    corners = trajectories(torch.Generator().manual_seed(0), 50, s)
    room = s.frame_size - s.digit_size
    assert corners.min() >= 0 and corners.max() <= room
    steps = corners.diff(dim=2).float()
    assert steps.abs().max() <= s.speed + 1  # never faster than the speed (plus rounding)
    flips = (steps[:, :, 1:] * steps[:, :, :-1] < 0).any()
    assert flips  # some direction reverses: a bounce


def test_render_puts_each_digit_where_its_corner_says():
    digits = torch.zeros(1, 2, 8, 8)
    digits[0, 0], digits[0, 1] = 0.5, 1.0
    corners = torch.tensor([[[[0, 0]] * 8, [[4, 4]] * 8]])  # (1, 2 objects, 8 frames, (x, y))
    clip = render(digits, corners, ClipSettings(2, 16, 8, 2.0, 4, 4))
    assert clip.shape == (1, 8, 1, 16, 16)
    assert clip[0, 0, 0, 0, 0] == 0.5 and clip[0, 0, 0, 5, 5] == 1.0  # the brighter wins the overlap
    assert clip[0, 0, 0, 15, 15] == 0


def test_clips_are_made_again_from_their_number_and_the_test_set_is_fixed():
    train, test = load_clips("moving-digits", TINY, 32, 8, seed=3)
    again_train, again_test = load_clips("moving-digits", TINY, 32, 8, seed=4)
    index = torch.tensor([5, 1])
    assert torch.equal(train.clips(index), train.clips(index))
    assert not torch.equal(train.clips(index), again_train.clips(index))  # another seed, other clips
    first = next(test.eval_batches(8))[0]
    assert torch.equal(first, next(again_test.eval_batches(8))[0])  # the test set ignores the seed
    (batch,) = next(iter(train.batches(8).epoch(0)))
    assert batch.shape == (8, 8, 1, 16, 16) and 0 <= batch.min() and batch.max() <= 1
    assert train.info().extra["frames_in"] == 4


def test_clip_files_are_read_safely_with_one_line_errors(tmp_path):
    clips = np.random.default_rng(0).integers(0, 256, (20, 3, 64, 64), dtype=np.uint8)  # the paper's (T, N, H, W)
    np.save(tmp_path / "mnist_test_seq.npy", clips)
    standard = read_standard_test(ClipSettings(), data_dir=tmp_path)
    assert standard.frames.shape == (3, 20, 1, 64, 64)
    assert torch.equal(standard.frames[1, 7, 0], torch.from_numpy(clips[7, 1]))
    with pytest.raises(DataError, match="2 digits in 20 frames of 64x64"):
        read_standard_test(TINY, data_dir=tmp_path)
    np.save(tmp_path / "flat.npy", np.zeros((4, 64), dtype=np.uint8))
    with pytest.raises(DataError, match="expected clips of square frames"):
        read_clip_array(tmp_path / "flat.npy")
    np.save(tmp_path / "objects.npy", np.array([{"a": 1}], dtype=object))
    with pytest.raises(DataError, match="not a readable .npy"):  # never unpickled
        read_clip_array(tmp_path / "objects.npy")
    (tmp_path / "junk.npy").write_bytes(b"not numpy")
    with pytest.raises(DataError, match="not a readable .npy"):
        read_clip_array(tmp_path / "junk.npy")


def test_scores_follow_the_papers_conventions():
    truth = torch.zeros(2, 3, 1, 16, 16)
    perfect = frame_errors(truth + 0.0, truth)
    assert perfect["mse"].max() == 0 and torch.allclose(perfect["ssim"], torch.ones(2, 3))
    wrong = frame_errors(torch.ones_like(truth), truth)
    assert torch.allclose(wrong["mse"], torch.full((2, 3), 256.0))  # summed over a frame's 256 pixels
    assert torch.allclose(wrong["mae"], torch.full((2, 3), 256.0))
    half = frame_errors(torch.full_like(truth, 0.5), truth)
    assert torch.allclose(half["psnr"], torch.full((2, 3), 10 * np.log10(4.0)), atol=1e-4)
    scores = ClipScores()
    scores.add(torch.ones_like(truth), truth)
    scores.add(torch.ones_like(truth), truth, prefix="copy_last/")
    scores.seen(2)
    metrics = scores.metrics()
    assert metrics["mse"] == 256.0 and metrics["mse@3"] == 256.0 and metrics["copy_last/mse"] == 256.0


def test_best_of_k_takes_the_nearest_future_and_diversity_sees_differences():
    truth = torch.zeros(1, 2, 1, 4, 4)
    samples = torch.stack([torch.ones_like(truth), torch.zeros_like(truth)])
    assert best_of_k(samples, truth).sum() == 0
    assert diversity(samples).sum() == 2 * 16
    assert diversity(torch.stack([truth, truth])).sum() == 0


def test_random_bounces_stay_inside_keep_the_speed_and_change_direction():
    s = ClipSettings(objects=1, frame_size=32, digit_size=16, speed=2.0, frames_in=30, frames_out=30,
                     bounce="random")
    corners = random_bounce_trajectories(torch.Generator().manual_seed(0), 200, s)
    room = s.frame_size - s.digit_size
    assert corners.shape == (200, 1, 60, 2) and corners.min() >= 0 and corners.max() <= room
    assert corners.diff(dim=2).float().norm(dim=-1).max() <= s.speed + 1.5
    # the same seed draws the same start and heading as a mirror flight: the two agree until the
    # digit first meets a wall, and part ways after it
    mirror = trajectories(torch.Generator().manual_seed(0), 200, s)
    assert torch.equal(corners[:, :, 0], mirror[:, :, 0])
    differs = (corners != mirror).any(-1).squeeze(1)           # (clips, frames)
    near_wall = (mirror <= s.speed + 1) | (mirror >= room - s.speed - 1)   # a wall within a step
    first_wall = near_wall.any(-1).squeeze(1).float().argmax(1)
    first_difference = differs.float().argmax(1)
    assert (first_difference[differs.any(1)] >= first_wall[differs.any(1)]).all()
    assert differs[:, -1].float().mean() > 0.9


def test_the_svg_prior_draws_different_futures_and_training_lowers_its_loss():
    torch.manual_seed(0)
    options = {**TINY_MODEL, "bounce": "random", "features": 4, "frame_dim": 8, "z_dim": 2, "rnn_size": 16,
               "predictor_layers": 1, "eval_samples": 3}
    model = SVG.from_config({"name": "svg", **options}, DataInfo((8, 1, 16, 16), 0))
    train, test = load_clips("moving-digits", ClipSettings(1, 16, 8, 2.0, 4, 4, "random"), 16, 8)
    (clips,) = next(iter(train.batches(16).epoch(0)))
    out = model.loss((clips,))
    assert set(out.logs) >= {"frame_mse", "kl"} and out.logs["kl"] >= 0
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    first = float(out.loss.detach())
    for _ in range(40):
        loss = model.loss((clips,)).loss
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert float(loss.detach()) < 0.6 * first
    futures = model.predict(clips[:, :4], samples=3)
    assert futures.shape == (3, 16, 4, 1, 16, 16) and not torch.equal(futures[0], futures[1])
    metrics = model.evaluate(test.eval_batches(8))
    assert metrics["best_of_k/mse"] <= metrics["mse"] + 1e-6 or metrics["best_of_k/mse"] < 1.5 * metrics["mse"]
    assert metrics["diversity"] > 0 and "best_of_k/ssim@4" in metrics


def test_the_convlstm_cell_computes_the_gates_of_shi_et_al():
    torch.manual_seed(0)
    cell = ConvLSTMCell(2, 3, 3)
    x, h, c = torch.randn(1, 2, 5, 5), torch.randn(1, 3, 5, 5), torch.randn(1, 3, 5, 5)
    w, b = cell.gates.weight, cell.gates.bias
    z = torch.nn.functional.conv2d(torch.cat([x, h], 1), w, b, padding=1)
    i, f, o, g = z[:, 0:3], z[:, 3:6], z[:, 6:9], z[:, 9:12]
    c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    h_new = torch.sigmoid(o) * torch.tanh(c_new)
    got_h, got_c = cell(x, (h, c))
    assert torch.allclose(got_c, c_new, atol=1e-6) and torch.allclose(got_h, h_new, atol=1e-6)


@pytest.mark.parametrize("cls, options", [(ConvLSTM, {"hidden": [8], "kernel": 3, "patch": 2}),
                                          (SimVP, {"hidden": 8, "translator": 16, "blocks": 1, "groups": 4})])
def test_each_model_fits_a_batch_of_clips(cls, options):
    torch.manual_seed(0)
    model = cls.from_config({"name": cls.Config.model_fields["name"].default, **TINY_MODEL, **options},
                            DataInfo((8, 1, 16, 16), 0))
    train, _ = load_clips("moving-digits", TINY, 16, 8)
    (clips,) = next(iter(train.batches(16).epoch(0)))
    assert model.predict_frames(clips[:, :4]).shape == (16, 4, 1, 16, 16)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    first = None
    for _ in range(40):
        loss = model.loss((clips,)).loss
        first = first if first is not None else float(loss.detach())
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert float(loss.detach()) < 0.7 * first  # the first loss is that of black frames


def test_predict_writes_a_gif_and_refuses_bad_requests(tmp_path):
    runs = tmp_path / "runs"
    sets = [x for k, v in {**TINY_MODEL, "hidden": 8, "translator": 16, "blocks": 1, "groups": 4}.items()
            for x in ("--set", f"model.{k}={v}")]
    proc = run_cli("train", "simvp", "--dataset", "moving-digits", "--steps", "3", "--runs-dir", str(runs),
                   "-q", *sets, "--set", "data.eval_batch_size=8", "--set", "train.num_samples=4")
    assert proc.returncode == 0, proc.stderr
    [run] = list(runs.iterdir())
    assert list((run / "samples").glob("predictions-step-*.gif"))
    assert (run / "horizons.png").is_file() and "By horizon" in (run / "report.html").read_text()
    import genlab

    assert [ax.get_title() for ax in genlab.load(run).horizons().axes] == ["mse by horizon", "ssim by horizon"]
    out = tmp_path / "clip.gif"
    proc = run_cli("predict", str(run), "--out", str(out), "--clips", "2")
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes()[:6] == b"GIF89a" and "per-frame MSE by horizon" in proc.stdout
    movie = tmp_path / "clip.mp4"
    proc = run_cli("predict", str(run), "--out", str(movie), "--clips", "2")
    assert proc.returncode == 0, proc.stderr
    import imageio.v3 as iio

    from PIL import Image

    frames = iio.imread(movie, plugin="pyav")  # decodes: every frame of the clip, side by side
    with Image.open(out) as gif:  # the same panels as the GIF: 2 clips x (truth, prediction)
        assert frames.shape == (8, gif.height, gif.width, 3) and gif.n_frames == 8
    np.save(tmp_path / "mine.npy", np.zeros((1, 6, 16, 16), dtype=np.uint8))  # only inputs: no truth
    proc = run_cli("predict", str(run), "--input", str(tmp_path / "mine.npy"), "--out", str(out))
    assert proc.returncode == 0 and "MSE" not in proc.stdout, proc.stderr
    for args, message in [(["--samples", "3"], "deterministic"),
                          (["--input", str(tmp_path / "wrong.npy")], "not a readable .npy"),
                          (["--out", str(tmp_path / "clip.avi")], "must be a .gif or .mp4")]:
        (tmp_path / "wrong.npy").write_bytes(b"junk")
        proc = run_cli("predict", str(run), *args)
        assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    np.save(tmp_path / "short.npy", np.zeros((1, 2, 16, 16), dtype=np.uint8))
    proc = run_cli("predict", str(run), "--input", str(tmp_path / "short.npy"))
    assert proc.returncode == 2 and "reads 4 input frames" in proc.stderr


def test_the_l1_term_adds_to_the_loss_and_a_negative_weight_is_refused():
    from genlab.errors import ConfigError

    torch.manual_seed(0)
    train, _ = load_clips("moving-digits", TINY, 16, 8)
    (clips,) = next(iter(train.batches(8).epoch(0)))
    losses = []
    for weight in (0.0, 1.0):
        torch.manual_seed(0)
        model = SimVP.from_config({"name": "simvp", **TINY_MODEL, "hidden": 8, "translator": 16, "blocks": 1,
                                   "groups": 4, "l1_weight": weight}, DataInfo((8, 1, 16, 16), 0))
        pred = model.predict_frames(clips[:, :4])
        losses.append(float(model.loss((clips,)).loss.detach()))
    l1 = float((pred - clips[:, 4:]).abs().mean().detach())
    assert losses[1] == pytest.approx(losses[0] + l1, rel=1e-4)
    with pytest.raises(ConfigError, match="l1_weight"):
        SimVP.parse_config({"name": "simvp", "l1_weight": -1})


def test_scores_by_horizon_are_drawn_apart_from_the_curves():
    from genlab.run_folder.plots import curve_keys, horizon_scores, horizons_figure

    metrics = {"test/mse": 3.0, **{f"test/{line}mse@{h}": h * k for k, line in
                                   enumerate(["", "copy_last/", "best_of_k/"], 1) for h in (2, 1)},
               "test/ssim@1": 0.9, "test/copy_last/ssim": 0.5}
    scores = horizon_scores(metrics)
    assert scores["mse"] == {"model": [1, 2], "copy the last frame": [2, 4], "best of k": [3, 6]}
    assert scores["ssim"] == {"model": [0.9]}
    assert curve_keys([{"step": 1, **metrics}]) == ["test/mse"]
    fig = horizons_figure(metrics)
    assert [ax.get_title() for ax in fig.axes] == ["mse by horizon", "ssim by horizon"]
    assert horizons_figure({"test/nelbo": 1.0}) is None
