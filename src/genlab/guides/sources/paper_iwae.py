# %% [markdown]
# # Reproducing Burda et al. (2016): importance-weighted autoencoders
#
# *Roadmap milestones 12 and 14. About 15 minutes on a 2-core laptop CPU.*
#
# The VAE maximises the ELBO, a bound on $\log p(x)$ that is loose when the encoder's
# $q(z\mid x)$ is a poor match for the true posterior. Burda, Grosse & Salakhutdinov (2016)
# train instead on the **importance-weighted bound**
#
# $$\mathcal{L}_k(x) = \mathbb{E}_{z_1..z_k \sim q}\Big[\log \frac{1}{k}\sum_{j=1}^k \frac{p(x, z_j)}{q(z_j\mid x)}\Big],
# \qquad \mathcal{L}_1 = \mathrm{ELBO} \le \mathcal{L}_k \le \mathcal{L}_{k+1} \le \log p(x),$$
#
# which tightens as $k$ grows (their Theorem 1). Its gradient weights each sample by its
# normalised importance weight, so the encoder may spread $q$ wider than the ELBO allows. Table 1
# of the paper: with one stochastic layer on dynamically binarized MNIST, the test NLL falls
# from 86.76 nats ($k = 1$) to 85.54 ($k = 5$) and 84.78 ($k = 50$), each estimated with 5,000
# importance samples.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/models/vae.py`: `train_iw_samples` (the IWAE objective in `loss`), `log_weights`,
#   `iw_nll`, and `binarize` (dynamic binarization).
# - `src/genlab/papers/iwae.py`: three training runs, each evaluated with 5,000 samples.
# - `data.split_test_at` in `src/genlab/config.py`: train and test from one split, for when only
#   MNIST's test files are at hand.

# %% [markdown]
# ## Run it
#
# At laptop size it trains three VAEs ($k$ = 1, 5, 50) on MNIST (it finds the MNIST test set
# beside genlab's checkout, or downloads MNIST with its checksums); four minutes each at most.
# With `GENLAB_GUIDE_TINY=1`: $k$ = 1 and 5 for 10 steps on 8x8 digits, evaluated with 10
# samples: it checks the code, not the paper.

# %%
from IPython.display import Markdown

from genlab.guides import is_tiny
from genlab.papers import run_paper

folder, result = run_paper("iwae", "runs", tiny=is_tiny())
Markdown((folder / "results.md").read_text())

# %% [markdown]
# ## What to look at
#
# The NLL column against $k$, and the gap between the ELBO and the NLL of each model: IWAE
# models have a *looser* one-sample ELBO than the VAE (their $q$ is wider), yet a better
# likelihood.

# %%
import genlab

genlab.compare(*genlab.runs(folder), out=folder / "compare.png")

# %% [markdown]
# The $k = 1$ model (a plain VAE) evaluated with more and more importance samples: the estimate
# falls and levels off near $-\log p(x)$.

# %%
vae_run = min(genlab.runs(folder), key=lambda r: r.config["model"]["train_iw_samples"])
{k: round(vae_run.evaluate(iw_samples=k, limit=200)["test/iw_nll"], 2) for k in ([1, 5] if is_tiny() else [1, 10, 100, 1000])}

# %% [markdown]
# ## Experiments to try
#
# 1. **The VAE evaluated with more samples**: `run.evaluate(iw_samples=k)` for k = 1, 10, 100,
#    1000 on the k = 1 model. The estimate falls and levels off; where it levels off is close to
#    $-\log p(x)$.
# 2. **Without binarization** (`model.binarize = False`): the likelihoods are no longer
#    comparable with the paper's, since grey levels are not binary data.
# 3. **Active units**: count latent dimensions whose posterior mean varies over the test set
#    (variance > 0.01, the paper's criterion); IWAE keeps more of them active.

# %% [markdown]
# ## What a good run reaches
#
# The laptop-size table is in the docs' "Paper reproductions" (docs/notebooks.md), with its command
# (`genlab papers run iwae`).

# %% [markdown]
# ## Questions
#
# 1. Why is $\mathcal{L}_k$ never looser than the ELBO?
# 2. Why must the test set be binarized once, with a fixed seed?
#
# <details><summary>Answers</summary>
#
# 1. The average of $k$ importance weights is an unbiased estimate of $p(x)$ whose variance falls
#    with $k$; by Jensen's inequality the expected log of a less variable estimate is closer to
#    the log of its mean.
# 2. A likelihood is of a fixed data set; drawing a new binarization at each evaluation would
#    change the data between runs and make their numbers incomparable.
#
# </details>
