# %% [markdown]
# # Autoencoders: compress, rebuild, denoise
#
# *Roadmap milestone 4. The run takes 3 minutes on a 2-core laptop CPU.*
#
# An autoencoder squeezes an image $x$ through a small code $z = \mathrm{enc}(x)$ and rebuilds
# it, $\hat x = \mathrm{dec}(z)$, trained to make $\hat x$ close to $x$. genlab uses the binary
# cross-entropy per pixel,
#
# $$\mathcal{L}(x) = -\sum_i \big[x_i \log \hat x_i + (1 - x_i)\log(1 - \hat x_i)\big],$$
#
# which treats grey levels as probabilities. With a 16-number code for a 784-pixel image, the
# network must learn what the images have in common: that is **representation learning**, and
# the first step towards generative models.
#
# An autoencoder alone cannot *sample*: nothing makes its codes follow a known distribution.
# Following Ghosh et al. (2020), genlab fits one full-covariance Gaussian per class to the
# training codes after training, and samples by drawing a code from it and decoding. A
# **denoising** autoencoder (Vincent et al., 2008) sees $x + \mathcal{N}(0, \sigma^2)$ but must
# rebuild the clean $x$, so it learns what clean images look like.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/models/autoencoder.py`: encoder, decoder, the loss and the denoising variant.
# - `src/genlab/models/code_density.py`: the per-class Gaussians fitted to the codes.
# - `src/genlab/recipes/autoencoder.toml` and `autoencoder-denoising.toml`.

# %% [markdown]
# ## Train it
#
# The laptop run is the shipped recipe (Fashion-MNIST, 3 minutes). With `GENLAB_GUIDE_TINY=1`
# it is 30 steps of a tiny network on 8x8 digits: the pictures are then blurs and the FID is far
# from the reference.

# %%
import genlab
from genlab.guides import lab_settings

settings = lab_settings(
    full=dict(),
    tiny=dict(dataset="digits", steps=30, set={"model.latent_dim": 4, "model.channels": 8,
                                               "model.eval_samples": 100, "model.quick_eval_samples": 0}),
)
run = genlab.train("autoencoder", **settings)
run

# %% [markdown]
# ## What to look at
#
# `test/recon` is the rebuilding loss on the test set. `test/fid` compares the *samples* with
# the test images in the features of genlab's Fashion-MNIST classifier (lower is better;
# `test/fid_untrained` is what the same untrained network scores, for scale). Precision says
# how many samples look like real images, recall how much of the real variety the samples cover.

# %%
{k: round(v, 3) for k, v in run.metrics.items()}

# %% [markdown]
# Samples: codes drawn from the per-class Gaussians, decoded. The report also holds the
# reconstruction pairs (`run.report_path`).

# %%
run.samples(36)

# %% [markdown]
# Walks between two codes. An autoencoder's code space is less smooth than a VAE's: nothing in
# its loss asks for points between two codes to decode well.

# %%
run.interpolate(rows=4, steps=8)

# %%
run.curves()

# %% [markdown]
# ## Experiments to try
#
# 1. **A smaller code**: `set={"model.latent_dim": 4}`. Reconstructions lose detail first
#    (`test/recon` rises); samples may look *cleaner*, since a small code space is easier to fill
#    with one Gaussian per class.
# 2. **Denoising**: train the `autoencoder-denoising` recipe (inputs with noise of std 0.3) and
#    read `test/denoise_psnr`, the peak signal-to-noise ratio of the denoised test images
#    against the clean ones, in dB (higher is better).
# 3. **Compare with the VAE** on the same data: `genlab.compare(run, vae_run)`. Which has the
#    better FID, and why might an autoencoder with a fitted code density beat a VAE's prior?

# %% [markdown]
# ## What a good run reaches
#
# On a 2-core CPU the `autoencoder` recipe ({fig:images:autoencoder.minutes:.0f} minutes) reaches
# **FID {fig:images:autoencoder.fid:.1f}** (untrained: {fig:images:autoencoder.fid_untrained:.1f}),
# precision {fig:images:autoencoder.precision:.2f} and recall {fig:images:autoencoder.recall:.2f}
# at 10,000 samples (`python benchmarks/images.py --models autoencoder`).

# %% [markdown]
# ## Questions
#
# 1. Why can't a plain autoencoder generate by decoding random codes from $\mathcal{N}(0, I)$?
# 2. Why does a denoising autoencoder need clean targets but noisy inputs, and not the reverse?
# 3. Why fit one Gaussian *per class* rather than one for all codes?
#
# <details><summary>Answers</summary>
#
# 1. Nothing in its loss places the codes anywhere in particular: they may occupy a thin,
#    oddly-shaped region far from the origin, and random points outside it decode to garbage.
# 2. The network must learn the map from corrupted to clean images; that map encodes what clean
#    images look like. The reverse would teach it to add noise.
# 3. Codes of different classes form separate clusters. One Gaussian covering all of them puts
#    much of its mass between the clusters, where the decoder draws blurry hybrids.
#
# </details>
