# %% [markdown]
# # Reproducing Song et al. (2021): DDIM against DDPM-style sampling
#
# *Roadmap milestones 9 and 14. About 20 minutes on a 2-core laptop CPU.*
#
# A diffusion model trained as in DDPM (Ho et al., 2020) can be sampled in many ways. DDPM's
# ancestral sampler adds fresh noise at each of the $T = 1000$ steps. DDIM (Song, Meng & Ermon,
# 2021) shows the same network defines a family of samplers, indexed by $\eta$, that can skip
# steps: $\eta = 1$ behaves like DDPM, $\eta = 0$ is deterministic. Their Table 1 compares them
# at $S$ = 10, 20, 50, 100 and 1000 steps: deterministic DDIM keeps a low FID with few steps
# while $\eta = 1$ degrades fast; on CIFAR-10, DDIM reaches FID 4.16 at 100 steps and 4.04 at
# 1000.
#
# The reproduction trains genlab's diffusion recipe once and scores it with both samplers at
# several step counts, at one sample count.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/papers/ddim_steps.py`: one training run, eight FIDs.
# - `src/genlab/schedulers/samplers.py`: the DDIM step with its $\eta$, and DDPM's.
# - `src/genlab/metrics/`: FID in the features of genlab's Fashion-MNIST classifier.

# %% [markdown]
# ## Run it
#
# At laptop size this trains for 8 minutes on Fashion-MNIST, then draws 2,000 samples per cell.
# With `GENLAB_GUIDE_TINY=1` it trains a tiny U-Net on 8x8 digits, for which genlab has no
# feature extractor: the FID cells are then empty, as the table says.

# %%
from IPython.display import Markdown

from genlab.guides import is_tiny
from genlab.papers import run_paper

folder, result = run_paper("ddim-steps", "runs", tiny=is_tiny())
Markdown((folder / "results.md").read_text())

# %% [markdown]
# ## What to look at
#
# Compare the two FID columns row by row: the paper's claim is about the *few-step* rows. Then
# look at samples of the same model at 5 steps with each sampler:

# %%
import genlab

[run] = genlab.runs(folder)  # the one training run of the reproduction
model = run.model()
model.config = model.config.model_copy(update={"sample_steps": 5, "eta": 0.0})
deterministic = run.samples(10, class_=3)
model.config = model.config.model_copy(update={"eta": 1.0})
stochastic = run.samples(10, class_=3)
deterministic

# %%
stochastic

# %% [markdown]
# ## Experiments to try
#
# 1. **In between**: $\eta = 0.5$ at 10 steps. Is FID between the two columns?
# 2. **The full chain**: `model.config.sampler = "ddpm"` uses all $T$ steps (slow on a CPU:
#    1,000 network calls per image); draw 200 samples and compare with DDIM at 50.
# 3. **Guidance**: the recipe samples with $w = 3$; does the DDIM advantage hold at $w = 1$?

# %% [markdown]
# ## What a good run reaches
#
# The laptop-size table is in the docs' "Paper reproductions" (docs/notebooks.md), with its command
# (`genlab papers run ddim-steps`).

# %% [markdown]
# ## Questions
#
# 1. Why can DDIM skip steps without retraining?
# 2. Why does added noise hurt when the steps are few?
#
# <details><summary>Answers</summary>
#
# 1. Its non-Markovian forward process has the same marginals $q(x_t \mid x_0)$ as DDPM's, so
#    the same noise-prediction objective trains it; sampling only needs those marginals at the
#    chosen subsequence of times.
# 2. Each stochastic step re-injects noise that later steps must remove; with few steps there
#    are too few denoising steps left to remove it, and samples stay noisy.
#
# </details>
