# %% [markdown]
# # Wasserstein GANs and the gradient penalty
#
# *Roadmap milestone 7. The run takes 10 minutes on a 2-core laptop CPU.*
#
# The original GAN's discriminator estimates (a version of) the Jensen–Shannon divergence
# between the data and the generator. When the two distributions barely overlap, as they do
# early in training, that divergence is flat and gives $G$ no direction. Arjovsky et al. (2017)
# replace it by the **Wasserstein-1** (earth mover's) distance, which stays informative. By the
# Kantorovich–Rubinstein duality,
#
# $$W_1(P_r, P_g) = \sup_{\|f\|_L \le 1} \; \mathbb{E}_{x \sim P_r}[f(x)] - \mathbb{E}_{x \sim P_g}[f(x)],$$
#
# so a **critic** $f$ (no sigmoid: it outputs a score, not a probability) trained to maximise
# the difference estimates $W_1$, provided $f$ stays 1-Lipschitz. That proviso is the whole
# difficulty. The first WGAN clipped every weight to $[-c, c]$; Gulrajani et al. (2017) instead
# add a **gradient penalty** at random points $\hat x$ between real and fake images:
#
# $$\lambda\, \mathbb{E}_{\hat x}\big[(\|\nabla_{\hat x} f(\hat x)\|_2 - 1)^2\big], \quad \lambda = 10.$$

# %% [markdown]
# ## The code to read
#
# - `src/genlab/models/wgan.py`: the critic update with clipping or the penalty, the generator
#   update every `critic_iters` steps, and the Wasserstein estimate that is logged.
# - `src/genlab/models/dcgan.py`: the shared architecture (`UnconditionalGAN`).
# - `src/genlab/recipes/wgan-gp.toml`, `wgan.toml` (clipping).

# %% [markdown]
# ## Train it
#
# The laptop run is the shipped `wgan-gp` recipe (Fashion-MNIST, 10 minutes, 2 critic steps per
# generator step for the CPU budget; the paper uses 5). With `GENLAB_GUIDE_TINY=1` it is 30
# steps on 8x8 digits and the samples are noise.

# %%
import genlab
from genlab.guides import lab_settings

settings = lab_settings(
    full=dict(),
    tiny=dict(dataset="digits", steps=30, set={"model.latent_dim": 8, "model.channels": 8,
                                               "model.critic_iters": 1, "model.eval_samples": 100,
                                               "model.quick_eval_samples": 0}),
)
run = genlab.train("wgan-gp", **settings)
run

# %% [markdown]
# ## What to look at
#
# Unlike a GAN's losses, the critic's estimate `train/wasserstein` means something: it should
# fall as the samples improve (it is an estimate of the distance to the data, up to the
# critic's scale). Look for it among the curves, then at the samples and their FID.

# %%
run.curves()

# %%
{k: round(v, 3) for k, v in run.metrics.items()}

# %%
run.samples(36)

# %% [markdown]
# ## Experiments to try
#
# 1. **Clipping instead of the penalty**: the `wgan` recipe (RMSprop 5e-5, $c = 0.01$). Compare
#    the two with `genlab.compare(run, clip_run)`: the clipped critic learns slower and its
#    samples are worse for the same minutes.
# 2. **The paper's 5 critic steps**: `set={"model.critic_iters": 5}`. Each generator update is
#    better informed, but there are fewer of them in the same time.
# 3. **The penalty's weight**: `set={"model.gp_weight": 1}` and `100`; watch `train/wasserstein`.

# %% [markdown]
# ## What a good run reaches
#
# On a 2-core CPU, `wgan-gp` in {fig:images:wgan-gp.minutes:.0f} minutes reached
# **FID {fig:images:wgan-gp.fid:.1f}** (untrained {fig:images:wgan-gp.fid_untrained:.1f}), precision
# {fig:images:wgan-gp.precision:.2f}, recall {fig:images:wgan-gp.recall:.2f}; `wgan` (clipping) in
# {fig:images:wgan.minutes:.0f} minutes reached FID {fig:images:wgan.fid:.1f}, both at 10,000 samples
# (`python benchmarks/images.py --models wgan-gp,wgan`). The DCGAN, with its non-saturating loss,
# does better on this small problem (FID {fig:images:dcgan.fid:.1f}).

# %% [markdown]
# ## Questions
#
# 1. Why must the critic be Lipschitz for the estimate to mean anything?
# 2. Why does the critic of WGAN-GP use layer norm rather than batch norm?
# 3. Why is the penalty applied on points *between* real and fake images?
#
# <details><summary>Answers</summary>
#
# 1. Without a bound, the supremum is infinite: scaling $f$ up scales the difference up.
# 2. The penalty is on each sample's gradient; batch norm makes each output depend on the whole
#    batch, so the per-sample gradient is no longer the one the penalty should constrain.
# 3. The optimal critic has gradient norm 1 on the lines between coupled points of the two
#    distributions (Gulrajani et al., Proposition 1); sampling there enforces the constraint
#    where it matters, without covering the whole image space.
#
# </details>
