# %% [markdown]
# # The VAE as rate and distortion
#
# *Roadmap milestone 12 (advanced mathematics). About 3 minutes on a 2-core laptop CPU.*
#
# Information theory gives the VAE's two loss terms names. The **distortion**
# $D = \mathbb{E}_{x}\mathbb{E}_{q(z\mid x)}[-\log p(x\mid z)]$ is how badly the decoder rebuilds
# $x$ from its code; the **rate** $R = \mathbb{E}_x\, \mathrm{KL}(q(z\mid x)\,\|\,p(z))$ is how
# many nats the code spends on each image. The negative ELBO is their sum, $-\mathrm{ELBO} = D + R$
# (Alemi et al., 2018, "Fixing a Broken ELBO"). The rate also bounds what the code can carry:
# the mutual information between $x$ and $z$ under the encoder is at most $R$.
#
# Many models have the same ELBO with different splits: a powerful decoder can reach a good
# bound with $R \approx 0$ (it ignores $z$), an autoencoder-like model spends a high rate for
# low distortion. Training the **$\beta$-VAE** objective $D + \beta R$ (Higgins et al., 2017)
# picks a point: each $\beta$ is the slope of a line $D + \beta R = c$ that touches the
# achievable region, so sweeping $\beta$ traces its frontier, the rate–distortion curve. At
# $\beta = 1$ the objective is the ELBO itself; $\beta < 1$ buys lower distortion with more rate,
# $\beta > 1$ less rate and blurrier images.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/models/vae.py`: `kl_weight` is $\beta$; the loss logs `recon` ($D$), `kl` ($R$)
#   and the true bound `nelbo`, whatever $\beta$ is.

# %% [markdown]
# ## Run the sweep
#
# At laptop size: five VAEs with $\beta$ = 0.25, 0.5, 1, 2, 4, five epochs each on
# Fashion-MNIST. With `GENLAB_GUIDE_TINY=1`: three tiny ones on 8x8 digits for 20 steps, so the
# curve is then only a check that the code runs.

# %%
import genlab
from genlab.guides import is_tiny, lab_settings

settings = lab_settings(
    full=dict(epochs=5, set={}),
    tiny=dict(dataset="digits", steps=20, set={"model.hidden_dim": 16, "model.eval_iw_samples": 2}),
)
betas = [0.5, 1.0, 2.0] if is_tiny() else [0.25, 0.5, 1.0, 2.0, 4.0]
runs = {b: genlab.train("vae", quiet=True, name=f"beta-{b}", **{**settings, "set": {**settings["set"],
                                                                                    "model.kl_weight": b}})
        for b in betas}
table = {b: {k: round(r.metrics[k], 2) for k in ("test/recon", "test/kl", "test/nelbo")} for b, r in runs.items()}
table

# %% [markdown]
# ## The curve
#
# Each point is one $\beta$: rate on the x axis, distortion on the y axis. The dashed lines
# have slope $-1$: along each one, $D + R$ (the negative ELBO) is constant, so the point on the
# lowest dashed line has the best bound.

# %%
from matplotlib.figure import Figure

fig = Figure(figsize=(5, 4))
ax = fig.subplots()
rates = [runs[b].metrics["test/kl"] for b in betas]
dists = [runs[b].metrics["test/recon"] for b in betas]
ax.plot(rates, dists, "o-")
for b, r, d in zip(betas, rates, dists):
    ax.annotate(f"β={b}", (r, d), textcoords="offset points", xytext=(4, 4))
    ax.axline((r, d), slope=-1, linestyle="--", linewidth=0.6, color="grey")
ax.set_xlabel("rate R = KL (nats)")
ax.set_ylabel("distortion D = -log p(x|z) (nats)")
ax.set_title("test set, one point per β")
fig

# %% [markdown]
# Samples of the two ends: a small $\beta$ gives sharper reconstructions but its prior samples
# can be worse (the codes no longer fill the prior); a large $\beta$ gives blurry but
# prior-shaped samples.

# %%
runs[betas[0]].samples(16)

# %%
runs[betas[-1]].samples(16)

# %% [markdown]
# ## Experiments to try
#
# 1. **Smaller $\beta$**: 0.05. The rate climbs and the model becomes an autoencoder.
# 2. **A 2-D latent space** (`"model.latent_dim": 2`): the frontier moves up; the rate cannot
#    exceed what two numbers can carry at this distortion.
# 3. **Which $\beta$ has the best `test/nelbo`?** Theory says $\beta = 1$ optimises it; check.

# %% [markdown]
# ## What a good run reaches
#
# The table above is the result; nothing in the docs quotes it, since it depends on your
# epochs. Expect the distortion to fall and the rate to rise as $\beta$ falls.

# %% [markdown]
# ## Questions
#
# 1. Why can two models with the same ELBO be very different?
# 2. Why is $R$ an upper bound on the information the code carries?
#
# <details><summary>Answers</summary>
#
# 1. The ELBO is $-(D + R)$: one model can have $R \approx 0$ and a decoder that models the data
#    alone, another a high rate and a weak decoder; only the sum is the same.
# 2. $I(x; z) = \mathbb{E}_x \mathrm{KL}(q(z\mid x)\,\|\,q(z))$ with $q(z)$ the aggregate
#    posterior, and replacing $q(z)$ by any other distribution $p(z)$ can only increase that
#    average KL: so $I(x;z) \le R$.
#
# </details>
