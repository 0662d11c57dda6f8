# %% [markdown]
# # Sequence to sequence with attention
#
# *Roadmap milestone 8.*
#
# Some tasks map one sequence to another of a different length: translation, summarisation,
# here **dates written by people to ISO dates** ("the 23rd of march 1998" → `1998-03-23`). An
# **encoder** (a bidirectional GRU) reads the source and leaves one vector $h_j$ per source
# character. A **decoder** (a GRU) writes the target one token at a time; before each token it
# **attends** (Bahdanau, Cho & Bengio, 2015): it scores every $h_j$ against its state $s$,
#
# $$e_j = v^\top \tanh(W s + U h_j), \qquad a = \mathrm{softmax}(e), \qquad c = \sum_j a_j h_j,$$
#
# and predicts the next token from $s$, the context $c$ and the previous token. Without attention
# the whole source would have to squeeze through one fixed vector; with it the decoder looks up
# what it needs, and the weights $a_j$ are an alignment we can draw. Training feeds the true
# previous token (teacher forcing); decoding is greedy or a **beam search**.

# %% [markdown]
# ## The code to read
#
# - `src/genlab/models/seq2seq.py`: encoder, attention, decoder, greedy and beam decoding,
#   exact-match accuracy and BLEU.
# - `src/genlab/data/seq2seq_task.py`: the date task in eight human formats; test dates never
#   occur in training.
# - `src/genlab/recipes/seq2seq.toml`.

# %% [markdown]
# ## Train it
#
# The laptop run is the shipped recipe (20,000 training dates, 3 epochs); the data is generated,
# so nothing is downloaded. With `GENLAB_GUIDE_TINY=1` it trains a tiny model for 30 steps on 64
# dates: its outputs are then wrong, and its attention maps diffuse.

# %%
import genlab
from genlab.guides import lab_settings

settings = lab_settings(
    full=dict(),
    tiny=dict(steps=30, set={"model.train_size": 64, "model.test_size": 16, "model.embed": 8,
                             "model.hidden": 16, "model.attention": 8, "model.beam": 2,
                             "model.heatmaps": 1, "data.batch_size": 16}),
)
run = genlab.train("seq2seq", **settings)
run

# %% [markdown]
# ## What to look at
#
# `test/accuracy` is the share of test dates decoded exactly right by greedy decoding,
# `test/bleu` the corpus BLEU-4 over characters, and `test/beam_accuracy` the same with beam
# search at the end.

# %%
{k: round(v, 3) for k, v in run.metrics.items()}

# %%
for text in ["the 3rd of may 1998", "mon 23rd mar 1998", "23.03.1998"]:
    print(text, "->", run.predict(text), "| beam:", run.predict(text, beam=5))

# %% [markdown]
# An attention heat-map: rows are output characters, columns input characters. A trained model
# looks at the year's digits while writing the year, at the month's name while writing the
# month.

# %%
from IPython.display import Image

run.model("cpu").attention_heatmap("the 3rd of may 1998", run.path / "attention.png")
Image(filename=str(run.path / "attention.png"))

# %% [markdown]
# ## Experiments to try
#
# 1. **A smaller attention layer**: `set={"model.attention": 8}`. How much does accuracy lose?
# 2. **Less data**: `set={"model.train_size": 2000}`. Which formats fail first?
# 3. **Beam width**: `run.predict(text, beam=b)` for b = 1, 2, 5, 10; the tests check that a wide
#    enough beam finds the exact best output.

# %% [markdown]
# ## What a good run reaches
#
# On a 2-core CPU the `seq2seq` recipe takes {fig:labs:seq2seq.wall_s:.0f} s and decodes
# **{fig:labs:seq2seq.metrics.test/accuracy:.1%} of the test dates exactly** with greedy decoding
# ({fig:labs:seq2seq.metrics.test/beam_accuracy:.1%} with a beam of 5), dates it never saw in
# training (`python benchmarks/labs.py --recipes seq2seq`). Read `test/accuracy` and
# `test/beam_accuracy` in your run's report.

# %% [markdown]
# ## Questions
#
# 1. Why a *bidirectional* encoder?
# 2. What is teacher forcing, and what mismatch does it create?
# 3. Why can greedy decoding miss the likeliest output?
#
# <details><summary>Answers</summary>
#
# 1. Each $h_j$ then describes character $j$ with both its left and right context ("3rd" is a
#    day because of what follows).
# 2. Feeding the true previous token in training; at test time the model is fed its own
#    predictions, so one early mistake puts it in states it never trained on (exposure bias).
# 3. The likeliest first token may lead to unlikely continuations; the best sequence can start
#    with a less likely token, which a beam keeps in play.
#
# </details>
