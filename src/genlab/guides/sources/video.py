# %% [markdown]
# # Video prediction: ConvLSTM, SimVP and a stochastic model (SVG)
#
# *Roadmap milestone 9. Each laptop run takes 10 minutes on a 2-core laptop CPU.*
#
# A video predictor sees the first 10 frames of a clip and draws the next 10. genlab's clips are
# Moving MNIST (Srivastava et al., 2015): digits that bounce around a black frame. The CPU
# recipes use the quick variant, one 16-pixel digit in 32x32 frames; the `-quality` recipes use
# the field's standard, two 28-pixel digits in 64x64.
#
# Three models, one trainer:
#
# - **ConvLSTM** (Shi et al., 2015): an LSTM whose gates are convolutions, so its memory is a
#   stack of feature maps; an encoder reads the inputs, a forecaster extrapolates.
# - **SimVP** (Gao et al., 2022): no recurrence at all. The 10 input frames are stacked along
#   the channels and a convolutional "translator" maps them to the 10 future frames at once.
# - **SVG-LP** (Denton & Fergus, 2018): a *stochastic* model. When a digit may turn either way
#   at a wall, a deterministic model predicts the average, a blur; SVG draws a random code per
#   frame from a learned prior, so each sample is one sharp, possible future.
#
# Every evaluation scores two baselines with the same code: **copy the last frame** and the
# **mean input frame**. A model that does not beat copy-last has not learnt the motion.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/data/moving_digits.py`: seeded trajectories, bounces and rendering.
# - `src/genlab/models/video.py`: what every predictor shares (loss, scores, baselines).
# - `src/genlab/models/convlstm.py`, `simvp.py`, `svg.py`: one model each.
# - `src/genlab/metrics/video.py`: per-frame MSE and MAE (summed over a frame's pixels, as
#   SimVP and OpenSTL report them), SSIM, PSNR, best-of-k and diversity.
# - `src/genlab/recipes/simvp.toml`, `convlstm.toml`, `svg.toml` and their `-quality` versions.

# %% [markdown]
# ## Train it
#
# The laptop run is the shipped `simvp` recipe (10 minutes; the digits come from the MNIST test
# set, downloaded once and cached). With `GENLAB_GUIDE_TINY=1` it is 30 steps of a tiny SimVP
# on clips of 8x8 digits in 16x16 frames, 4 frames in and 4 out: the predictions are then
# smudges and may not beat copy-last.

# %%
import genlab
from genlab.guides import lab_settings

TINY_CLIPS = {"model.objects": 1, "model.frame_size": 16, "model.digit_size": 8, "model.frames_in": 4,
              "model.frames_out": 4, "model.train_size": 64, "model.test_size": 16,
              "data.eval_batch_size": 8, "train.num_samples": 4}
settings = lab_settings(
    full=dict(),
    tiny=dict(dataset="moving-digits", steps=30, set={**TINY_CLIPS, "model.hidden": 8, "model.translator": 16,
                                                     "model.blocks": 1, "model.groups": 4}),
)
run = genlab.train("simvp", **settings)
run

# %% [markdown]
# ## What to look at
#
# `test/mse` is the per-frame squared error averaged over the 10 predicted frames (lower is
# better); `test/ssim` the structural similarity (1 is a perfect frame). The scores by horizon
# say how fast the prediction decays: the first frame ahead is easy, the tenth is not. The
# baselines are dashed.

# %%
{k: round(v, 3) for k, v in run.metrics.items() if "@" not in k}

# %%
run.horizons()

# %% [markdown]
# The predicted clips, input | truth | prediction side by side (predicted frames are framed in
# white). `forecast.save("clip.mp4")` writes the same as a video; `genlab predict last --out
# clip.gif` does it from the command line.

# %%
forecast = run.forecast(n=4)
forecast

# %%
forecast.errors()

