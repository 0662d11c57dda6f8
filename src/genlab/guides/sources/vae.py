# %% [markdown]
# # The variational autoencoder
#
# *Roadmap milestones 4 and 7. About 30 minutes with the experiments; the run itself takes
# about 30 seconds on a 2-core laptop CPU.*
#
# A variational autoencoder (Kingma & Welling, 2014) learns to **generate** images by learning
# to **compress** them. An encoder turns an image $x$ into a small Gaussian cloud $q(z\mid x) =
# \mathcal{N}(\mu(x), \operatorname{diag}\sigma^2(x))$ in a latent space of, say, 20 numbers.
# A decoder turns a point $z$ back into a distribution $p(x\mid z)$ over images. To generate, we
# draw $z$ from the prior $p(z) = \mathcal{N}(0, I)$ and decode it.
#
# Training maximises the **evidence lower bound** (ELBO), a bound on the log-likelihood of the
# data:
#
# $$\log p(x) \;\ge\; \underbrace{\mathbb{E}_{q(z\mid x)}[\log p(x\mid z)]}_{\text{reconstruction}}
#   \;-\; \underbrace{\mathrm{KL}\big(q(z\mid x)\,\|\,p(z)\big)}_{\text{rate}}.$$
#
# The first term rewards codes that rebuild the image; the second keeps every image's cloud
# close to the prior, so that points drawn from the prior decode to something sensible. The
# expectation is made differentiable by the **reparameterization trick**: $z = \mu + \sigma
# \odot \varepsilon$ with $\varepsilon \sim \mathcal{N}(0, I)$, so gradients flow through $\mu$
# and $\sigma$. genlab minimises the negative ELBO in nats per image (`test/nelbo`), and at the
# end also reports the tighter importance-weighted bound of Burda et al. (2016), which with $k$
# samples approaches $-\log p(x)$ itself.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/models/vae.py`: the encoder, the decoder, `loss` (the negative ELBO, with its
#   `recon` and `kl` terms logged apart), `iw_nll` (the importance-weighted bound) and sampling
#   (`draw_latents` draws from the prior, `decode_latents` decodes).
# - `src/genlab/recipes/vae.toml`: the settings this guide trains (an MLP 784-400-20 with a
#   Bernoulli decoder, the paper's shape).
# - `src/genlab/training/trainer.py`: the one trainer every lab shares (devices, precision,
#   checkpoints, the progress bar).

# %% [markdown]
# ## Train it
#
# The laptop run is the shipped recipe: 10 epochs of Fashion-MNIST (install it with
# `sudo apt-get install dataset-fashion-mnist`, or pass `download=True` once while online).
# With `GENLAB_GUIDE_TINY=1` (how the test build runs every guide) it is 30 steps of a tiny VAE
# on scikit-learn's 8x8 digits instead: then the samples below are blurs and the figures are
# nowhere near the reference, which is expected.

# %%
import genlab
from genlab.guides import lab_settings

settings = lab_settings(
    full=dict(),
    tiny=dict(dataset="digits", steps=30, set={"model.hidden_dim": 16, "model.eval_iw_samples": 2}),
)
run = genlab.train("vae", **settings)
run

# %% [markdown]
# ## What to look at
#
# The metrics are measured on the test set, which the model never trained on. `test/nelbo` is
# the negative ELBO (lower is better); `test/recon` and `test/kl` are its two parts;
# `test/iw_nll` is the importance-weighted bound, always a little lower than the ELBO.

# %%
{k: round(v, 2) for k, v in run.metrics.items()}

# %% [markdown]
# Samples from the prior. A well-trained VAE on Fashion-MNIST gives recognisable but blurry
# garments: the Bernoulli decoder's mean image averages over what the code leaves uncertain.

# %%
run.samples(36, seed=0)

# %% [markdown]
# The curves: the training loss falls fast for the first epoch, then slowly. `train/kl` is the
# rate, the nats the code spends per image: the model trades it against `train/recon`.

# %%
run.curves()

# %% [markdown]
# A walk through the latent space: each row decodes points on the great circle between two
# random latents (spherical interpolation, as Gaussian latents live near a sphere). Smooth rows
# mean the decoder has learned a continuous space.

# %%
run.interpolate(rows=4, steps=8)

# %% [markdown]
# ## Experiments to try
#
# 1. **A 2-D latent space** (`set={"model.latent_dim": 2}`, or the `vae-2d` recipe). The ELBO
#    gets worse (fewer numbers to describe an image) but every image now has a place on a map
#    you can plot. Compare the two runs' `test/nelbo` with `genlab.compare(run, run_2d)`.
# 2. **A convolutional encoder and decoder** (`set={"model.arch": "conv"}`, the `vae-conv`
#    recipe): fewer parameters, better likelihood per minute, sharper samples.
# 3. **A tighter bound.** `run.evaluate(iw_samples=64)` evaluates the same model with 64
#    importance samples: `test/iw_nll` drops below `test/nelbo`, and the gap is how loose the
#    ELBO is for this model.

# %%
tighter = run.evaluate(iw_samples=2 if genlab.guides.is_tiny() else 64, limit=500)
{k: round(v, 2) for k, v in tighter.items()}

# %% [markdown]
# ## What a good run reaches
#
# On a 2-core laptop CPU, `genlab train vae` (this recipe, 10 epochs) reaches a **test
# negative ELBO of {fig:vae:test_nelbo:.2f} nats** in {fig:vae:wall_s:.1f} s including start-up
# (`python benchmarks/vae.py`; pytorch/examples' VAE with the same shape reached 244.35 in 86.9 s
# on the same machine, 25 Nov 2026). Kingma & Welling report
# their bounds on MNIST, not Fashion-MNIST, so the numbers are not comparable to the paper's.

# %% [markdown]
# ## Questions
#
# 1. Why can the KL term never be negative, and what would a KL of exactly zero mean?
# 2. Why does the importance-weighted bound get tighter as $k$ grows?
# 3. Why are VAE samples blurrier than GAN samples?
#
# <details><summary>Answers</summary>
#
# 1. A KL divergence is zero only when the two distributions are equal, and positive otherwise
#    (Gibbs' inequality). KL = 0 for every image means $q(z\mid x) = p(z)$: the code carries no
#    information about the image ("posterior collapse") and the decoder ignores $z$.
# 2. It averages $k$ importance weights inside the logarithm; by Jensen's inequality the log of an
#    average of more samples is a tighter lower bound of $\log p(x)$, and it converges to it as
#    $k \to \infty$ (Burda et al., 2016, Theorem 1).
# 3. The decoder's likelihood penalises every pixel's error independently, so when the code
#    leaves the exact image uncertain, the best prediction is the average of the candidates: a
#    blur. A GAN is judged by a discriminator that rejects averages, not by pixel likelihood.
#
# </details>
