# %% [markdown]
# # Character-level recurrent language models
#
# *Roadmap milestones 6 and 8. The run takes about a minute on a 2-core laptop CPU.*
#
# A language model assigns a probability to text by predicting each token from the ones before
# it: $p(x_1, \dots, x_T) = \prod_t p(x_t \mid x_{<t})$. A **recurrent** network reads the text
# one character at a time and keeps a hidden state $h_t$ that summarises everything read so
# far; the next character's distribution comes from $h_t$. Training minimises the
# cross-entropy of the next character, in nats per character; $2^{\text{bits}}$ or
# $e^{\text{nats}}$ is the **perplexity**, the number of equally likely characters the model is
# as unsure as.
#
# The plain RNN, $h_t = \tanh(W x_t + U h_{t-1} + b)$, forgets after a few dozen steps: the
# gradient through many steps is a product of many Jacobians and vanishes or explodes. The
# **LSTM** (Hochreiter & Schmidhuber, 1997) keeps a cell state updated *additively*,
# $c_t = f_t \odot c_{t-1} + i_t \odot g_t$, with gates in $(0, 1)$, so gradients cross long
# spans. Training uses truncated backpropagation through time: the state flows across chunks
# of `bptt` characters, the gradient stops at their boundaries.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/models/char_rnn.py`: the three cells (`rnn`, `gru`, `lstm`) and truncated BPTT.
# - `src/genlab/models/lm.py`: what every language model shares: the loss, perplexity and bits
#   per character, and sampling with temperature, top-k and top-p.
# - `src/genlab/tokenizers/`: the character tokenizer.

# %% [markdown]
# ## Train it
#
# The laptop run is the shipped recipe on Tiny Shakespeare (a 2-layer LSTM of 256 units, 600
# steps). It needs the corpus: `genlab train char-rnn --download` fetches it once, or put
# `input.txt` in a folder and pass `data_dir=`. With `GENLAB_GUIDE_TINY=1` it trains a tiny LSTM
# for 30 steps on a few kilobytes of genlab's own roadmap text (no download): it then writes
# letter soup, which is expected.

# %%
import genlab
from genlab.guides import lab_settings, tiny_corpus

settings = lab_settings(
    full=dict(),
    tiny=dict(dataset=str(tiny_corpus()), steps=30,
              set={"model.hidden": 32, "model.embed": 16, "model.n_layer": 1, "model.block_size": 32,
                   "model.bptt": 16, "model.sample_tokens": 40, "data.batch_size": 8,
                   "optim.warmup_steps": 2}),
)
run = genlab.train("char-rnn", **settings)
run

# %% [markdown]
# ## What to look at
#
# `test/loss` is the held-out cross-entropy in nats per character, `test/bpc` the same in bits,
# `test/ppl` the perplexity. An untrained model, uniform over the vocabulary, scores $\ln V$:
# $\ln 65 \approx 4.17$ nats for Tiny Shakespeare's 65 characters.

# %%
{k: round(v, 3) for k, v in run.metrics.items()}

# %% [markdown]
# Text sampled at temperature 0.8 (below 1 sharpens the distribution: safer, more repetitive):

# %%
print(run.generate("ROMEO:\n" if not genlab.guides.is_tiny() else "the ", tokens=300, temperature=0.8))

# %%
run.curves()

# %% [markdown]
# ## Experiments to try
#
# 1. **The three cells**: `set={"model.cell": "rnn"}` and `"gru"`, same steps. The plain RNN ends
#    highest; the GRU is close to the LSTM with fewer weights.
# 2. **Temperature**: `run.generate(temperature=t)` for t = 0.3, 0.8, 1.5. Low temperatures
#    repeat common words; high ones invent spellings.
# 3. **Shorter BPTT**: `set={"model.bptt": 8}`. The gradient now sees only 8 characters back;
#    the loss rises, most for patterns longer than that (line lengths, names).

# %% [markdown]
# ## What a good run reaches
#
# The `char-rnn` recipe reaches a **validation loss of {fig:gpt:lstm_val_loss:.3f} nats per
# character** on Tiny Shakespeare in {fig:gpt:lstm_wall_s:.1f} s on a 2-core CPU (`python benchmarks/gpt.py`, which trains it beside
# the GPT).

# %% [markdown]
# ## Questions
#
# 1. Why does the LSTM's additive cell update help gradients over long spans?
# 2. What does truncating backpropagation cost, and what does it save?
# 3. Why is the loss in nats per *character* comparable between models with the same tokenizer
#    only?
#
# <details><summary>Answers</summary>
#
# 1. The derivative of $c_t$ with respect to $c_{t-1}$ is the forget gate, not a product with a
#    weight matrix and a squashing derivative; with gates near 1 it stays near 1 over many steps.
# 2. It costs the gradient's view of dependencies longer than `bptt` (the state still carries
#    them forward); it saves memory and time, which grow with the backpropagated length.
# 3. A loss per token depends on what a token is; per character is comparable for any
#    tokenizer, which is why genlab also reports bits per character.
#
# </details>