# %% [markdown]
# ## Many futures from the same inputs
#
# The `svg` recipe trains on clips whose digits bounce off the walls in a *random* direction,
# so the future really is uncertain. Its prior draws a different future per sample; the best of
# k samples is the usual score of a stochastic model (Denton & Fergus score the best of 100).

# %%
svg_settings = lab_settings(
    full=dict(),
    tiny=dict(dataset="moving-digits", steps=30, set={**TINY_CLIPS, "model.features": 4, "model.frame_dim": 8,
                                                     "model.z_dim": 2, "model.rnn_size": 16,
                                                     "model.predictor_layers": 1, "model.eval_samples": 3}),
)
svg = genlab.train("svg", **svg_settings)
svg.forecast(n=2, samples=3)

# %%
{k: round(v, 3) for k, v in svg.metrics.items() if k.startswith(("test/best_of_k/", "test/diversity"))
 and "@" not in k}

# %% [markdown]
# ## Experiments to try
#
# 1. **Drop the L1 term**: `set={"model.l1_weight": 0}`. The recipes add a small L1 term to the
#    squared error; without it a grey haze stays on the black background, which costs little
#    MSE and much SSIM. Compare the two runs' `run.horizons()`.
# 2. **ConvLSTM against SimVP** in the same 10 minutes: `genlab.train("convlstm")`, then
#    `genlab.compare(run, convlstm_run)`. Which is better at horizon 1, which at horizon 10?
# 3. **Your own cell**: the `convlstm-cell` exercise (`genlab check convlstm-cell --train`)
#    plugs your ConvLSTM gates into this lab and trains it.
# 4. **A deterministic model on random bounces**: train `simvp` with
#    `set={"model.bounce": "random"}` and look at its clips after a bounce: a blur where SVG's
#    samples each pick a direction.

# %% [markdown]
# ## What a good run reaches
#
# On a 2-core CPU, after {fig:video:simvp.minutes:.0f} minutes each (`python benchmarks/video.py`,
# 500 test clips): **simvp** per-frame MSE {fig:video:simvp.mse:.1f} and SSIM
# {fig:video:simvp.ssim:.3f}; **convlstm** {fig:video:convlstm.mse:.1f} and
# {fig:video:convlstm.ssim:.3f}; copying the last frame scores {fig:video:simvp.copy_last_mse:.1f}
# and {fig:video:simvp.copy_last_ssim:.3f}. **svg** on random bounces: one sample
# {fig:video:svg.mse:.1f} / {fig:video:svg.ssim:.3f}, the best of {fig:video:svg.k} samples
# {fig:video:svg.best_of_k_mse:.1f} / {fig:video:svg.best_of_k_ssim:.3f} (copy-last
# {fig:video:svg.copy_last_mse:.1f} / {fig:video:svg.copy_last_ssim:.3f}). These are the one-digit
# 32x32 clips: the papers' two-digit 64x64 figures (OpenSTL: SimVP 32.15 / 0.927 after 200 GPU
# epochs) are not comparable with them.

# %% [markdown]
# ## Questions
#
# 1. Why does a deterministic model trained with the squared error blur its far-ahead frames?
# 2. Why is copy-last hard to beat on SSIM at horizon 1, yet easy at horizon 10?
# 3. What would go wrong if SVG's prior were a fixed $\mathcal{N}(0, I)$ instead of learnt?
#
# <details><summary>Answers</summary>
#
# 1. When several futures are possible, the prediction that minimises the expected squared
#    error is their average: the digit smeared over every place it might be.
# 2. One frame ahead the digit has moved 2 pixels, so the last frame almost matches the truth,
#    and any haze or blur in a prediction costs SSIM. Ten frames ahead the digit is elsewhere,
#    and the last frame is wrong in two places.
# 3. The codes' meaning would have to be the same at every frame. A learnt prior can be nearly
#    certain while the digit flies straight and spread only near a wall, where the future
#    branches (Denton & Fergus compare both: the learnt prior does better).
#
# </details>
