"""Recurrent language models: vanilla RNN, GRU and LSTM (Karpathy's char-rnn, 2015).

The idea: read the text one token at a time and keep a hidden state h_t that summarises
everything read so far; predict the next token from h_t. The three cells differ in how they
update the state:

- ``rnn`` (Elman, 1990): h_t = tanh(W x_t + U h_{t-1} + b). Gradients through many steps are
  products of many Jacobians, so they vanish or explode: it forgets after a few dozen steps.
- ``lstm`` (Hochreiter & Schmidhuber, 1997): a separate cell state c_t is updated *additively*,
  c_t = f * c_{t-1} + i * g, with input, forget and output gates in (0, 1). The additive path
  lets gradients flow across long spans.
- ``gru`` (Cho et al., 2014): two gates (update, reset) and no separate cell; fewer weights than
  an LSTM and often as good.

Training uses truncated backpropagation through time (TBPTT): each training window of
``block_size`` tokens is read in chunks of ``bptt`` tokens; the hidden state flows from one
chunk into the next, but the gradient is cut at chunk boundaries (``detach``), so the cost of
backpropagation stays bounded however long the window. With ``bptt >= block_size`` it is plain
BPTT over the window.
"""

from __future__ import annotations

from typing import Literal

import torch
from pydantic import Field
from torch import nn

from genlab.models.base import DataInfo
from genlab.models.lm import LanguageModel, LanguageModelConfig


class CharRNNConfig(LanguageModelConfig):
    name: Literal["char-rnn"] = "char-rnn"
    cell: Literal["rnn", "gru", "lstm"] = "lstm"
    n_layer: int = Field(2, ge=1)
    hidden: int = Field(256, ge=1)
    embed: int = Field(64, ge=1, description="size of the token embedding fed to the first layer")
    dropout: float = Field(0.0, ge=0, lt=1, description="between layers")
    bptt: int = Field(64, ge=1, description="tokens per truncated-BPTT chunk")


class CharRNN(LanguageModel):
    Config = CharRNNConfig

    def __init__(self, config: CharRNNConfig, data: DataInfo):
        super().__init__(config, data)
        c = config
        self.embed = nn.Embedding(data.num_classes, c.embed)
        cell = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}[c.cell]
        self.rnn = cell(c.embed, c.hidden, num_layers=c.n_layer, batch_first=True,
                        dropout=c.dropout if c.n_layer > 1 else 0.0)
        self.head = nn.Linear(c.hidden, data.num_classes)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        """Logits at every position; the window is read in TBPTT chunks from a zero state."""
        state, outputs = None, []
        for chunk in idx.split(self.config.bptt, dim=1):
            out, state = self.rnn(self.embed(chunk), state)
            outputs.append(out)
            state = detach(state)  # the gradient stops here; the information does not
        return self.head(torch.cat(outputs, 1))

    def export_graph(self):
        from genlab.export.graph import sequence_graph

        # one pass over the window: forward's TBPTT chunks cut gradients, not values, and a
        # chunk count that depends on the length would fix the exported length
        return sequence_graph(self, "character-level LSTM", lambda idx: self.head(self.rnn(self.embed(idx))[0]))

    def step(self, idx: torch.Tensor, state=None):
        """Feed ``idx`` (the whole prompt, or one new token) and return the next logits."""
        out, state = self.rnn(self.embed(idx), state)
        return self.head(out[:, -1]), state


def detach(state):
    if state is None:
        return None
    if isinstance(state, tuple):  # an LSTM's (h, c)
        return tuple(s.detach() for s in state)
    return state.detach()
