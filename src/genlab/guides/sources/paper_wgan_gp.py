# %% [markdown]
# # Reproducing Gulrajani et al. (2017): weight clipping against the gradient penalty
#
# *Roadmap milestones 7 and 14. About 11 minutes on a 2-core laptop CPU.*
#
# A Wasserstein GAN's critic must be 1-Lipschitz. Arjovsky et al. (2017) enforced it by
# clipping every weight to $[-c, c]$. "Improved Training of Wasserstein GANs" argues that
# clipping biases the critic towards overly simple functions and makes its gradients vanish or
# explode unless $c$ is tuned just right (their Figure 1), and replaces it with a penalty on the
# critic's gradient norm at points between real and fake images,
# $\lambda\,\mathbb{E}_{\hat x}[(\|\nabla_{\hat x} f(\hat x)\|_2 - 1)^2]$. Their finding: with the
# same architecture, the penalty trains faster and to better samples.
#
# The reproduction trains genlab's `wgan` (clipping) and `wgan-gp` recipes for the same minutes
# and scores both with the same metrics.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/papers/wgan_gp.py`: two runs, one table.
# - `src/genlab/models/wgan.py`: both critic constraints, and the logged Wasserstein estimate.

# %% [markdown]
# ## Run it
#
# At laptop size: 5 minutes each on Fashion-MNIST. With `GENLAB_GUIDE_TINY=1`: 20 steps each on
# 8x8 digits, where genlab has no feature extractor, so the FID cells stay empty.

# %%
from IPython.display import Markdown

from genlab.guides import is_tiny
from genlab.papers import run_paper

folder, result = run_paper("wgan-gp", "runs", tiny=is_tiny())
Markdown((folder / "results.md").read_text())

# %% [markdown]
# ## What to look at
#
# The curves of `train/wasserstein`: the critic's estimate of the distance to the data. With a
# working constraint it falls as the samples improve; a jumpy estimate is an unstable critic.

# %%
import genlab

genlab.compare(*genlab.runs(folder), out=folder / "compare.png")

# %% [markdown]
# Samples of the two critics' generators, same seed:

# %%
clip_run, gp_run = sorted(genlab.runs(folder), key=lambda r: r.name)[:2]  # "wgan-..." < "wgan-gp-..."
clip_run.samples(16, seed=0)

# %%
gp_run.samples(16, seed=0)

# %% [markdown]
# ## Experiments to try
#
# 1. **The clipping bound**: `set={"model.clip": 0.1}` and `0.001` on the `wgan` recipe; the paper
#    says gradients explode or vanish as $c$ moves away from a narrow good range.
# 2. **Equal critic steps**: `set={"model.critic_iters": 5}` on `wgan-gp`, as in the paper.
# 3. **Batch norm in the critic** would break the penalty (it is per sample); why?

# %% [markdown]
# ## What a good run reaches
#
# The laptop-size table is in the docs' "Paper reproductions" (docs/notebooks.md), with its command
# (`genlab papers run wgan-gp`).

# %% [markdown]
# ## Questions
#
# 1. Why does clipping make the critic "too simple"?
# 2. Why are our FIDs not comparable with the paper's Inception scores?
#
# <details><summary>Answers</summary>
#
# 1. With every weight in $[-c, c]$, the critic that maximises the difference pushes weights to
#    $\pm c$, and such networks compute roughly piecewise-linear functions of low complexity: the
#    constraint restricts the function class far more than 1-Lipschitzness does.
# 2. Different data (Fashion-MNIST against CIFAR-10), different features (genlab's classifier
#    against Inception), a different score; only the comparison between the two constraints
#    carries over.
#
# </details>
