# %% [markdown]
# # Four more model families: flow matching, PixelCNN, RealNVP, VQ-VAE
#
# *Roadmap milestones 15 and 19. About an hour with the experiments; each laptop run takes about
# 8 minutes on a 2-core CPU.*
#
# The image labs so far generate in one of two ways: decode a random latent in one pass (VAEs,
# GANs) or denoise step by step (diffusion). Four other families are in wide use, each with a
# different answer to "how do we get a probability distribution over images?":
#
# | family | sampling | likelihood |
# |---|---|---|
# | **flow matching** (Lipman et al., 2023; rectified flow, Liu et al., 2023) | integrate a learned velocity field from noise to data | none reported (it has one, through the ODE, but it is costly) |
# | **PixelCNN** (van den Oord et al., 2016) | one pixel at a time | exact: a product of per-pixel conditionals |
# | **RealNVP / Glow** (Dinh et al., 2017; Kingma & Dhariwal, 2018) | invert a network in one pass | exact: change of variables |
# | **VQ-VAE + a prior** (van den Oord et al., 2017) | a transformer writes tokens, a decoder draws them | the prior's, over tokens |
#
# This guide trains each at laptop size and looks at what it is good at.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/models/flow_matching.py` and `src/genlab/schedulers/flow.py`: the straight-path
#   loss and the Euler and midpoint solvers; the U-Net is diffusion's (`unet.py`).
# - `src/genlab/models/pixelcnn.py`: the gated layers and the two stacks that keep the
#   prediction for a pixel from seeing it (shifts and padding instead of masks).
# - `src/genlab/models/realnvp.py`: actnorm, invertible 1x1 convolutions, affine couplings, the
#   squeeze and the multi-scale split; the log-determinant of each.
# - `src/genlab/models/vqvae.py`: the codebook with its straight-through gradient and dead-code
#   restarts, and the GPT prior (genlab's own `gpt.py`) over the codes.

# %% [markdown]
# ## Train them
#
# The laptop runs are the shipped recipes (Fashion-MNIST; MNIST's test file for PixelCNN, found
# in `../shared/data/mnist-test` or given with `data_dir`). With `GENLAB_GUIDE_TINY=1` (how the
# test build runs every guide) each is a few steps of a tiny model on 8x8 digits: the samples are
# then noise and the numbers far from the reference, which is expected.

# %%
from pathlib import Path

import genlab
from genlab.guides import is_tiny, lab_settings

mnist = next((p for p in (Path("../shared/data/mnist-test"), Path.home() / "data/mnist") if p.is_dir()), None)
tiny_images = dict(dataset="digits", steps=20)
settings = {
    "flow-matching": lab_settings(full=dict(), tiny=dict(**tiny_images, set={
        "model.channels": 8, "model.mults": [1, 2], "model.eval_samples": 100})),
    "pixelcnn-mnist": lab_settings(full=dict(data_dir=mnist), tiny=dict(**tiny_images, set={
        "model.channels": 8, "model.layers": 2, "data.split_test_at": 300})),
    "realnvp": lab_settings(full=dict(), tiny=dict(**tiny_images, set={
        "model.hidden": 8, "model.steps": 1, "model.eval_samples": 100})),
    "vqvae": lab_settings(full=dict(), tiny=dict(**tiny_images, set={
        "model.channels": 4, "model.codebook_size": 16, "model.code_dim": 4, "model.vq_steps": 10,
        "model.prior_layers": 1, "model.prior_embd": 16, "model.prior_heads": 2, "model.eval_samples": 100})),
}
runs = {name: genlab.train(name, quiet=True, **s) for name, s in settings.items()}
{name: {k: round(v, 3) for k, v in run.metrics.items()} for name, run in runs.items()}

# %% [markdown]
# ## What to look at
#
# **Flow matching: steps are chosen at sampling time.** The network learnt a velocity; how
# finely we integrate it is our choice. One Euler step jumps straight from noise along the
# average direction (a blurry average garment); a few steps already give shapes, because the
# learned paths are nearly straight. Each row below uses more steps for the same noise.

# %%
import torch

from genlab.api import Samples

flow = runs["flow-matching"]
rows = [flow.samples(8, seed=0, steps=n).images for n in (1, 2, 4, 10, 25)]
Samples(torch.cat(rows), nrow=8)

# %% [markdown]
# **PixelCNN: an exact likelihood.** `test/nll` is $-\log p(x)$ in nats per image, with no
# bound and no sampling, and `test/bpd` the same in bits per pixel. Samples are drawn one pixel
# at a time (784 network calls for a 28x28 image), which is why its recipe evaluates only 100.

