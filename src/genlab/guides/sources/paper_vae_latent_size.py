# %% [markdown]
# # Reproducing Kingma & Welling (2014): the bound against the latent size
#
# *Roadmap milestone 14 (reading and implementing research papers). About 5 minutes on a 2-core
# laptop CPU.*
#
# Reading a paper well means being able to rerun its claim. "Auto-Encoding Variational Bayes"
# introduced the VAE; its Figure 2 trains the model with latent spaces of 3, 5, 10, 20 and 200
# dimensions on MNIST and plots the variational lower bound. Two findings: the bound improves
# as $N_z$ grows, and "superfluous latent variables did not result in overfitting", which the
# authors explain by the regularising nature of the bound: the KL term
# $\mathrm{KL}(q(z\mid x)\,\|\,p(z))$ makes an unused dimension cost nothing only if its posterior
# equals the prior, so the model switches such dimensions off.
#
# This guide reruns the experiment at CPU scale with genlab's VAE lab, and writes a table with
# the paper's claim beside our numbers and every setting that differs.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/papers/vae_latent_size.py`: the experiment (five training runs, one table).
# - `src/genlab/models/vae.py`: the model, its bound and the importance-weighted NLL.
# - `src/genlab/papers/__init__.py`: how every reproduction writes `results.md`.

# %% [markdown]
# ## Run it
#
# At laptop size this trains five VAEs for 10 epochs each on Fashion-MNIST. With
# `GENLAB_GUIDE_TINY=1` it trains two tiny ones for 20 steps on 8x8 digits: the table then
# tests the code, not the paper, and says so.

# %%
from IPython.display import Markdown

from genlab.guides import is_tiny
from genlab.papers import run_paper

folder, result = run_paper("vae-latent-size", "runs", tiny=is_tiny())
Markdown((folder / "results.md").read_text())

# %% [markdown]
# ## What to look at
#
# Read down the `test -ELBO` column: does it fall as $N_z$ grows, and does the 200-dimensional
# model do worse than the 20-dimensional one? The `test KL` column is the rate: it grows with
# $N_z$ only as long as the extra dimensions are used.

# %%
import genlab

runs = sorted(genlab.runs(folder), key=lambda r: r.config["model"]["latent_dim"])
genlab.compare(*runs, out=folder / "compare.png")

# %% [markdown]
# Samples from the prior of the smallest and the largest latent space, same seed:

# %%
runs[0].samples(16, seed=0)

# %%
runs[-1].samples(16, seed=0)

# %% [markdown]
# ## Experiments to try
#
# 1. **Count the active dimensions** of the 200-dimensional model: a dimension is "active" when
#    the variance over the test set of its posterior mean is above 0.01 (Burda et al., 2016).
#    How many of the 200 does it use?
# 2. **The convolutional VAE** (`set={"model.arch": "conv"}` in the module's runs): is the trend
#    the same with a stronger decoder?
# 3. **Train longer**: the paper's curves are drawn against training examples seen; at 10
#    epochs our models are far from converged. Does the gap between 20 and 200 close?

# %% [markdown]
# ## What a good run reaches
#
# The table this guide writes at laptop size is in the docs' "Paper reproductions"
# (docs/notebooks.md), with the command that made it (`genlab papers run vae-latent-size`).

# %% [markdown]
# ## Questions
#
# 1. Why does an unused latent dimension not hurt the bound?
# 2. Why can we not compare our numbers with the paper's MNIST figure directly?
#
# <details><summary>Answers</summary>
#
# 1. If $q(z_i \mid x) = p(z_i)$ for every $x$, that dimension adds 0 to the KL term and the
#    decoder learns to ignore it: the bound is what it would be without it.
# 2. Different data (Fashion-MNIST is harder than MNIST), network width, optimizer and training
#    length; only the *trend* across $N_z$ is comparable.
#
# </details>
