# %% [markdown]
# # Generative adversarial networks (DCGAN)
#
# *Roadmap milestones 4 and 7. The run takes 10 minutes on a 2-core laptop CPU.*
#
# A GAN (Goodfellow et al., 2014) is a two-player game. A generator $G$ turns noise $z \sim
# \mathcal{N}(0, I)$ into images; a discriminator $D$ tells real images from generated ones.
# $D$ minimises the cross-entropy of "real vs fake",
#
# $$\mathcal{L}_D = -\mathbb{E}_x[\log D(x)] - \mathbb{E}_z[\log(1 - D(G(z)))],$$
#
# and $G$ is trained to make $D$ say "real": genlab uses the non-saturating loss
# $\mathcal{L}_G = -\mathbb{E}_z[\log D(G(z))]$, because $\log(1 - D(G(z)))$ has almost no
# gradient exactly when $G$ is bad and $D$ is sure. At the game's equilibrium, $G$'s
# distribution is the data's. Nobody computes a likelihood: the discriminator *is* the loss.
#
# DCGAN (Radford et al., 2016) is the set of architecture choices that made this game train
# reliably on images: strided convolutions only, batch norm, ReLU in $G$ and LeakyReLU in $D$,
# Adam with $\beta_1 = 0.5$. The docstring of `models/dcgan.py` gives each one's reason.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/models/dcgan.py`: both networks, `discriminator_loss` and `generator_loss`, and
#   `training_step`, which alternates one $D$ update and one $G$ update. A GAN does its own
#   optimization (two optimizers): `manual_optimization = True` tells the trainer.
# - `src/genlab/models/ema.py`: samples come from a moving average of $G$'s weights.
# - `src/genlab/recipes/dcgan.toml`.

# %% [markdown]
# ## Train it
#
# The laptop run is the shipped recipe: Fashion-MNIST, 10 minutes. With `GENLAB_GUIDE_TINY=1`
# it is 30 steps of tiny networks on 8x8 digits, which is far too short for a GAN to draw
# anything: the samples will be noise.

# %%
import genlab
from genlab.guides import lab_settings

settings = lab_settings(
    full=dict(),
    tiny=dict(dataset="digits", steps=30, set={"model.latent_dim": 8, "model.channels": 8,
                                               "model.eval_samples": 100, "model.quick_eval_samples": 0}),
)
run = genlab.train("dcgan", **settings)
run

# %% [markdown]
# ## What to look at
#
# A GAN's losses do not say how good it is: `train/d_loss` and `train/g_loss` measure the
# game, not the images. The honest figures are the sample metrics: FID (lower is better),
# precision (do samples look real?) and recall (do they cover the data's variety?).

# %%
{k: round(v, 3) for k, v in run.metrics.items()}

# %%
run.samples(36)

# %% [markdown]
# The curves. A healthy game has both losses moving but neither running away; a discriminator
# loss that falls to zero means $D$ has won and $G$ gets no useful gradient.

# %%
run.curves()

# %% [markdown]
# ## Experiments to try
#
# 1. **No weight average**: `set={"model.ema": 0}` samples from the last $G$. Expect a worse FID:
#    the game makes $G$ oscillate around a good solution and the average sits closer to it.
# 2. **One-sided label smoothing** (Salimans et al., 2016): `set={"model.label_smoothing": 0.1}`.
# 3. **The default Adam momentum**: `set={"optim.betas": [0.9, 0.999]}`. DCGAN's authors found
#    $\beta_1 = 0.9$ made training oscillate; see whether the curves agree.

# %% [markdown]
# ## What a good run reaches
#
# The `dcgan` recipe ({fig:images:dcgan.minutes:.0f} minutes, 2-core CPU) reaches
# **FID {fig:images:dcgan.fid:.1f}** (untrained {fig:images:dcgan.fid_untrained:.1f}), precision
# {fig:images:dcgan.precision:.2f}, recall {fig:images:dcgan.recall:.2f} at 10,000 samples; a
# pytorch/examples-style 64x64 DCGAN trained for the same minutes in the same benchmark run reached
# FID {fig:images:baseline-dcgan.fid:.1f} (`python benchmarks/images.py --models dcgan`).

# %% [markdown]
# ## Questions
#
# 1. Why is $G$'s loss not a measure of sample quality?
# 2. What is mode collapse, and which metric shows it?
# 3. Why does $D$ use LeakyReLU rather than ReLU?
#
# <details><summary>Answers</summary>
#
# 1. It is measured against the current $D$, which changes as it trains: a rising $G$ loss can
#    mean a stronger $D$, not worse images.
# 2. $G$ drawing only a few kinds of image that fool $D$. Precision stays high while recall falls.
# 3. So that $D$ passes gradient back to $G$ even for inputs where a ReLU would be inactive:
#    $G$ learns from $D$'s gradient alone.
#
# </details>
