"""word2vec: skip-gram with negative sampling (Mikolov et al., 2013, "Distributed
Representations of Words and Phrases and their Compositionality").

The idea: a word is known by the company it keeps. Give every word two vectors, ``v_w`` when it
is the centre word and ``u_w`` when it is a context word, and train them so that for a real
(centre c, context o) pair seen in the text ``u_o . v_c`` is large, while for k "negative" words
drawn at random it is small. The loss of one pair is

    L = -log sigma(u_o . v_c) - sum_{i=1..k} log sigma(-u_{n_i} . v_c),   n_i ~ P_noise,

a cheap stand-in for the full softmax over the vocabulary. Its gradients are short enough to
learn by heart (``sgns_gradients`` below writes them out and the tests check them against
autograd):

    dL/dv_c = (sigma(u_o.v_c) - 1) u_o + sum_i sigma(u_{n_i}.v_c) u_{n_i}
    dL/du_o = (sigma(u_o.v_c) - 1) v_c        dL/du_{n_i} = sigma(u_{n_i}.v_c) v_c

Two tricks from the paper, both as in the original C code and in gensim:
- subsampling: each occurrence of a word with corpus frequency f is dropped with probability
  1 - (sqrt(f/t) + 1) t/f (t = ``subsample``), so "the" and "and" stop dominating the pairs;
- the noise distribution is the unigram distribution raised to the 3/4 power;
- a "dynamic window": each centre word uses a window size drawn uniformly from 1..``window``,
  so nearer words count more.

Training is plain SGD on the mean loss of a batch of pairs, with the learning rate decaying
linearly (``optim.schedule = "linear"``) as in the original. By default the update uses those
hand-written gradients (``model.gradients = "by-hand"``): each step gathers the rows of the
batch's words, computes the three gradients above and adds ``-lr x gradient`` back into the same
rows (``index_add_``), with no autograd graph and no sparse gradient tensors. That is what the C
code and gensim do, and it is several times faster here than ``"autograd"``, which takes the
same step through ``loss.backward()`` and the optimizer (and is the path for torchrun).
After training, ``v`` are the word vectors: ``genlab similar RUN word`` and
``genlab analogy RUN man king woman``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path
from typing import Iterator, Literal

import numpy as np
import torch
import torch.nn.functional as F
from pydantic import Field
from torch import nn

from genlab.errors import ConfigError
from genlab.models.base import DataInfo, LossOutput, Model, ModelConfig
from genlab.models.capabilities import WordEmbedding

WORD_RE = re.compile(r"[a-z]+(?:'[a-z]+)?")


class Word2VecConfig(ModelConfig):
    name: Literal["word2vec"] = "word2vec"
    dim: int = Field(100, ge=1)
    window: int = Field(5, ge=1)
    negative: int = Field(5, ge=1, description="noise words per pair")
    min_count: int = Field(5, ge=1, description="rarer words are dropped from the vocabulary")
    subsample: float = Field(1e-3, ge=0, description="t of the subsampling formula; 0 turns it off")
    gradients: Literal["by-hand", "autograd"] = Field(
        "by-hand", description="by-hand: sgns_gradients and index_add_ (fast, one process); "
                               "autograd: loss.backward() and the optimizer (also under torchrun)")
    plot_words: list[str] = Field(default_factory=lambda: list(DEFAULT_PLOT_WORDS))


DEFAULT_PLOT_WORDS = ("king", "queen", "prince", "duke", "lord", "lady", "man", "woman", "father",
                      "mother", "son", "daughter", "brother", "sister", "love", "hate", "fear", "joy",
                      "war", "peace", "day", "night", "sun", "moon", "heaven", "hell", "god", "death",
                      "life", "sword", "blood", "heart", "eyes", "hand", "good", "bad", "sweet", "fair",
                      "one", "two", "three", "four")


NOISE_TABLE = 1_000_000  # entries of the unigram table (the C code uses 1e8)


def words_of(text: str) -> list[str]:
    """Lower-cased words (letters, with an inner apostrophe as in "o'er")."""
    return WORD_RE.findall(text.lower())


class Word2Vec(WordEmbedding, Model):
    Config = Word2VecConfig
    key_metric = "test/loss"

    def __init__(self, config: Word2VecConfig, data: DataInfo):
        super().__init__(config, data)
        V, D = data.num_classes, config.dim
        # sparse gradients: a step touches only the rows of the words in the batch, like the C code
        self.centre = nn.Embedding(V, D, sparse=True)
        self.context = nn.Embedding(V, D, sparse=True)
        nn.init.uniform_(self.centre.weight, -0.5 / D, 0.5 / D)  # the original's initialisation
        nn.init.zeros_(self.context.weight)
        counts = torch.tensor(data.extra["counts"], dtype=torch.float64)
        noise = counts ** 0.75 / (counts ** 0.75).sum()
        self.register_buffer("noise", noise.float(), persistent=False)
        # the C code's unigram table: word i fills a share noise[i] of a long array, so a noise
        # word is one uniform index into it (much cheaper than sampling a distribution each time)
        share = torch.round(noise * NOISE_TABLE).long().clamp(min=1)
        self.register_buffer("noise_table", torch.repeat_interleave(torch.arange(V, dtype=torch.int32), share),
                             persistent=False)
        self.words = list(data.classes)
        self.index = {w: i for i, w in enumerate(self.words)}
        self.manual_optimization = config.gradients == "by-hand"

    @classmethod
    def load_data(cls, cfg, splits=("train", "test")) -> list:
        config = cls.parse_config(cfg.model)
        from genlab.data.tokens import load_corpus

        text = load_corpus(cfg.data.dataset, cfg.data.data_dir, cfg.data.download)
        return skipgram_data(text, config, splits, cfg.data.limit_test)

    # -- the loss ----------------------------------------------------------------------------
    def negatives(self, n: int) -> torch.Tensor:
        """``n`` rows of k noise words drawn from the unigram^(3/4) distribution (its table)."""
        picks = torch.randint(len(self.noise_table), (n * self.config.negative,), device=self.noise_table.device)
        return self.noise_table[picks].long().view(n, self.config.negative)

    def loss(self, batch) -> LossOutput:
        centre, context = batch[0], batch[1]
        return LossOutput(sgns_loss(self.centre(centre), self.context(context),
                                    self.context(self.negatives(centre.numel()))).mean())

    @torch.no_grad()
    def training_step(self, batch, ctx) -> LossOutput:
        """One SGD step on the batch's mean loss with the hand-written gradients: the same update
        as ``loss().backward()`` and the optimizer, touching only the rows of the batch's words."""
        from genlab.training import distributed

        if distributed.current().enabled:
            raise ConfigError('model.gradients="by-hand" trains in one process; with torchrun use '
                              'model.gradients="autograd"')
        group = ctx.optimizers[0].param_groups[0]
        if not isinstance(ctx.optimizers[0], torch.optim.SGD) or group["momentum"] or group["weight_decay"]:
            raise ConfigError('model.gradients="by-hand" takes plain SGD steps (optim.name="sgd", no '
                              'momentum or weight decay); use model.gradients="autograd" for others')
        centre, context = batch[0], batch[1]
        words = torch.cat([context.unsqueeze(1), self.negatives(centre.numel())], 1).flatten()
        v = self.centre.weight.index_select(0, centre)
        u = self.context.weight.index_select(0, words).view(centre.numel(), -1, self.config.dim)
        d_v, d_u, loss = sgns_step(v, u)
        step = -group["lr"] / centre.numel()  # the mean's gradient
        self.centre.weight.index_add_(0, centre, d_v, alpha=step)
        self.context.weight.index_add_(0, words, d_u.flatten(0, 1), alpha=step)
        return LossOutput(loss.mean())

    @torch.no_grad()
    def evaluate(self, batches, final: bool = False, **options) -> dict[str, float]:
        """Mean loss per held-out pair (fixed negatives under the evaluation seed)."""
        total, count = 0.0, 0
        for batch in batches:
            n = batch[0].numel()
            total += float(self.loss(batch).loss) * n
            count += n
        return {"loss": total / max(count, 1)}

    # -- using the vectors ---------------------------------------------------------------------
    def vectors(self) -> torch.Tensor:
        """Unit-length word vectors, one row per vocabulary word."""
        return F.normalize(self.centre.weight.detach().float(), dim=1)

    def _id(self, word: str) -> int:
        if word.lower() not in self.index:
            raise ConfigError(f"{word!r} is not in the vocabulary ({len(self.words)} words seen at "
                              f"least {self.config.min_count} times in the corpus)")
        return self.index[word.lower()]

    @torch.no_grad()
    def nearest(self, query: torch.Tensor, k: int, exclude=()) -> list[tuple[str, float]]:
        sims = self.vectors() @ F.normalize(query.float(), dim=0)
        sims[list(exclude)] = -math.inf
        top = torch.topk(sims, min(k, len(self.words) - len(exclude)))
        return [(self.words[i], float(s)) for s, i in zip(top.values, top.indices)]

    def most_similar(self, word: str, k: int = 10) -> list[tuple[str, float]]:
        i = self._id(word)
        return self.nearest(self.vectors()[i], k, exclude=[i])

    def analogy(self, a: str, b: str, c: str, k: int = 5) -> list[tuple[str, float]]:
        """a : b :: c : ?, answered by the words nearest to v_b - v_a + v_c (3CosAdd)."""
        ia, ib, ic = self._id(a), self._id(b), self._id(c)
        v = self.vectors()
        return self.nearest(v[ib] - v[ia] + v[ic], k, exclude=[ia, ib, ic])

    def write_artefacts(self, batch, generator, folder: Path, step: int) -> list[Path]:
        """A 2-D PCA projection of the plot words' vectors (and the neighbours of a few)."""
        words = [w for w in self.config.plot_words if w in self.index]
        if len(words) < 3:
            words = self.words[:40]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"words-pca-step-{step:08d}.png"
        plot_projection(self.vectors()[[self.index[w] for w in words]], words, path)
        return [path]


