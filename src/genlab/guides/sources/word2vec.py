# %% [markdown]
# # Word embeddings with skip-gram
#
# *Roadmap milestone 8. The run takes about 16 seconds on a 2-core laptop CPU.*
#
# "A word is known by the company it keeps." word2vec (Mikolov et al., 2013) gives every word
# two vectors, $v_w$ as a centre word and $u_w$ as a context word, and trains them so that for a
# real (centre $c$, context $o$) pair from the text $u_o \cdot v_c$ is large, while for $k$ random
# "negative" words it is small:
#
# $$L = -\log\sigma(u_o \cdot v_c) - \sum_{i=1}^{k} \log\sigma(-u_{n_i} \cdot v_c), \qquad n_i \sim P_{\text{noise}},$$
#
# a cheap stand-in for a softmax over the whole vocabulary (**negative sampling**). The noise
# distribution is the unigram distribution to the power 3/4, and frequent words are
# **subsampled** so that "the" and "and" stop dominating the pairs. After training, words used
# in similar contexts have similar vectors, and some relations become directions
# (king − man + woman ≈ queen, on large corpora).

# %% [markdown]
# ## The code to read
#
# - `src/genlab/models/word2vec.py`: the loss and its gradients written out by hand
#   (`sgns_gradients`, checked against autograd in the tests), the pairs with dynamic windows
#   and subsampling, sparse SGD, `most_similar` and `analogy`.
# - `src/genlab/recipes/word2vec.toml`.

# %% [markdown]
# ## Train it
#
# The laptop run is the shipped recipe on Tiny Shakespeare's words (5 epochs; the corpus once
# with `--download`, or `data_dir=`). With `GENLAB_GUIDE_TINY=1` it trains 8-dimensional
# vectors for 30 steps on genlab's roadmap text: the neighbours it prints are then mostly chance.

# %%
import genlab
from genlab.guides import is_tiny, lab_settings, tiny_corpus

settings = lab_settings(
    full=dict(),
    tiny=dict(dataset=str(tiny_corpus()), steps=30,
              set={"model.dim": 8, "model.min_count": 1, "model.plot_words": []}),
)
run = genlab.train("word2vec", **settings)
run

# %% [markdown]
# ## What to look at
#
# `test/loss` is the negative-sampling loss on held-out pairs. The real test of embeddings is
# what they say about words: nearest neighbours by cosine similarity, and analogies.

# %%
{k: round(v, 3) for k, v in run.metrics.items()}

# %%
words = ["models", "learning"] if is_tiny() else ["king", "love", "night"]
{w: run.similar(w, k=5) for w in words}

# %%
run.analogy(*(["generative", "models", "learning"] if is_tiny() else ["man", "king", "woman"]), k=5)

# %% [markdown]
# The report shows the vectors of a few words projected on their first two principal
# components (`run.report_path`).

# %% [markdown]
# ## Experiments to try
#
# 1. **No subsampling**: `set={"model.subsample": 0}`. The neighbours of content words fill
#    with "the", "and", "of".
# 2. **More negatives**: `set={"model.negative": 15}`; slower per pair, often better on small
#    corpora.
# 3. **Against gensim**: `python benchmarks/word2vec.py` trains gensim's C implementation with
#    the same settings and measures how many of the 10 nearest neighbours the two share.

# %% [markdown]
# ## What a good run reaches
#
# `genlab train word2vec` takes {fig:word2vec:genlab_wall_s:.1f} s ({fig:word2vec:genlab_train_s:.1f} s
# of training) on a 2-core CPU for a vocabulary of {fig:word2vec:vocab:,} words; gensim's optimised C
# trains the same in {fig:word2vec:gensim_train_s:.1f} s. The two models share
# **{fig:word2vec:nn10_overlap_genlab_gensim:%} of their 10 nearest neighbours** over the 200 most
# frequent words, against {fig:word2vec:nn10_overlap_gensim_seed1_seed2:%} between two gensim
# runs that differ only in the seed: on a corpus this small, neighbours are noisy
# (`python benchmarks/word2vec.py`).

# %% [markdown]
# ## Questions
#
# 1. Why two vectors per word rather than one?
# 2. Why raise the unigram distribution to the power 3/4?
# 3. Why does an analogy need a large corpus to work?
#
# <details><summary>Answers</summary>
#
# 1. With one vector, $v_w \cdot v_w$ would be large, so every word would score itself as its
#    own likeliest context; separate roles avoid that and make the optimisation easier.
# 2. It flattens the distribution: rare words are drawn as negatives more often than their
#    frequency, frequent ones less (Mikolov et al. found it worked best).
# 3. A relation becomes a consistent direction only when many pairs show it in many contexts;
#    on 200,000 words most pairs are seen a handful of times.
#
# </details>
