# %% [markdown]
# # The optimization lab: SGD, momentum, Adam, schedules
#
# *Roadmap milestones 6 and 10. Six runs of a minute each on a 2-core laptop CPU.*
#
# Every lab trains with a gradient method, and the choice matters as much as the model. The
# update rules, for a loss $L(\theta)$ with gradient $g_t$ and learning rate $\eta$:
#
# - **SGD**: $\theta \leftarrow \theta - \eta g_t$.
# - **Momentum**: $m \leftarrow \mu m + g_t$, $\theta \leftarrow \theta - \eta m$; the velocity
#   averages gradients, speeding along consistent directions and damping oscillations.
# - **Adam** (Kingma & Ba, 2015): running means of $g$ and $g^2$, $\hat m / (\sqrt{\hat v} + \epsilon)$:
#   each parameter gets its own step size, so badly scaled problems train without tuning.
# - **AdamW** (Loshchilov & Hutter, 2019): Adam with weight decay applied to the weights directly,
#   not through the gradient, where Adam's scaling would distort it.
# - **Schedules**: a warmup, then a cosine or linear decay of $\eta$. Large steps early explore,
#   small steps late settle.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/experiments/optimizers_lab.py`: the variants and their settings.
# - `src/genlab/training/optim.py`: optimizers, parameter groups and schedules.

# %% [markdown]
# ## Run the lab
#
# The laptop run trains the VAE recipe six times, one minute each at most (Fashion-MNIST).
# With `GENLAB_GUIDE_TINY=1` it trains a tiny VAE on 8x8 digits for a few steps per variant:
# the ranking it shows is then noise.

# %%
import genlab
from genlab.guides import lab_settings

settings = lab_settings(
    full=dict(minutes=1.0, epochs=2.0),
    tiny=dict(minutes=0.2, epochs=0.2, set={"data.dataset": "digits", "model.hidden_dim": 16,
                                            "model.eval_iw_samples": 2, "train.steps": 10}),
)
lab = genlab.optimizers("vae", quiet=True, **settings)
lab.table

# %% [markdown]
# ## What to look at
#
# The key metric of each variant (the VAE's test negative ELBO, lower is better) for the same
# budget, and the curves overlaid: which falls fastest, which ends lowest, which is unstable.

# %%
lab.curves()

# %% [markdown]
# Samples of the variant that ended lowest: every variant is an ordinary run.

# %%
finished = [r for r in lab.results if r.value is not None]
best = min(finished, key=lambda r: r.value)
print("best:", best.name)
genlab.load(best.run).samples(16)

# %% [markdown]
# ## Experiments to try
#
# 1. **SGD's learning rate**: the lab uses 1e-3. Try `set={"optim.lr": 1e-2}` with
#    `variants=["sgd", "sgd-momentum"]`. Plain SGD needs a much larger step than Adam here.
# 2. **Another model**: `genlab.optimizers("autoencoder")`; does the ranking hold?
# 3. **A sweep of the learning rate**: `genlab.sweep("vae", {"optim.lr": "loguniform:1e-4:1e-2"},
#    trials=8, minutes_per_trial=0.5)` finds the best Adam step for this budget.

# %% [markdown]
# ## What a good run reaches
#
# On a 2-core CPU (`python benchmarks/optimizers.py`: `genlab optimizers vae`, a minute or two
# epochs each), the test negative ELBO ends at **{fig:optimizers:variants.adam.key_metric:.1f} nats with
# Adam** against {fig:optimizers:variants.sgd.key_metric:.1f} with plain SGD and
# {fig:optimizers:variants.sgd-momentum.key_metric:.1f} with momentum; AdamW
# {fig:optimizers:variants.adamw.key_metric:.1f}, Adam with a cosine schedule
# {fig:optimizers:variants.adam-cosine.key_metric:.1f} and with a linear one
# {fig:optimizers:variants.adam-linear.key_metric:.1f}. Read `results.md` in your lab's folder for
# your machine's figures.

# %% [markdown]
# ## Questions
#
# 1. Why does momentum help on a long, narrow valley?
# 2. Why is L2 regularisation through the gradient not the same as weight decay under Adam?
# 3. Why warm up the learning rate?
#
# <details><summary>Answers</summary>
#
# 1. Across the valley the gradients alternate in sign and cancel in the velocity; along it
#    they agree and add up.
# 2. Adam divides the gradient, penalty included, by $\sqrt{\hat v}$, so weights with large
#    gradients are decayed less; AdamW decays every weight by the same factor.
# 3. Early on Adam's second-moment estimate rests on few gradients and is noisy; small steps
#    until it settles avoid a bad jump at the start.
#
# </details>