def sgns_loss(v: torch.Tensor, u_pos: torch.Tensor, u_neg: torch.Tensor) -> torch.Tensor:
    """Skip-gram negative-sampling loss per pair: v (B, D) centres, u_pos (B, D) true contexts,
    u_neg (B, k, D) noise words. -log sigma(x) is written as softplus(-x) for stability."""
    pos = (u_pos * v).sum(-1)
    neg = torch.bmm(u_neg, v.unsqueeze(-1)).squeeze(-1)
    return F.softplus(-pos) + F.softplus(neg).sum(-1)


def sgns_gradients(v, u_pos, u_neg):
    """The loss's gradients by hand (see the module docstring), for one batch of pairs."""
    d_v, d_u, _ = sgns_step(v, torch.cat([u_pos.unsqueeze(1), u_neg], 1))
    return d_v, d_u[:, 0], d_u[:, 1:]


def sgns_step(v, u):
    """The same gradients with the true context and the noise words side by side, as training
    uses them: ``u`` is (B, 1+k, D), each centre's true context first. Label the true context 1
    and the noise words 0; then every gradient is (sigma(score) - label) times the other vector,
    the gradient of logistic regression. Returns d_v (B, D), d_u (B, 1+k, D), the loss per pair."""
    scores = torch.bmm(u, v.unsqueeze(-1)).squeeze(-1)                        # (B, 1+k)
    labels = torch.zeros_like(scores)
    labels[:, 0] = 1
    coef = torch.sigmoid(scores) - labels
    d_v = torch.bmm(coef.unsqueeze(1), u).squeeze(1)                            # sum over 1+k
    d_u = coef.unsqueeze(-1) * v.unsqueeze(1)
    loss = F.softplus(-scores[:, 0]) + F.softplus(scores[:, 1:]).sum(-1)
    return d_v, d_u, loss