# %%
runs["pixelcnn-mnist"].samples(16, seed=0)

# %% [markdown]
# **RealNVP: exact likelihood and one-pass sampling, at a temperature.** Drawing the latent from
# a narrower Gaussian ($T < 1$) trades variety for cleaner images (Glow, section 5). Rows:
# $T$ = 0.3, 0.7, 1.0 for the same latents.

# %%
nvp = runs["realnvp"]
Samples(torch.cat([nvp.samples(8, seed=1, temperature=t).images for t in (0.3, 0.7, 1.0)]), nrow=8)

# %% [markdown]
# **VQ-VAE: images as tokens.** `test/perplexity` is how many of the codebook's entries the
# tokenizer effectively uses (128 if all equally; a collapsed codebook uses few), `test/recon` how
# well the decoder rebuilds images from codes, and `test/prior_loss` the GPT's loss on the codes.
# The samples are codes written by the GPT, one class per row, drawn by the decoder.

# %%
runs["vqvae"].samples(20, seed=0)

# %% [markdown]
# ## Experiments to try
#
# 1. **Flow matching against diffusion at equal steps.** `python benchmarks/model_families.py
#    --only flow-matching,diffusion` trains both for the same minutes and scores them at 1, 4, 10
#    and 25 steps. Where does each need more steps, and why?
# 2. **The midpoint rule.** `flow.samples(64, steps=5, sampler="midpoint")` costs 10 network
#    calls, like `steps=10` with Euler: which is better at equal calls?
# 3. **Dead codes.** Train `vqvae` with `set={"model.restart_after": 0}` (no restarts): how low
#    does `train/codes_used` fall, and what happens to the reconstructions?
# 4. **Likelihood is not sample quality.** Compare RealNVP's bits/dim with its FID, and PixelCNN's
#    NLL with how its samples look. Theis, van den Oord & Bethge (2016) explain why the two can
#    disagree.

# %% [markdown]
# ## What a good run reaches
#
# On a 2-core laptop CPU (`python benchmarks/model_families.py`, each recipe capped at 8 minutes):
# flow matching reaches FID {fig:model_families:flow-matching.fid_25:.1f} at 25 Euler steps, and
# {fig:model_families:flow-matching.fid_4:.1f} at 4 (diffusion trained for the same minutes:
# {fig:model_families:diffusion.fid_25:.1f} at 25 DDIM steps, {fig:model_families:diffusion.fid_4:.1f}
# at 4); PixelCNN a test NLL of {fig:model_families:pixelcnn-mnist.nll:.1f} nats on thresholded MNIST
# (the paper's 81.30 is on stochastically binarized MNIST after days of training: not the same
# benchmark); RealNVP {fig:model_families:realnvp.bpd:.2f} bits per dimension; the VQ-VAE a codebook
# perplexity of {fig:model_families:vqvae.perplexity:.0f} and FID {fig:model_families:vqvae.fid:.1f}.

# %% [markdown]
# ## Questions
#
# 1. Why does flow matching regress the velocity `x - noise`, a quantity that does not depend on
#    `t`, and yet need the network to know `t`?
# 2. Why can a PixelCNN compute the likelihood of an image in one forward pass but need one pass
#    per pixel to sample?
# 3. Why does RealNVP add uniform noise to the pixels before computing their density?
# 4. Why does the VQ-VAE copy the decoder's gradient "straight through" the codebook lookup?
#
# <details><summary>Answers</summary>
#
# 1. For one pair (noise, image) the velocity is constant along its line, but many lines pass
#    through the same point x_t at different times; the network must predict their *average*
#    direction at that point, which depends on how far along (t) the lines are.
# 2. When scoring, every pixel is known, so all conditionals p(x_i | x_<i) come from one pass
#    over the real image (the masks keep each from seeing itself). When sampling, pixel i's
#    conditional needs the pixels before it, which do not exist until they are drawn.
# 3. Pixels are discrete (256 levels), and a continuous density on discrete points can grow
#    without bound. Dequantizing spreads each level over an interval of width 1/256; the density
#    of that continuous variable, times the interval, bounds the probability of the discrete image
#    (Theis et al., 2016).
# 4. The nearest-code lookup has no gradient (an argmin). Passing the decoder's gradient to the
#    encoder output unchanged is an approximation that works because the code and the encoder
#    output are close, and the commitment loss keeps them so.
#
# </details>
