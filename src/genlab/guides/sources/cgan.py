# %% [markdown]
# # Conditional GANs
#
# *Roadmap milestones 9 and 11. The run takes 10 minutes on a 2-core laptop CPU.*
#
# A conditional GAN (Mirza & Osindero, 2014) draws the image *you ask for*: both players see
# the class $y$. The generator gets a learned embedding of $y$ beside its noise, $G(z, y)$; the
# discriminator must judge "is this a real image **of class $y$**?", otherwise $G$ could ignore
# $y$. genlab's discriminator is the projection discriminator of Miyato & Koyama (2018):
#
# $$D(x, y) = \psi(\phi(x)) + \langle \mathrm{embed}(y), \phi(x)\rangle,$$
#
# a realism score plus an inner product that measures how well the image's features match the
# class. It is trained with spectral normalization and the hinge loss (Miyato et al., 2018):
# $\mathcal{L}_D = \mathbb{E}[\mathrm{relu}(1 - D(x, y))] + \mathbb{E}[\mathrm{relu}(1 + D(G(z, y), y))]$,
# $\mathcal{L}_G = -\mathbb{E}[D(G(z, y), y)]$. A mode-seeking term (Mao et al., 2019) stops $G$
# from drawing one picture per class.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/models/cgan.py`: the conditional generator, the projection discriminator, the
#   hinge losses and the mode-seeking term.
# - `src/genlab/recipes/cgan.toml`.

# %% [markdown]
# ## Train it
#
# The laptop run is the shipped recipe (Fashion-MNIST, 10 minutes). With `GENLAB_GUIDE_TINY=1`
# it is 30 steps on 8x8 digits and the images are noise.

# %%
import genlab
from genlab.guides import lab_settings

settings = lab_settings(
    full=dict(),
    tiny=dict(dataset="digits", steps=30, set={"model.latent_dim": 8, "model.channels": 8,
                                               "model.embed_dim": 4, "model.eval_samples": 100,
                                               "model.quick_eval_samples": 0}),
)
run = genlab.train("cgan", **settings)
run

# %% [markdown]
# ## What to look at
#
# Besides FID, precision and recall, a conditional model has `test/class_accuracy`: the share of
# samples that genlab's classifier puts in the class they were drawn for.

# %%
{k: round(v, 3) for k, v in run.metrics.items()}

# %% [markdown]
# Ten samples of one class (class 7 of Fashion-MNIST is "sneaker"; of the digits, 7):

# %%
run.samples(10, class_=7)

# %%
run.curves()

# %% [markdown]
# ## Experiments to try
#
# 1. **Without the mode-seeking term**: `set={"model.mode_seeking": 0}`. Each class's samples
#    come out nearly alike: recall falls (to 0.01 in genlab's measurement) though each image
#    looks fine.
# 2. **The plain DCGAN discriminator**: `set={"model.loss": "bce", "model.spectral_norm": False}`.
# 3. **As data augmentation**: samples of a class are labelled data; the applications lab
#    measures whether they help a classifier trained on few real images.

# %% [markdown]
# ## What a good run reaches
#
# The `cgan` recipe ({fig:images:cgan.minutes:.0f} minutes, 2-core CPU) reaches
# **FID {fig:images:cgan.fid:.1f}** (untrained {fig:images:cgan.fid_untrained:.1f}), class accuracy
# {fig:images:cgan.class_accuracy:.3f}, precision {fig:images:cgan.precision:.2f}, recall
# {fig:images:cgan.recall:.2f} at 10,000 samples (`python benchmarks/images.py --models cgan`).

# %% [markdown]
# ## Questions
#
# 1. Why is concatenating $y$ to the discriminator's input weaker than the projection?
# 2. What does a high class accuracy with a low recall tell you?
# 3. Why does spectral normalization help the discriminator?
#
# <details><summary>Answers</summary>
#
# 1. Concatenation leaves the network to discover how the class should interact with the
#    image; the projection builds in the form that follows from modelling $\log p(y\mid x)$ as a
#    softmax, so class fidelity is learned directly.
# 2. The generator draws the right class but only a few typical images of it: conditional mode
#    collapse.
# 3. It bounds each layer's largest singular value by 1, so $D$ is Lipschitz: its gradients to
#    $G$ stay well scaled and the game is more stable, without batch norm.
#
# </details>