def plot_projection(vectors: torch.Tensor, labels: list[str], path: Path) -> None:
    """Project vectors on their first two principal components and label each point."""
    from matplotlib.figure import Figure  # no pyplot: no display needed, a notebook's backend kept

    x = vectors - vectors.mean(0)
    _, _, vt = torch.linalg.svd(x, full_matrices=False)
    xy = (x @ vt[:2].T).numpy()
    fig = Figure(figsize=(7, 6))
    ax = fig.subplots()
    ax.scatter(xy[:, 0], xy[:, 1], s=8, color="tab:blue")
    for (px, py), word in zip(xy, labels):
        ax.annotate(word, (px, py), fontsize=8, xytext=(2, 2), textcoords="offset points")
    ax.set_title("word vectors, first two principal components")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


# -- data: (centre, context) pairs -------------------------------------------------------------
class Vocabulary:
    def __init__(self, words: list[str], min_count: int):
        counts = Counter(words)
        kept = sorted((w for w, n in counts.items() if n >= min_count), key=lambda w: (-counts[w], w))
        if len(kept) < 2:
            raise ConfigError(f"fewer than 2 words occur at least {min_count} times; lower "
                              "model.min_count or use a bigger corpus")
        self.words = kept
        self.counts = [counts[w] for w in kept]
        self.index = {w: i for i, w in enumerate(kept)}

    def ids(self, words: list[str]) -> np.ndarray:
        """Word ids, dropping words outside the vocabulary (as word2vec does)."""
        return np.array([self.index[w] for w in words if w in self.index], dtype=np.int64)


def keep_probabilities(counts, subsample: float) -> np.ndarray:
    """Probability of keeping each occurrence of each word (word2vec's subsampling formula)."""
    counts = np.asarray(counts, dtype=np.float64)
    if subsample <= 0:
        return np.ones_like(counts)
    threshold = subsample * counts.sum()
    return np.minimum(1.0, (np.sqrt(counts / threshold) + 1) * threshold / counts)


