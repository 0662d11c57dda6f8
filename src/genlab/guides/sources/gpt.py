# %% [markdown]
# # A small GPT
#
# *Roadmap milestone 8. The run takes about a minute on a 2-core laptop CPU.*
#
# A GPT (Radford et al., 2018, 2019) is a decoder-only **transformer** (Vaswani et al., 2017)
# trained to predict the next token. Each token becomes a vector (token embedding plus position
# embedding); `n_layer` blocks refine the vectors; each block has **causal self-attention**, in
# which position $t$ mixes in information from positions $\le t$,
#
# $$\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\Big(\frac{QK^\top}{\sqrt{d}} + M\Big) V,$$
#
# with $M$ a mask of $-\infty$ above the diagonal (the future is hidden), then an MLP per
# position. Unlike an RNN, every position of a window is trained at once, in parallel. The
# $\sqrt{d}$ keeps the dot products' scale independent of the head size, so the softmax does not
# saturate.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/models/gpt.py`: one readable file in the style of nanoGPT: attention, MLP,
#   block, the model, its parameter groups for weight decay.
# - `src/genlab/models/lm.py`: the loss and sampling shared with the char-RNN.
# - `src/genlab/training/optim.py`: Muon and AdamW, which the shipped recipe combines.
# - `src/genlab/recipes/gpt.toml`: nanoGPT's CPU size (4 layers, 4 heads, 128 dimensions).

# %% [markdown]
# ## Train it
#
# The laptop run is the shipped recipe on Tiny Shakespeare (400 steps); it needs the corpus
# (`genlab train gpt --download` once, or `data_dir=`). With `GENLAB_GUIDE_TINY=1` it trains a
# one-layer GPT for 30 steps on genlab's roadmap text: letter soup, as expected.

# %%
import genlab
from genlab.guides import lab_settings, tiny_corpus

settings = lab_settings(
    full=dict(),
    tiny=dict(dataset=str(tiny_corpus()), steps=30,
              set={"model.n_layer": 1, "model.n_embd": 32, "model.n_head": 2, "model.block_size": 32,
                   "model.sample_tokens": 40, "data.batch_size": 8, "train.eval_every": 15,
                   "optim.warmup_steps": 2}),
)
run = genlab.train("gpt", **settings)
run

# %% [markdown]
# ## What to look at
#
# `test/loss` (nats per character), `test/bpc` and `test/ppl`, as for the char-RNN, so the two
# are directly comparable.

# %%
{k: round(v, 3) for k, v in run.metrics.items()}

# %%
print(run.generate("\n" if not genlab.guides.is_tiny() else "the ", tokens=300, temperature=0.8, top_k=40))

# %%
run.curves()

# %% [markdown]
# ## Experiments to try
#
# 1. **AdamW alone**: `set={"optim.name": "adamw"}` with the same steps. genlab measured 1.859
#    with 600 AdamW steps against 1.772 with 400 Muon + AdamW steps.
# 2. **Attention ablations**: one head (`"model.n_head": 1`), or a shorter context
#    (`"model.block_size": 16`). Which costs more?
# 3. **Nucleus sampling**: `run.generate(top_p=0.9)` against `top_k=40` and plain temperature.

# %% [markdown]
# ## What a good run reaches
#
# The `gpt` recipe reaches a **validation loss of {fig:gpt:same_config_val_loss:.3f} nats per
# character in {fig:gpt:same_config_wall_s:.1f} s** on a 2-core CPU (`python benchmarks/gpt.py`);
# nanoGPT's own CPU configuration reached {fig:gpt:nanogpt_val_loss} in {fig:gpt:nanogpt_wall_s} s
# on the same machine (26 Nov 2026). The longer `gpt-shakespeare-cpu` recipe reaches
# {fig:gpt:recipe_val_loss:.3f} in {fig:gpt:recipe_wall_s:.1f} s.

# %% [markdown]
# ## Questions
#
# 1. What would go wrong without the causal mask?
# 2. Why does a transformer need position embeddings when an RNN does not?
# 3. Why divide by $\sqrt{d}$?
#
# <details><summary>Answers</summary>
#
# 1. Each position could read the token it must predict: the training loss would fall to almost
#    zero and the model would be useless for generation, where the future is unknown.
# 2. Attention is a weighted average over positions and ignores their order; an RNN reads in
#    order by construction.
# 3. For random vectors the dot product's variance grows with $d$; unscaled, large logits push
#    the softmax to one-hot and its gradients to zero.
#
# </details>
