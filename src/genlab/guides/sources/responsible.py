# %% [markdown]
# # Responsible AI: auditing what a model generates
#
# *Roadmap milestone 13. The laptop runs take about 6 minutes on a 2-core CPU.*
#
# A generative model can reproduce its training data (a privacy and copyright problem), skew
# what it generates (a fairness problem), and leak whether someone's data was used to train it
# (a membership problem). None of this shows in a loss curve. This guide audits a VAE, trains
# it again with differential privacy, and runs the fairness lab.
#
# The three statistics to know:
#
# - **Balance**: the classifier's class histogram of the samples against the data's shares,
#   Pearson's $\chi^2 = \sum_k (O_k - E_k)^2 / E_k$ on $K - 1$ degrees of freedom.
# - **Data copying** (Meehan, Chaudhuri & Dasgupta, 2020): in each k-means cell of the
#   training embeddings, compare the distances to the nearest training image of generated and of
#   held-out points with a Mann–Whitney $U$ test; $C_T$ averages the cells' z-scores. A model
#   that copies makes samples *closer* than fresh data ($C_T \ll 0$).
# - **Membership inference** (Yeom et al., 2018): training examples have lower loss; the AUC of
#   "member if the loss is below a threshold" is 0.5 when nothing leaks. DP-SGD with budget
#   $\varepsilon$ bounds any attack: its true-positive rate is at most $e^\varepsilon$ times its
#   false-positive rate (plus $\delta$).

# %% [markdown]
# ## The code to read
#
# - `src/genlab/responsible/memorization.py`, `balance.py`, `membership.py`, `text_copying.py`:
#   each statistic in one short module; `audit.py` gathers the data they need.
# - `src/genlab/training/privacy.py`: DP-SGD through Opacus inside the one trainer.
# - `src/genlab/responsible/fairness.py`, `provenance.py`, `card.py`.

# %% [markdown]
# ## Train and audit
#
# The laptop run is the `vae` recipe on Fashion-MNIST (under a minute). With
# `GENLAB_GUIDE_TINY=1` it is 60 steps on 8x8 digits, which genlab has no classifier for: the
# balance audit is then skipped and memorization is measured in pixels.

# %%
import genlab
from genlab.guides import is_tiny, lab_settings

settings = lab_settings(full=dict(), tiny=dict(dataset="digits", steps=60, set={"model.latent_dim": 4}))
run = genlab.train("vae", **settings)
audits = run.audit(samples=300 if is_tiny() else 2000, members=200 if is_tiny() else 1000)
for a in audits:
    print(f"{a.name}: {a.summary or 'not run: ' + a.skipped}")

# %% [markdown]
# ## What to look at
#
# The closest (sample, training image) pairs: a copying model shows twins here. Then the
# membership attack's ROC curve, close to the diagonal for a model trained on 60,000 images.

# %%
from IPython.display import Image, display

for a in audits:
    for figure in a.figures:
        display(Image(filename=str(figure)))

# %% [markdown]
# ## Train it privately
#
# `train.dp_epsilon` trains the same model with DP-SGD. The recipe `vae-dp` spends
# $\varepsilon = 3$ over 3 epochs; compare its bound and its membership AUC with the run above.

# %%
private = genlab.train("vae-dp", **lab_settings(full=dict(), tiny=dict(dataset="digits", steps=4)))
print(private.info["privacy"])
print("NELBO", round(run.metrics["test/nelbo"], 1), "vs private", round(private.metrics["test/nelbo"], 1))
[membership] = private.audit(only=["membership"], members=200 if is_tiny() else 1000)
membership.summary

# %% [markdown]
# ## The model card and provenance
#
# `run.card()` writes `model-card.md` from what the run folder shows, audits included. Every
# sample grid records where it came from:

# %%
print(run.card().read_text()[:1200])
from genlab.responsible.provenance import describe

grid = sorted((run.path / "samples").glob("samples-step-*.png"))[-1]
print("\n".join(describe(grid)))

# %% [markdown]
# ## The fairness lab
#
# Labels recorded with a bias against group 1; a proxy feature reveals the group. The
# mitigations lose accuracy on the biased labels and gain it on the truth; a generator trained on
# the biased data carries the gap, and rebalancing its sampling shrinks it.

# %%
from genlab.responsible.fairness import run_lab

lab = run_lab(run.path / "fairness", n=4000 if is_tiny() else 20_000)
print("\n".join(lab["lines"]))

# %% [markdown]
# ## Experiments to try
#
# 1. **Make a model copy**: train the VAE on 64 images for 600 steps
#    (`set={"data.limit_train": 64}`, `steps=600`) and audit it: the membership AUC rises far
#    above 0.5 (the tests check > 0.65).
# 2. **Spend less privacy**: `set={"train.dp_epsilon": 1.0}` and watch the NELBO and FID.
# 3. **Fair labels**: `run_lab(folder, bias=0.0)`: the gaps vanish without any mitigation.

# %% [markdown]
# ## What a good run reaches
#
# A memorization test that works gives $C_T \approx$ {fig:audits:calibration.copier:.1f} for a
# "model" returning training images, {fig:audits:calibration.noisy:.1f} for noisy copies and
# {fig:audits:calibration.held_out_real:.2f} for held-out real images (genlab's Fashion-MNIST
# features, `python benchmarks/audits.py`). The docs' Responsible AI page tables epsilon against
# accuracy, NELBO, FID and membership AUC (`python benchmarks/privacy.py`) and the audit of a
# run of every image recipe.

# %% [markdown]
# ## Questions
#
# 1. Why does the data-copying test compare with *held-out* data rather than with zero distance?
# 2. Why must batch norm go for DP-SGD?
# 3. Why does a classifier that never sees the group still learn a group bias?
#
# <details><summary>Answers</summary>
#
# 1. Real data also has near neighbours in the training set; only distances *closer than fresh
#    data's* are a sign of copying, and the U test asks exactly that, cell by cell.
# 2. Batch statistics mix the examples of a batch, so an example's gradient depends on the
#    others: per-example clipping, and with it the guarantee, needs each example alone.
# 3. A feature correlated with the group (the proxy) lets it reproduce the biased labels.
#
# </details>