def skipgram_pairs(ids: np.ndarray, window: int, rng: np.random.Generator | None) -> np.ndarray:
    """All (centre, context) pairs with a dynamic window (fixed full window if rng is None)."""
    n = len(ids)
    reach = rng.integers(1, window + 1, n) if rng is not None else np.full(n, window)
    pairs = []
    for d in range(1, window + 1):
        centres = np.nonzero(reach[: n - d] >= d)[0]  # look right from i ...
        pairs.append(np.stack([ids[centres], ids[centres + d]], 1))
        centres = np.nonzero(reach[d:] >= d)[0] + d   # ... and left
        pairs.append(np.stack([ids[centres], ids[centres - d]], 1))
    return np.concatenate(pairs) if pairs else np.zeros((0, 2), dtype=np.int64)


class SkipGramData:
    def __init__(self, name: str, split: str, ids: np.ndarray, vocab: Vocabulary, config: Word2VecConfig,
                 limit: int | None = None):
        self.name, self.split, self.ids, self.vocab, self.config = name, split, ids, vocab, config
        self.limit = limit
        self.device = torch.device("cpu")

    def __len__(self) -> int:
        return len(self.ids)

    def info(self) -> DataInfo:
        return DataInfo((1,), len(self.vocab.words), tuple(self.vocab.words),
                        {"counts": self.vocab.counts, "corpus": self.name})

    def to(self, device) -> "SkipGramData":
        out = SkipGramData(self.name, self.split, self.ids, self.vocab, self.config, self.limit)
        out.device = torch.device(device)
        return out

    def batches(self, batch_size: int, seed: int = 0, rank: int = 0, world_size: int = 1):
        return SkipGramBatches(self, batch_size, seed, rank, world_size)

    def eval_batches(self, batch_size: int) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
        """Every pair of the held-out text with the full window, in order."""
        pairs = torch.from_numpy(skipgram_pairs(self.ids, self.config.window, None))
        if self.limit:
            pairs = pairs[: self.limit]
        for i in range(0, len(pairs), batch_size):
            chunk = pairs[i:i + batch_size].to(self.device)
            yield chunk[:, 0], chunk[:, 1]


class SkipGramBatches:
    """Each epoch subsamples the corpus and draws dynamic windows afresh, from a generator seeded
    by (seed, epoch) alone; its pairs are shuffled and cut to a fixed number of batches (the
    expected count), so ``len`` is the same every epoch and resume is exact."""

    def __init__(self, data: SkipGramData, batch_size: int, seed: int, rank: int, world_size: int):
        self.data, self.batch_size, self.seed = data, batch_size, seed
        self.rank, self.world_size = rank, world_size
        keep = keep_probabilities(data.vocab.counts, data.config.subsample)[data.ids].sum()
        expected = keep * (data.config.window + 1)  # mean of 2 * U{1..w}
        self.n_batches = max(1, int(expected // (batch_size * world_size)))

    def __len__(self) -> int:
        return self.n_batches

    def epoch(self, epoch: int, start: int = 0):
        d = self.data
        rng = np.random.default_rng([self.seed, epoch])
        keep = keep_probabilities(d.vocab.counts, d.config.subsample)
        ids = d.ids[rng.random(len(d.ids)) < keep[d.ids]]
        pairs = skipgram_pairs(ids, d.config.window, rng)
        pairs = pairs[rng.permutation(len(pairs))]
        need = self.n_batches * self.batch_size * self.world_size
        pairs = np.resize(pairs, (need, 2))[self.rank::self.world_size]  # wraps if short
        pairs = torch.from_numpy(np.ascontiguousarray(pairs)).to(d.device)
        for b in range(start, self.n_batches):
            chunk = pairs[b * self.batch_size:(b + 1) * self.batch_size]
            yield chunk[:, 0], chunk[:, 1]


def skipgram_data(text: str, config: Word2VecConfig, splits, limit_test=None) -> list[SkipGramData]:
    words = words_of(text)
    if len(words) < 10:
        raise ConfigError(f"the corpus has only {len(words)} words; word2vec needs a real text")
    cut = int(len(words) * 0.9)
    vocab = Vocabulary(words[:cut], config.min_count)
    parts = {"train": words[:cut], "test": words[cut:]}
    return [SkipGramData("corpus", s, vocab.ids(parts[s]), vocab, config,
                         limit_test if s == "test" else None) for s in splits]
