# %% [markdown]
# # Variational inference against the exact posterior
#
# *Roadmap milestone 12 (advanced mathematics). Seconds on any laptop.*
#
# Bayesian inference wants the posterior $p(w \mid \mathcal{D}) \propto p(\mathcal{D}\mid w)\,p(w)$;
# for most models it has no closed form, and **variational inference** (VI) picks the member of a
# simple family $q$ that maximises the ELBO,
#
# $$\mathcal{L}(q) = \mathbb{E}_q[\log p(\mathcal{D}\mid w)] + \mathbb{E}_q[\log p(w)] + \mathbb{H}[q]
#   = \log p(\mathcal{D}) - \mathrm{KL}(q\,\|\,p(w\mid\mathcal{D})).$$
#
# To see what that approximation costs, take a model where the exact posterior is known:
# **Bayesian linear regression**, $y = Xw + \varepsilon$, $\varepsilon \sim \mathcal{N}(0, s^2)$,
# prior $w \sim \mathcal{N}(0, a^2 I)$. Its posterior is Gaussian with
# $\Sigma = (X^\top X / s^2 + I/a^2)^{-1}$ and $\mu = \Sigma X^\top y / s^2$. Fit the **mean-field**
# family $q(w) = \prod_i \mathcal{N}(m_i, v_i)$ by stochastic gradients (the reparameterisation
# trick, as in the VAE) and compare. Theory predicts (Bishop, PRML §10.1.2): exact means, and
# variances $1/\Lambda_{ii}$ (the precision's diagonal), never more than the true $\Sigma_{ii}$.
# Because $\mathrm{KL}(q\,\|\,p)$ punishes $q$ for putting mass where $p$ has little, VI is
# *overconfident* when the weights are correlated.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/maths/variational_inference.py`: the data, the exact posterior, mean-field VI
#   by Adam on the ELBO, its closed-form optimum, and two calibration checks.

# %%
import torch

from genlab.guides import lab_settings
from genlab.maths import variational_inference as vi

settings = lab_settings(full=dict(steps=3000), tiny=dict(steps=300))  # gradient steps of VI

X, y, w_true = vi.make_data(n=200, d=3, correlation=0.9, noise=0.5)
exact = vi.exact_posterior(X, y, noise=0.5)
fitted = vi.mean_field_vi(X, y, noise=0.5, **settings)
optimum = vi.optimal_mean_field(exact)
{"true weights": w_true.numpy().round(3), "exact mean": exact.mean.numpy().round(3),
 "VI mean": fitted.mean.numpy().round(3)}

# %% [markdown]
# The standard deviations: VI (fitted by gradients), its closed-form optimum, and the exact
# marginals. With inputs correlated at 0.9, the mean-field ones are much smaller.

# %%
{"VI std": torch.sqrt(torch.diagonal(fitted.cov)).numpy().round(4),
 "mean-field optimum std": torch.sqrt(torch.diagonal(optimum.cov)).numpy().round(4),
 "exact std": torch.sqrt(torch.diagonal(exact.cov)).numpy().round(4)}

# %% [markdown]
# ## Calibration
#
# A calibrated 90% interval contains the truth 90% of the time. For the weights: draw from the
# exact posterior and count how often each draw falls in each method's 90% interval. For
# predictions: the share of new targets inside the 90% predictive interval.

# %%
X_new, y_new, _ = vi.make_data(n=5000, d=3, correlation=0.9, noise=0.5, seed=0)
y_new = X_new @ w_true + 0.5 * torch.randn(5000, generator=torch.Generator().manual_seed(9), dtype=X.dtype)
{"weights, exact": vi.weight_interval_coverage(exact, exact),
 "weights, mean-field VI": vi.weight_interval_coverage(fitted, exact),
 "predictions, exact": vi.interval_coverage(exact, X_new, y_new, noise=0.5),
 "predictions, mean-field VI": vi.interval_coverage(fitted, X_new, y_new, noise=0.5)}

# %% [markdown]
# The weight intervals of VI are far too narrow, yet its *predictive* intervals are nearly
# right: the noise $s^2$ dominates the predictive variance, and along the directions the data
# pins down, the mean-field fit is accurate. Overconfidence hides where the data is silent.

# %% [markdown]
# ## Experiments to try
#
# 1. **No correlation** (`correlation=0.0`): the posterior is almost diagonal and VI is almost
#    exact.
# 2. **Less data** (`n=10`): the prior matters more; compare the three again.
# 3. **A full-covariance $q$**: replace the diagonal by a Cholesky factor $L$ (`w = m + L eps`);
#    VI then recovers the exact posterior.

# %% [markdown]
# ## What a good run reaches
#
# The lab's test (`tests/test_maths_labs.py`) checks the claims above: VI's means within 0.03 of
# the exact ones, its variances within 25% of the closed-form optimum, the optimum's weight
# intervals covering less than 70% where 90% is due, and the exact posterior's predictive
# intervals covering 90% ± 2%.

# %% [markdown]
# ## Questions
#
# 1. Why does minimising $\mathrm{KL}(q\,\|\,p)$ make $q$ too narrow rather than too wide?
# 2. Why are the VI means exact here?
#
# <details><summary>Answers</summary>
#
# 1. The KL integrates $q \log(q/p)$: wherever $q$ has mass and $p$ little, the cost is large,
#    while $p$'s mass outside $q$ costs nothing. A factorised $q$ fits inside the correlated
#    ellipse of $p$ rather than covering it.
# 2. For a Gaussian target, the mean-field update of each $m_i$ is the conditional mean given the
#    others, whose fixed point is the joint mean.
#
# </details>
