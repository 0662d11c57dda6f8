# %% [markdown]
# # Denoising diffusion
#
# *Roadmap milestones 7 and 9. The run takes 8 minutes on a 2-core laptop CPU.*
#
# A diffusion model (Ho, Jain & Abbeel, 2020) learns to generate by learning to **denoise**.
# The forward process destroys an image $x_0$ with Gaussian noise in $T$ small steps; in closed
# form,
#
# $$x_t = \sqrt{\bar\alpha_t}\, x_0 + \sqrt{1 - \bar\alpha_t}\, \varepsilon, \qquad \varepsilon \sim \mathcal{N}(0, I),$$
#
# where the schedule $\bar\alpha_t$ falls from 1 to almost 0. A network $\varepsilon_\theta(x_t, t)$
# is trained to predict the noise, and Ho et al. show that a reweighted ELBO becomes plain
# regression:
#
# $$\mathcal{L} = \mathbb{E}_{x_0, t, \varepsilon}\, \|\varepsilon - \varepsilon_\theta(x_t, t)\|^2 .$$
#
# To generate, start from pure noise $x_T$ and undo the steps one by one (ancestral DDPM
# sampling, $T = 1000$ network calls), or jump along 25 of them with DDIM (Song et al., 2021).
# **Classifier-free guidance** (Ho & Salimans, 2022) trains one network with and without the
# class and extrapolates between the two predictions with a scale $w$.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/models/diffusion.py`: the loss, label dropout, guidance, the EMA of the weights.
# - `src/genlab/models/unet.py`: the small U-Net (time embedding, residual blocks, attention).
# - `src/genlab/schedulers/`: the noise schedules (`linear`, `cosine`) and the samplers (DDPM,
#   DDIM), kept apart from the model as diffusers does.
# - `src/genlab/recipes/diffusion.toml`.

# %% [markdown]
# ## Train it
#
# The laptop run is the shipped recipe (Fashion-MNIST, 8 minutes). With `GENLAB_GUIDE_TINY=1`
# it is 30 steps of a tiny U-Net with 20 noise levels on 8x8 digits: the samples are noise.

# %%
import genlab
from genlab.guides import lab_settings

settings = lab_settings(
    full=dict(),
    tiny=dict(dataset="digits", steps=30, set={"model.channels": 8, "model.mults": [1, 2],
                                               "model.timesteps": 20, "model.sample_steps": 2,
                                               "model.eval_samples": 100, "model.quick_eval_samples": 0}),
)
run = genlab.train("diffusion", **settings)
run

# %% [markdown]
# ## What to look at
#
# `test/loss` is the denoising loss on held-out images (it says how well the network predicts
# noise, not how good samples are); FID, precision, recall and class accuracy judge the samples.

# %%
{k: round(v, 3) for k, v in run.metrics.items()}

# %%
run.samples(10, class_=5)

# %% [markdown]
# Walks between two initial noises: with DDIM's deterministic sampler ($\eta = 0$) the map
# from noise to image is smooth, so the row morphs.

# %%
run.interpolate(rows=3, steps=8, class_=5)

# %%
run.curves()

# %% [markdown]
# ## Experiments to try
#
# 1. **Guidance**: `run.samples(10, class_=5, guidance=w)` for $w$ in 0, 1, 3. At $w = 0$ the
#    class is ignored; larger $w$ gives more class-typical, less varied images.
# 2. **Fewer sampling steps**: retrain or re-sample with `set={"model.sample_steps": 5}`; DDIM
#    degrades gracefully, ancestral sampling (`model.sampler = "ddpm"`) needs all $T$ steps.
# 3. **The linear schedule** of the DDPM paper: `set={"model.schedule": "linear"}`; the cosine
#    one (Nichol & Dhariwal, 2021) destroys small images less abruptly.

# %% [markdown]
# ## What a good run reaches
#
# The `diffusion` recipe ({fig:images:diffusion.minutes:.0f} minutes, 2-core CPU) reaches
# **FID {fig:images:diffusion.fid:.1f}** (untrained {fig:images:diffusion.fid_untrained:.1f}), class
# accuracy {fig:images:diffusion.class_accuracy:.3f}, precision {fig:images:diffusion.precision:.2f},
# recall {fig:images:diffusion.recall:.2f} at {fig:images:diffusion.eval_samples:,.0f} samples
# (`python benchmarks/images.py --models diffusion`; FID is biased upwards at fewer samples, so
# compare it only with runs at the same count).

# %% [markdown]
# ## Questions
#
# 1. Why can $x_t$ be drawn in one step instead of $t$?
# 2. Why does predicting the noise make a good generator?
# 3. Why do samples come from an average of the weights?
#
# <details><summary>Answers</summary>
#
# 1. A sum of independent Gaussian noises is Gaussian; composing the $t$ steps gives the closed
#    form above, so training can pick any $t$ at random.
# 2. The noise prediction is, up to scale, the score $\nabla_x \log p_t(x)$ of the noised data;
#    following it from noise towards the data is sampling (Song & Ermon's view).
# 3. The last step's weights jitter with the noise of stochastic gradients; the exponential
#    average is smoother, and its samples are visibly cleaner.
#
# </details>
