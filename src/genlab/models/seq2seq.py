"""Sequence-to-sequence with attention (Bahdanau, Cho & Bengio, 2015, "Neural Machine
Translation by Jointly Learning to Align and Translate").

The idea:
- an *encoder* (a bidirectional GRU) reads the source and leaves one vector h_j per source
  position, describing that character in its context;
- a *decoder* (a GRU) writes the target one token at a time. Before each token it *attends*:
  it scores every h_j against its current state s with a small network,
  e_j = v . tanh(W s + U h_j) (additive attention), turns the scores into weights
  a_j = softmax(e)_j, and reads the context c = sum_j a_j h_j;
- the next token's distribution comes from (s, c, previous token). Training feeds the true
  previous token (teacher forcing) and minimises cross-entropy.

Without attention the whole source would have to squeeze through one fixed vector; with it the
decoder looks up what it needs, and the weights a_j form an alignment we can draw as a heat-map.

Decoding: greedy (take the likeliest token each step) or beam search (keep the ``beam`` best
partial outputs by total log-probability; exact when the beam is wide enough, which the tests
check against exhaustive search). Metrics: exact-match accuracy and corpus BLEU-4 over the
target's characters (Papineni et al., 2002).
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Literal

import torch
import torch.nn.functional as F
from pydantic import Field
from torch import nn

from genlab.data.seq2seq_task import BOS, EOS, PAD, CharVocab
from genlab.errors import ConfigError
from genlab.models.base import DataInfo, LossOutput, Model, ModelConfig
from genlab.models.capabilities import SequencePrediction


class Seq2SeqConfig(ModelConfig):
    name: Literal["seq2seq"] = "seq2seq"
    task: Literal["dates"] = "dates"
    train_size: int = Field(20000, ge=1)
    test_size: int = Field(1000, ge=1)
    embed: int = Field(32, ge=1)
    hidden: int = Field(128, ge=1)
    attention: int = Field(64, ge=1, description="size of the additive attention's hidden layer")
    beam: int = Field(5, ge=1, description="beam width of the final evaluation")
    heatmaps: int = Field(3, ge=0, description="attention heat-maps drawn at each evaluation")


class Seq2Seq(SequencePrediction, Model):
    Config = Seq2SeqConfig
    key_metric = "test/accuracy"

    def __init__(self, config: Seq2SeqConfig, data: DataInfo):
        super().__init__(config, data)
        c = config
        self.src_vocab = CharVocab(data.extra["source_chars"])
        self.tgt_vocab = CharVocab(data.extra["target_chars"])
        self.max_target = int(data.extra["max_target"])
        H = c.hidden
        self.src_embed = nn.Embedding(len(self.src_vocab), c.embed, padding_idx=PAD)
        self.encoder = nn.GRU(c.embed, H, batch_first=True, bidirectional=True)
        self.bridge = nn.Linear(2 * H, H)              # encoder summary -> first decoder state
        self.tgt_embed = nn.Embedding(len(self.tgt_vocab), c.embed, padding_idx=PAD)
        self.att_state = nn.Linear(H, c.attention, bias=False)        # W
        self.att_source = nn.Linear(2 * H, c.attention)               # U
        self.att_score = nn.Linear(c.attention, 1, bias=False)        # v
        self.decoder = nn.GRUCell(c.embed + 2 * H, H)
        self.out = nn.Linear(H + 2 * H + c.embed, len(self.tgt_vocab))

    @classmethod
    def load_data(cls, cfg, splits=("train", "test")) -> list:
        from genlab.data.seq2seq_task import load_dates

        c = cls.parse_config(cfg.model)
        return load_dates(c.train_size, c.test_size, seed=cfg.train.seed, splits=splits)

    # -- the network ----------------------------------------------------------------------------
    def encode(self, source: torch.Tensor):
        """Encoder outputs (B, S, 2H), their attention projections, the pad mask, first state."""
        mask = source != PAD
        lengths = mask.sum(1).clamp(min=1).cpu()
        packed = nn.utils.rnn.pack_padded_sequence(self.src_embed(source), lengths, batch_first=True,
                                                   enforce_sorted=False)
        out, last = self.encoder(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=source.size(1))
        state = torch.tanh(self.bridge(torch.cat([last[0], last[1]], -1)))
        return out, self.att_source(out), mask, state

    def decode_step(self, prev: torch.Tensor, state, enc, enc_proj, mask):
        """One decoder step: log-probs of the next token, the new state, attention weights."""
        emb = self.tgt_embed(prev)
        scores = self.att_score(torch.tanh(self.att_state(state)[:, None] + enc_proj)).squeeze(-1)
        weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), -1)     # (B, S)
        context = torch.bmm(weights[:, None], enc).squeeze(1)                       # (B, 2H)
        state = self.decoder(torch.cat([emb, context], -1), state)
        logits = self.out(torch.cat([state, context, emb], -1)).float()
        logits[:, [PAD, BOS]] = float("-inf")  # never an output: the softmax is over real tokens and EOS
        return F.log_softmax(logits, -1), state, weights

    def loss(self, batch) -> LossOutput:
        source, target = batch[0], batch[1]
        enc, enc_proj, mask, state = self.encode(source)
        total = []
        for t in range(target.size(1) - 1):  # teacher forcing: feed the true previous token
            logp, state, _ = self.decode_step(target[:, t], state, enc, enc_proj, mask)
            total.append(F.nll_loss(logp, target[:, t + 1], ignore_index=PAD, reduction="none"))
        nll = torch.stack(total, 1)
        loss = nll.sum() / (target[:, 1:] != PAD).sum()
        return LossOutput(loss)

    # -- decoding -------------------------------------------------------------------------------
    @torch.no_grad()
    def greedy(self, source: torch.Tensor, max_len: int | None = None):
        """Likeliest token at each step, for a batch; returns ids (B, L) and attention (B, L, S)."""
        max_len = max_len or self.max_target
        enc, enc_proj, mask, state = self.encode(source)
        prev = torch.full((source.size(0),), BOS, dtype=torch.long, device=source.device)
        ids, attn = [], []
        for _ in range(max_len):
            logp, state, w = self.decode_step(prev, state, enc, enc_proj, mask)
            prev = logp.argmax(-1)
            ids.append(prev)
            attn.append(w)
        return torch.stack(ids, 1), torch.stack(attn, 1)

    @torch.no_grad()
    def beam_search(self, source: torch.Tensor, beam: int, max_len: int | None = None,
                    length_penalty: float = 0.0) -> tuple[list[int], float]:
        """Best output for ONE source sequence (1, S) by beam search: (token ids, log-prob).

        A hypothesis is finished when it emits EOS or reaches ``max_len`` tokens. Search stops
        when no unfinished hypothesis can beat the best finished one (log-probs only fall as a
        sequence grows), so a beam as wide as the number of hypotheses is exact.
        ``length_penalty`` alpha > 0 ranks finished outputs by score / length^alpha.
        """
        max_len = max_len or self.max_target
        enc, enc_proj, mask, state = self.encode(source)
        alive = [([], 0.0)]                            # (tokens, total log-prob)
        states = state                                 # one row per alive hypothesis
        finished: list[tuple[list[int], float]] = []

        def rank(h):
            return h[1] / (max(1, len(h[0])) ** length_penalty) if length_penalty else h[1]

        for step in range(max_len):
            n = len(alive)
            prev = torch.tensor([h[0][-1] if h[0] else BOS for h in alive], device=source.device)
            logp, new_states, _ = self.decode_step(prev, states, enc.expand(n, -1, -1),
                                                   enc_proj.expand(n, -1, -1), mask.expand(n, -1))
            totals = torch.tensor([h[1] for h in alive], device=logp.device)[:, None] + logp
            logp_flat = totals.view(-1)
            k = min(beam, logp_flat.numel())
            top = torch.topk(logp_flat, k)
            candidates, rows = [], []
            for score, flat in zip(top.values.tolist(), top.indices.tolist()):
                row, token = divmod(flat, logp.size(1))
                tokens = alive[row][0] + [token]
                if token == EOS or step == max_len - 1:
                    finished.append((tokens, score))
                else:
                    candidates.append((tokens, score))
                    rows.append(row)
            if not candidates:
                break
            best_done = max((rank(h) for h in finished), default=-math.inf)
            if length_penalty == 0 and max(s for _, s in candidates) <= best_done:
                break
            alive, states = candidates, new_states[rows]
        tokens, score = max(finished, key=rank)
        return tokens, score

    @torch.no_grad()
    def sequence_logprob(self, source: torch.Tensor, tokens: list[int]) -> float:
        """log p(tokens | source) for ONE source (1, S), by teacher forcing."""
        enc, enc_proj, mask, state = self.encode(source)
        prev, total = BOS, 0.0
        for token in tokens:
            logp, state, _ = self.decode_step(torch.tensor([prev], device=source.device), state,
                                              enc, enc_proj, mask)
            total += float(logp[0, token])
            prev = token
        return total

    # -- evaluation -----------------------------------------------------------------------------
    @torch.no_grad()
    def evaluate(self, batches, final: bool = False, beam: int | None = None, **options) -> dict[str, float]:
        """Loss, exact-match accuracy and BLEU of greedy decoding; at the end also with beam search."""
        beam = beam if beam is not None else (self.config.beam if final else 1)
        loss_sum, tokens, correct, count = 0.0, 0, 0, 0
        beam_correct = 0
        hyps, refs, beam_hyps = [], [], []
        for source, target, *_ in batches:
            n_tok = int((target[:, 1:] != PAD).sum())
            loss_sum += float(self.loss((source, target)).loss) * n_tok
            tokens += n_tok
            ids, _ = self.greedy(source)
            for i in range(source.size(0)):
                hyp, ref = self.tgt_vocab.decode(ids[i]), self.tgt_vocab.decode(target[i, 1:])
                hyps.append(hyp)
                refs.append(ref)
                correct += hyp == ref
                if beam > 1:
                    out, _ = self.beam_search(source[i:i + 1], beam)
                    beam_hyps.append(self.tgt_vocab.decode(out))
                    beam_correct += beam_hyps[-1] == ref
            count += source.size(0)
        metrics = {"loss": loss_sum / max(tokens, 1), "accuracy": correct / max(count, 1),
                   "bleu": corpus_bleu([list(h) for h in hyps], [list(r) for r in refs])}
        if beam > 1:
            metrics["beam_accuracy"] = beam_correct / max(count, 1)
            metrics["beam_bleu"] = corpus_bleu([list(h) for h in beam_hyps], [list(r) for r in refs])
        return metrics

    # -- using the model --------------------------------------------------------------------------
    def _source(self, text: str) -> torch.Tensor:
        ids = self.src_vocab.encode(text.lower())
        if not ids:
            raise ConfigError("the source text is empty")
        return torch.tensor([ids], device=self.device)

    @torch.no_grad()
    def predict(self, text: str, beam: int = 1) -> str:
        source = self._source(text)
        if beam == 1:
            ids, _ = self.greedy(source)
            return self.tgt_vocab.decode(ids[0])
        return self.tgt_vocab.decode(self.beam_search(source, beam)[0])

    @torch.no_grad()
    def attention_heatmap(self, text: str, path: Path) -> Path:
        source = self._source(text)
        ids, attn = self.greedy(source)
        out = self.tgt_vocab.decode(ids[0])
        L = len(out) + 1 if len(out) < ids.size(1) else len(out)  # include the EOS row
        plot_attention(attn[0, :L, :source.size(1)].cpu(), list(text.lower()),
                       list(out) + ["</s>"][: L - len(out)], Path(path))
        return Path(path)

    def write_artefacts(self, batch, generator, folder: Path, step: int) -> list[Path]:
        paths = []
        folder.mkdir(parents=True, exist_ok=True)
        source = batch[0]
        for i in range(min(self.config.heatmaps, source.size(0))):
            text = "".join(self.src_vocab.itos[int(t)] for t in source[i] if int(t) != PAD)
            paths.append(self.attention_heatmap(text, folder / f"attention-{i}-step-{step:08d}.png"))
        return paths


def plot_attention(weights: torch.Tensor, source: list[str], target: list[str], path: Path) -> None:
    """Rows: output characters; columns: input characters; colour: attention weight."""
    from matplotlib.figure import Figure  # no pyplot: no display needed, a notebook's backend kept

    fig = Figure(figsize=(max(4, 0.28 * len(source) + 1.5), max(3, 0.3 * len(target) + 1.2)))
    ax = fig.subplots()
    ax.imshow(weights.numpy(), cmap="viridis", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(source)), [c if c != " " else "␣" for c in source], fontsize=8)
    ax.set_yticks(range(len(target)), target, fontsize=8)
    ax.set_xlabel("input")
    ax.set_ylabel("output")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def ngrams(tokens: list, n: int) -> Counter:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def corpus_bleu(hypotheses: list[list], references: list[list], max_n: int = 4) -> float:
    """Corpus BLEU (Papineni et al., 2002), one reference per hypothesis, in [0, 1].

    The geometric mean of the modified n-gram precisions p_1..p_4 (each n-gram of a hypothesis
    counts at most as often as it occurs in its reference; counts summed over the corpus),
    times the brevity penalty exp(1 - r/c) when the hypotheses (c tokens) are shorter than the
    references (r tokens). No smoothing: a corpus with no matching 4-gram scores 0.
    """
    matches, totals = [0] * max_n, [0] * max_n
    hyp_len = ref_len = 0
    for hyp, ref in zip(hypotheses, references):
        hyp_len += len(hyp)
        ref_len += len(ref)
        for n in range(1, max_n + 1):
            h, r = ngrams(hyp, n), ngrams(ref, n)
            matches[n - 1] += sum(min(c, r[g]) for g, c in h.items())
            totals[n - 1] += max(0, len(hyp) - n + 1)
    if min(matches) == 0 or hyp_len == 0:
        return 0.0
    log_p = sum(math.log(m / t) for m, t in zip(matches, totals)) / max_n
    brevity = 1.0 if hyp_len > ref_len else math.exp(1 - ref_len / hyp_len)
    return brevity * math.exp(log_p)
